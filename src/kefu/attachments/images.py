"""Images: decode only as the sniffed format, refuse bombs before decoding, re-encode without metadata.

``reencode(data, fmt, limits)`` does, in order:

1. the declared size (PNG IHDR / JPEG SOF from ``dimensions``, the HEIF container via pillow-heif) against
   ``max_pixels``: a bomb is refused before a single pixel is inflated (``image_too_large``);
2. ``Image.open`` restricted to the sniffed format (JPEG, which includes MPO; PNG; HEIF), then a full
   decode: a truncated or corrupt file is ``image_unreadable``;
3. the EXIF orientation applied to the pixels, in place (HEIF is already upright: libheif applies its
   transforms);
4. the longest side capped at ``max_side`` (Lanczos), before the steps below so they work on the smaller
   image; a large JPEG is decoded at a reduced DCT scale to begin with (longest side ≥ 3/4 ``max_side``);
5. an embedded ICC profile (Display P3 from iPhones, CMYK) converted to sRGB, so colours survive the
   profile being dropped;
6. the pixels copied into a fresh image with no ``info`` at all, then encoded. Nothing of the upload but
   its pixels survives: no EXIF (GPS, camera, time), XMP, ICC, comments, text chunks, thumbnails, extra
   frames, and no bytes after the image data (the payload of a JPEG+PHP or PNG+ZIP polyglot).

Output: JPEG and HEIF become JPEG (``jpeg_quality``), flattened on white if they carry alpha. PNG stays
PNG (lossless, so the text of a screenshot stays sharp), keeping its transparency. Decoding a large photo
takes up to ~1.5 s of CPU (48 MP): async callers should run ``check_upload`` in a worker thread.
"""

from __future__ import annotations

import contextlib
import io
from dataclasses import dataclass
from functools import cache

import pillow_heif
from PIL import Image, ImageCms, ImageOps

from kefu.attachments import refusals
from kefu.attachments.dimensions import header_size
from kefu.attachments.limits import ImageLimits

__all__ = ["Reencoded", "reencode"]

#: The Pillow formats each sniffed format may be opened as (an iPhone JPEG is often MPO).
_PILLOW_FORMATS = {"jpeg": ["JPEG", "MPO"], "png": ["PNG"], "heif": ["HEIF"]}


@dataclass(frozen=True)
class Reencoded:
    data: bytes
    content_type: str
    extension: str
    width: int
    height: int


def reencode(data: bytes, fmt: str, limits: ImageLimits) -> Reencoded:
    """``data`` (sniffed as ``fmt``) decoded and written again as a clean JPEG or PNG."""
    _check_pixels(_declared_size(data, fmt), limits)
    picture = _decoded(data, fmt, limits)
    _upright(picture)
    picture = _in_srgb(_capped(picture, limits.max_side))
    as_png = fmt == "png"
    picture = _bare(_for_png(picture) if as_png else _for_jpeg(picture))
    out = io.BytesIO()
    if as_png:
        picture.save(out, "PNG", compress_level=6)
        return Reencoded(out.getvalue(), "image/png", ".png", *picture.size)
    picture.save(out, "JPEG", quality=limits.jpeg_quality, optimize=True)
    return Reencoded(out.getvalue(), "image/jpeg", ".jpg", *picture.size)


def _declared_size(data: bytes, fmt: str) -> tuple[int, int] | None:
    if fmt != "heif":
        return header_size(data, fmt)
    try:
        # Parses the container only; nothing is decoded until an image's data is asked for.
        return pillow_heif.open_heif(io.BytesIO(data)).size
    except Exception as error:  # libheif reports damage as several exception types
        raise refusals.image_unreadable() from error


def _check_pixels(size: tuple[int, int] | None, limits: ImageLimits) -> None:
    if size is None:
        return
    width, height = size
    if width <= 0 or height <= 0:
        raise refusals.image_unreadable()
    if width * height > limits.max_pixels:
        raise refusals.image_too_large(size, limits.max_pixels)


