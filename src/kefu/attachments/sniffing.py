"""What a file is, from its first bytes alone: never from its name or the Content-Type it was sent with.

``sniff(data)`` returns the format to decode with (``jpeg``, ``png``, ``heif``, ``pdf``) or raises:

- ``upload_video_refused`` for video containers (MP4/MOV/3GP by ISO brand, QuickTime atoms, Matroska/WebM,
  AVI, FLV, MPEG-PS/TS, ASF/WMV);
- ``upload_voice_refused`` for voice and audio (AMR, SILK as WeChat and QQ send it, M4A by brand, MP3/ID3,
  AAC/ADTS, Ogg, FLAC, WAV, AIFF, CAF, MIDI);
- ``upload_type_ambiguous`` when a second type shows where readers look for it: a PDF header within the
  first 1024 bytes of an image (PDF readers accept it there), or HTML/script markup at the head of a PDF;
- ``upload_type_refused`` for everything else (GIF, WebP, AVIF, TIFF, SVG, HTML, PHP, ZIP, text, ...).

A recognised signature is only the first step: images must then decode (``images``) and PDFs parse
(``pdfs``) as that format and no other.
"""

from __future__ import annotations

import re
from typing import Literal

from kefu.attachments import refusals

__all__ = ["Format", "sniff"]

Format = Literal["jpeg", "png", "heif", "pdf"]

#: PDF readers find a header anywhere in the first 1024 bytes.
_PDF_HEADER_WINDOW = 1024

_HEIF_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs"}
_HEIF_GENERIC = {b"mif1", b"msf1", b"mif2"}
_AUDIO_BRANDS = {b"M4A ", b"M4B ", b"M4P ", b"F4A ", b"F4B "}
_VIDEO_BRANDS = {b"qt  ", b"M4V ", b"M4VH", b"M4VP", b"f4v ", b"avc1", b"dash", b"msnv", b"MSNV", b"XAVC"}
_VIDEO_BRAND_PREFIXES = (b"iso", b"mp4", b"mp7", b"3g", b"mmp4", b"NDA", b"hvc")
#: QuickTime files without an ftyp box start with one of these atoms.
_QUICKTIME_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}

_AUDIO_MAGIC = (b"#!AMR", b"#!SILK", b"\x02#!SILK", b"ID3", b"OggS", b"fLaC", b"caff", b"MThd", b".snd")
_VIDEO_MAGIC = (b"\x1a\x45\xdf\xa3", b"FLV\x01", b"\x00\x00\x01\xba", b"\x00\x00\x01\xb3", b".RMF")
_ASF = b"\x30\x26\xb2\x75\x8e\x66\xcf\x11"

_MARKUP = re.compile(rb"<\s*(?:script|html|body|iframe|svg|object|embed|\?php)\b", re.IGNORECASE)


def sniff(data: bytes) -> Format:
    """The format ``data`` must decode as; raises a bilingual ``InvalidInput`` for anything refused."""
    found = _by_signature(data)
    if found == "video":
        raise refusals.video_refused()
    if found == "audio":
        raise refusals.voice_refused()
    if found is None:
        if b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
            # A PDF behind some other header: readers open it, but it is not what it says it is.
            raise refusals.type_ambiguous()
        raise refusals.type_refused()
    if found != "pdf" and b"%PDF-" in data[:_PDF_HEADER_WINDOW]:
        raise refusals.type_ambiguous()
    if found == "pdf" and _MARKUP.search(data[:_PDF_HEADER_WINDOW]):
        raise refusals.type_ambiguous()
    return found


def _by_signature(data: bytes) -> Format | Literal["video", "audio"] | None:
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data[4:8] == b"ftyp":
        return _by_brand(data)
    if data[4:8] in _QUICKTIME_ATOMS or data.startswith(_VIDEO_MAGIC) or data.startswith(_ASF):
        return "video"
    if _is_transport_stream(data):
        return "video"
    if data.startswith(b"RIFF") or data.startswith(b"FORM"):
        return _by_riff_form(data[8:12])
    if data.startswith(_AUDIO_MAGIC) or _is_mpeg_audio(data):
        return "audio"
    return None


def _by_brand(data: bytes) -> Literal["heif", "video", "audio"] | None:
    """ISO base media files (HEIC, MP4, MOV, M4A, ...) by their major and compatible brands."""
    size = int.from_bytes(data[0:4], "big")
    major = data[8:12]
    compatible = {data[i : i + 4] for i in range(16, min(size, len(data), 64) - 3, 4)}
    if major in _HEIF_BRANDS or (major in _HEIF_GENERIC and compatible & _HEIF_BRANDS):
        return "heif"
    if major in _AUDIO_BRANDS:
        return "audio"
    if major in _VIDEO_BRANDS or major.startswith(_VIDEO_BRAND_PREFIXES):
        return "video"
    return None


def _by_riff_form(form: bytes) -> Literal["video", "audio"] | None:
    if form == b"AVI ":
        return "video"
    if form in (b"WAVE", b"AIFF", b"AIFC"):
        return "audio"
    return None


def _is_transport_stream(data: bytes) -> bool:
    """MPEG-TS: a sync byte every 188 bytes."""
    return len(data) > 376 and data[0] == data[188] == data[376] == 0x47


def _is_mpeg_audio(data: bytes) -> bool:
    """An MP3 frame header or an AAC ADTS header (11 or 12 sync bits, then valid version and layer)."""
    if len(data) < 3 or data[0] != 0xFF:
        return False
    if data[1] & 0xF6 == 0xF0:  # ADTS
        return True
    version = (data[1] >> 3) & 0b11
    layer = (data[1] >> 1) & 0b11
    bitrate = data[2] >> 4
    return data[1] & 0xE0 == 0xE0 and version != 0b01 and layer != 0 and bitrate != 0b1111
