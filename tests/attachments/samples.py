"""Files to upload, made on the spot: real images from Pillow (and pillow-heif), PDFs written byte by byte,
the first bytes of videos and voice messages, and the hostile ones (GPS-tagged photos, polyglots, bombs)."""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from dataclasses import replace
from typing import Any

import pillow_heif
from PIL import ExifTags, Image, ImageCms

from kefu.attachments import Limits, upload_limits

RED = (220, 20, 20)
BLUE = (20, 20, 220)

PHP = b"<?php system($_GET['c']); ?>"


def small_limits(**overrides: Any) -> Limits:
    """The shipped limits with some changed: ``images_max_side=64`` sets ``images.max_side``."""
    shipped = upload_limits()
    images = {key.removeprefix("images_"): v for key, v in overrides.items() if key.startswith("images_")}
    pdfs = {key.removeprefix("pdf_"): v for key, v in overrides.items() if key.startswith("pdf_")}
    top = {key: v for key, v in overrides.items() if not key.startswith(("images_", "pdf_"))}
    return replace(shipped, images=replace(shipped.images, **images), pdf=replace(shipped.pdf, **pdfs), **top)


def two_colours(size: tuple[int, int] = (60, 20), mode: str = "RGB") -> Image.Image:
    """Left half red, right half blue: which way up it ends shows whether the orientation was applied."""
    image = Image.new(mode, size, RED)
    image.paste(BLUE, (size[0] // 2, 0, size[0], size[1]))
    return image


def encode(image: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def jpeg(size: tuple[int, int] = (60, 20), **options: Any) -> bytes:
    return encode(two_colours(size), "JPEG", quality=90, **options)


def png(size: tuple[int, int] = (60, 20), mode: str = "RGB", **options: Any) -> bytes:
    return encode(two_colours(size, mode), "PNG", **options)


def heic(size: tuple[int, int] = (60, 20)) -> bytes:
    pillow_heif.register_heif_opener()
    return encode(two_colours(size), "HEIF", quality=90)


def camera_exif(orientation: int = 1) -> Image.Exif:
    """What a phone camera writes: make, model, time, orientation and where the photo was taken."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "Apple"
    exif[ExifTags.Base.Model] = "iPhone 15"
    exif[ExifTags.Base.DateTime] = "2026:03:01 09:30:00"
    exif[ExifTags.Base.Orientation] = orientation
    gps = exif.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (39.0, 54.0, 15.0)
    gps[ExifTags.GPS.GPSLongitudeRef] = "E"
    gps[ExifTags.GPS.GPSLongitude] = (116.0, 23.0, 30.0)
    return exif


def srgb_icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def zip_archive() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("shell.php", PHP)
    return out.getvalue()


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int = 20_000, height: int = 20_000) -> bytes:
    """A PNG header declaring ``width`` × ``height`` greyscale pixels, with a few bytes of image data:
    the header is all a bomb needs, and nothing here allocates the pixels."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    data = zlib.compress(b"\x00" * (width + 1))  # one row; a real bomb would be all rows of zeros
    return (
        b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", data) + png_chunk(b"IEND", b"")
    )


def jpeg_declaring(width: int, height: int) -> bytes:
    """A small real JPEG whose frame header claims another size."""
    data = bytearray(jpeg((16, 16)))
    sof = data.index(b"\xff\xc0")
    data[sof + 5 : sof + 9] = struct.pack(">HH", height, width)
    return bytes(data)


# -- PDFs ------------------------------------------------------------------------------------------------

PAGES = [
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
]


def pdf(catalog_extra: bytes = b"", *more_objects: bytes, head: bytes = b"") -> bytes:
    """A one-page PDF with a classic xref table; objects 1–3 are catalog, pages, page; ``more_objects``
    are 4, 5, ..."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R " + catalog_extra + b" >>", *PAGES, *more_objects]
    body = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n" + head
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref = len(body)
    body += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    body += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    body += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return body


def pdf_with_compressed_action(action: bytes) -> bytes:
    """A PDF 1.5 whose /OpenAction (object 5) sits Flate-compressed in an object stream (object 4), with an
    xref stream (object 6): the action's names never appear in the file's bytes."""
    inner = b"5 0 " + action
    packed = zlib.compress(inner)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R /OpenAction 5 0 R >>",
        *PAGES,
        b"<< /Type /ObjStm /N 1 /First 4 /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream"
        % (len(packed), packed),
    ]
    body = b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n"
    offsets = []
    for number, content in enumerate(objects, start=1):
        offsets.append(len(body))
        body += b"%d 0 obj\n%s\nendobj\n" % (number, content)
    xref_offset = len(body)
    rows = [struct.pack(">BIH", 0, 0, 65535)]
    rows += [struct.pack(">BIH", 1, offset, 0) for offset in offsets]
    rows += [struct.pack(">BIH", 2, 4, 0), struct.pack(">BIH", 1, xref_offset, 0)]
    table = b"".join(rows)
    xref = b"<< /Type /XRef /Size 7 /W [1 4 2] /Root 1 0 R /Length %d >>" % len(table)
    body += b"6 0 obj\n%s\nstream\n%s\nendstream\nendobj\n" % (xref, table)
    body += b"startxref\n%d\n%%%%EOF\n" % xref_offset
    return body


def encrypted_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.encrypt("secret", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_with_attachment() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(200, 200)
    writer.add_attachment("payload.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# -- videos and voice messages: their first bytes are what the sniffer sees ---------------------------

PAD = b"\x00" * 64


def ftyp(major: bytes, *compatible: bytes) -> bytes:
    brands = major + b"\x00\x00\x00\x00" + b"".join(compatible)
    return struct.pack(">I", 8 + len(brands)) + b"ftyp" + brands + PAD


VIDEOS = {
    "mp4": ftyp(b"isom", b"isom", b"iso2", b"avc1", b"mp41"),
    "mov": ftyp(b"qt  ", b"qt  "),
    "old.mov": b"\x00\x00\x00\x08wide" + PAD,
    "3gp": ftyp(b"3gp4", b"3gp4", b"isom"),
    "mkv": b"\x1a\x45\xdf\xa3" + PAD,
    "avi": b"RIFF\x00\x10\x00\x00AVI LIST" + PAD,
    "flv": b"FLV\x01\x05" + PAD,
    "wmv": b"\x30\x26\xb2\x75\x8e\x66\xcf\x11\xa6\xd9" + PAD,
    "ts": (b"\x47" + b"\x00" * 187) * 3,
}

VOICES = {
    "amr": b"#!AMR\n" + PAD,
    "amr-wb": b"#!AMR-WB\n" + PAD,
    "silk (WeChat)": b"\x02#!SILK_V3" + PAD,
    "silk": b"#!SILK_V3" + PAD,
    "m4a": ftyp(b"M4A ", b"M4A ", b"mp42", b"isom"),
    "mp3 (ID3)": b"ID3\x04\x00\x00\x00\x00\x00\x00" + PAD,
    "mp3 (frame)": b"\xff\xfb\x90\x64" + PAD,
    "aac": b"\xff\xf1\x50\x80" + PAD,
    "ogg": b"OggS\x00\x02" + PAD,
    "flac": b"fLaC\x00\x00\x00\x22" + PAD,
    "wav": b"RIFF\x24\x00\x00\x00WAVEfmt " + PAD,
}

REFUSED_TYPES = {
    "gif": b"GIF89a\x01\x00\x01\x00" + PAD,
    "webp": b"RIFF\x24\x00\x00\x00WEBPVP8 " + PAD,
    "avif": ftyp(b"avif", b"avif", b"mif1", b"miaf"),
    "tiff": b"II*\x00\x08\x00\x00\x00" + PAD,
    "bmp": b"BM" + PAD,
    "svg": b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
    "html": b"<!doctype html><html><script>alert(1)</script></html>",
    "php": PHP,
    "zip": zip_archive(),
    "exe": b"MZ\x90\x00\x03\x00\x00\x00" + PAD,
    "text": "我的银行卡被扣款了".encode(),
}