@cache
def _heif_opener() -> None:
    """Teach Pillow to open HEIF, once per process, on first use rather than at import."""
    pillow_heif.register_heif_opener()


def _decoded(data: bytes, fmt: str, limits: ImageLimits) -> Image.Image:
    if fmt == "heif":
        _heif_opener()
    try:
        image = Image.open(io.BytesIO(data), formats=_PILLOW_FORMATS[fmt])
    except Image.DecompressionBombError as error:
        raise refusals.image_too_large(None, limits.max_pixels) from error
    except Exception as error:  # Pillow and its plugins raise OSError, SyntaxError, ValueError, ...
        raise refusals.image_unreadable() from error
    # The header check above covers PNG and JPEG; this covers anything it could not read.
    _check_pixels(image.size, limits)
    try:
        if fmt == "jpeg":
            _draft(image, limits.max_side)
        image.load()
    except Exception as error:
        raise refusals.image_unreadable() from error
    return image


def _draft(image: Image.Image, max_side: int) -> None:
    """Let libjpeg decode a large photo at 1/2, 1/4 or 1/8 scale when that still leaves a longest side of
    at least 3/4 of ``max_side``: a 48 MP photo then takes 36 MB to decode instead of 144 MB."""
    longest = max(image.size)
    if longest <= max_side:
        return
    least = max_side * 3 // 4
    image.draft(None, (max(1, image.width * least // longest), max(1, image.height * least // longest)))


def _upright(image: Image.Image) -> None:
    # A damaged EXIF block: keep the pixels as they are rather than refuse the photo.
    with contextlib.suppress(Exception):
        ImageOps.exif_transpose(image, in_place=True)


def _in_srgb(image: Image.Image) -> Image.Image:
    icc = image.info.get("icc_profile")
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        mode = "RGBA" if image.mode == "RGBA" else "RGB"
        srgb = ImageCms.createProfile("sRGB")
        in_place = mode == image.mode  # spares a copy of a large photo
        converted = ImageCms.profileToProfile(image, source, srgb, outputMode=mode, inPlace=in_place)
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image  # a profile that does not fit the pixels: use them as they are
    return converted or image


def _for_jpeg(image: Image.Image) -> Image.Image:
    if image.mode in ("L", "RGB"):
        return image
    if image.has_transparency_data:
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return _gray_8bit(image) if image.mode.startswith("I") else image.convert("RGB")


def _for_png(image: Image.Image) -> Image.Image:
    if image.has_transparency_data:
        return image if image.mode in ("RGBA", "LA") else image.convert("RGBA")
    if image.mode in ("1", "L", "P", "RGB"):
        return image
    return _gray_8bit(image) if image.mode.startswith("I") else image.convert("RGB")


def _gray_8bit(image: Image.Image) -> Image.Image:
    """16-bit greyscale scaled to 8 bits (a plain convert would clip everything above 255 to white)."""
    return image.convert("I").point(lambda value: value / 256).convert("L")


def _capped(image: Image.Image, max_side: int) -> Image.Image:
    """Scaled down (in place where possible) to fit ``max_side``; first, so that later steps work on the
    smaller image."""
    if max(image.size) <= max_side:
        return image
    if image.mode.startswith("I"):
        image = _gray_8bit(image)
    elif image.mode in ("1", "P", "PA"):
        # Pillow resizes these with nearest-neighbour only; text would come out jagged.
        image = image.convert("RGBA" if image.has_transparency_data else "RGB")
    image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    return image


def _bare(image: Image.Image) -> Image.Image:
    """The same pixels in a new image with an empty ``info``: encoders fall back to ``info`` for ICC
    profiles (PNG) and comments (JPEG), so clearing the save arguments alone is not enough."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image, (0, 0))
    if image.mode == "P":
        bare.putpalette(image.getpalette() or [])
    return bare
