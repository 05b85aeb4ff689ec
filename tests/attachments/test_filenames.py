"""Names are cleaned for display and sent back per RFC 6266 / 5987."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from kefu.attachments import clean_filename, content_disposition


def test_a_chinese_name_gets_an_ascii_fallback_and_a_utf8_filename_star() -> None:
    header = content_disposition("银行扣款截图.png", inline=True)
    assert header.startswith('inline; filename="attachment.png"; ')
    encoded = header.split("filename*=UTF-8''", 1)[1]
    assert encoded.isascii() and unquote(encoded) == "银行扣款截图.png"


def test_a_mixed_name_keeps_its_ascii_part_in_the_fallback() -> None:
    header = content_disposition("账单 March.pdf", inline=False)
    assert header.startswith("attachment; filename=\"March.pdf\"; filename*=UTF-8''")


def test_a_plain_ascii_name_needs_no_filename_star() -> None:
    assert content_disposition("receipt.jpg", inline=True) == 'inline; filename="receipt.jpg"'


def test_full_width_and_accented_letters_fold_to_ascii() -> None:
    assert 'filename="ABC cafe.jpg"' in content_disposition("ＡＢＣ café.jpg", inline=True)


@pytest.mark.parametrize("name", ['a"b.jpg', "a\r\nSet-Cookie: x=1.jpg", "a\\b.jpg", "50%.jpg"])
def test_header_breaking_characters_never_reach_the_header(name: str) -> None:
    header = content_disposition(name, inline=True)
    fallback = header.split('filename="', 1)[1].split('"', 1)[0]
    assert "\r" not in header and "\n" not in header
    assert not set(fallback) & set('"\\%')


@pytest.mark.parametrize(
    ("uploaded", "extension", "shown"),
    [
        ("IMG_0001.HEIC", ".jpg", "IMG_0001.jpg"),
        ("invoice.php.jpg", ".jpg", "invoice_php.jpg"),
        ("../../etc/passwd", ".png", "passwd.png"),
        ("C:\\Users\\me\\截图 2026.png", ".png", "截图 2026.png"),
        ("report\u202egpj.exe", ".pdf", "reportgpj.pdf"),
        ("  .hidden  ", ".png", "hidden.png"),
        ("", ".jpg", "image.jpg"),
        ("...", ".pdf", "image.pdf"),
        ('a<b>c:d"e|f?g*h;.png', ".png", "a_b_c_d_e_f_g_h.png"),
    ],
)
def test_clean_filename(uploaded: str, extension: str, shown: str) -> None:
    assert clean_filename(uploaded, extension, "image") == shown


def test_a_long_name_is_shortened() -> None:
    assert clean_filename("截" * 300 + ".png", ".png", "image") == "截" * 80 + ".png"
