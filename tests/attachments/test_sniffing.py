"""The format comes from the first bytes only; videos, voice, other types and polyglots are refused."""

from __future__ import annotations

import pytest

from kefu.attachments.sniffing import sniff
from kefu.errors import InvalidInput

from . import samples


def test_the_accepted_formats_are_recognised_by_content() -> None:
    assert sniff(samples.jpeg()) == "jpeg"
    assert sniff(samples.png()) == "png"
    assert sniff(samples.heic()) == "heif"
    assert sniff(samples.pdf()) == "pdf"


@pytest.mark.parametrize("name", sorted(samples.VIDEOS))
def test_videos_are_refused_with_their_own_code(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        sniff(samples.VIDEOS[name])
    assert refused.value.code == "upload_video_refused"
    assert "screenshot" in refused.value.message_en
    assert "截取关键画面" in refused.value.message_zh


@pytest.mark.parametrize("name", sorted(samples.VOICES))
def test_voice_and_audio_are_refused_with_their_own_code(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        sniff(samples.VOICES[name])
    assert refused.value.code == "upload_voice_refused"
    assert "in text" in refused.value.message_en
    assert "文字描述" in refused.value.message_zh


@pytest.mark.parametrize("name", sorted(samples.REFUSED_TYPES))
def test_other_types_are_refused(name: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        sniff(samples.REFUSED_TYPES[name])
    assert refused.value.code == "upload_type_refused"


def test_an_image_that_is_also_a_pdf_is_refused() -> None:
    both = samples.jpeg(comment=b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n")
    with pytest.raises(InvalidInput) as refused:
        sniff(both)
    assert refused.value.code == "upload_type_ambiguous"


def test_a_pdf_behind_another_header_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        sniff(b"GIF89a" + samples.pdf())
    assert refused.value.code == "upload_type_ambiguous"


def test_a_pdf_with_markup_at_its_head_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        sniff(samples.pdf(head=b"% <html><script>alert(1)</script></html>\n"))
    assert refused.value.code == "upload_type_ambiguous"


def test_a_jpeg_is_not_taken_for_mpeg_audio() -> None:
    # Both start with 0xFF; the frame-sync test must not swallow JPEG's FF D8.
    assert sniff(b"\xff\xd8\xff\xe0" + samples.PAD) == "jpeg"
