"""check_upload decides by content alone; check_batch applies the per-send counts."""

from __future__ import annotations

import hashlib

import pytest

from kefu.attachments import check_batch, check_upload
from kefu.attachments import refusals as refusal_texts
from kefu.errors import InvalidInput

from . import samples


def test_the_name_decides_nothing() -> None:
    checked = check_upload(samples.jpeg(), "statement.pdf")
    assert (checked.kind, checked.content_type, checked.filename) == ("image", "image/jpeg", "statement.jpg")


def test_a_php_script_named_like_a_photo_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(samples.PHP, "shell.php.jpg")
    assert refused.value.code == "upload_type_refused"


def test_php_behind_a_jpeg_signature_does_not_decode() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(b"\xff\xd8\xff\xe0" + samples.PHP, "shell.php.jpg")
    assert refused.value.code == "image_unreadable"


def test_an_empty_upload_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_upload(b"", "photo.jpg")
    assert refused.value.code == "upload_empty"


def test_each_kind_has_its_own_size_limit() -> None:
    limits = samples.small_limits(images_max_bytes=4096, pdf_max_bytes=8192)
    with pytest.raises(InvalidInput) as refused:
        check_upload(samples.jpeg() + b"\x00" * 5000, "photo.jpg", limits=limits)
    assert refused.value.code == "upload_too_large"
    assert "Images can be up to" in refused.value.message_en
    with pytest.raises(InvalidInput) as refused:
        check_upload(samples.pdf() + b"\x00" * 9000, "statement.pdf", limits=limits)
    assert refused.value.code == "upload_too_large"
    assert "PDF files can be up to" in refused.value.message_en


def test_the_checksum_and_size_describe_the_stored_bytes() -> None:
    checked = check_upload(samples.jpeg() + samples.PHP, "photo.jpg")
    assert checked.sha256 == hashlib.sha256(checked.data).hexdigest()
    assert checked.size == len(checked.data)
    assert checked.suffix == ".jpg"


def test_nine_images_may_be_sent_at_once_but_not_ten() -> None:
    check_batch(9, 0)
    with pytest.raises(InvalidInput) as refused:
        check_batch(10, 0)
    assert refused.value.code == "upload_too_many"
    assert "9" in refused.value.message_en and "9" in refused.value.message_zh


def test_pdfs_and_the_total_are_counted_too() -> None:
    check_batch(6, 3)
    for images, pdfs in [(0, 4), (7, 3)]:
        with pytest.raises(InvalidInput) as refused:
            check_batch(images, pdfs)
        assert refused.value.code == "upload_too_many"


def test_a_send_with_no_file_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        check_batch(0, 0)
    assert refused.value.code == "upload_empty"


def test_every_refusal_speaks_both_languages() -> None:
    made = [
        refusal_texts.empty(),
        refusal_texts.no_files(),
        refusal_texts.too_large(10 * 1024 * 1024, "image"),
        refusal_texts.too_many(9, 3, 9),
        refusal_texts.type_refused(),
        refusal_texts.type_ambiguous(),
        refusal_texts.video_refused(),
        refusal_texts.voice_refused(),
        refusal_texts.image_too_large((1, 2), 50_000_000),
        refusal_texts.image_unreadable(),
        refusal_texts.pdf_unreadable(),
        refusal_texts.pdf_too_many_pages(500),
        refusal_texts.pdf_encrypted(),
        refusal_texts.pdf_active_content(["/JS"]),
    ]
    for error in made:
        assert error.code != "invalid_input"
        assert error.message_en != error.message_zh
        assert any("\u4e00" <= char <= "\u9fff" for char in error.message_zh)
