"""Images come out upright, capped, re-encoded, and with nothing of the upload but its pixels."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from PIL import Image

from kefu.attachments import CheckedFile, check_upload
from kefu.errors import InvalidInput

from . import samples


def opened(checked: CheckedFile) -> Image.Image:
    image = Image.open(io.BytesIO(checked.data))
    image.load()
    return image


def close_to(pixel: Any, colour: tuple[int, int, int]) -> bool:
    return all(abs(a - b) < 40 for a, b in zip(pixel[:3], colour, strict=True))


def refusal(data: bytes, name: str = "photo.jpg", **limits: Any) -> str:
    with pytest.raises(InvalidInput) as refused:
        check_upload(data, name, limits=samples.small_limits(**limits) if limits else None)
    return refused.value.code


def test_a_jpeg_is_accepted_and_stored_as_jpeg() -> None:
    checked = check_upload(samples.jpeg(), "IMG_0001.JPG")
    assert (checked.kind, checked.content_type, checked.filename) == ("image", "image/jpeg", "IMG_0001.jpg")
    assert (checked.width, checked.height) == (60, 20) == opened(checked).size


def test_gps_and_every_other_metadata_are_stripped_from_a_photo() -> None:
    upload = samples.jpeg(exif=samples.camera_exif(), icc_profile=samples.srgb_icc(), comment=b"hello")
    assert b"Exif" in upload
    checked = check_upload(upload, "photo.jpg")
    image = opened(checked)
    assert not image.getexif()
    assert not {"exif", "icc_profile", "comment", "xmp"} & set(image.info)
    assert b"Exif" not in checked.data
    assert b"\xff\xe1" not in checked.data  # no APP1 segment (EXIF / XMP) at all


def test_the_orientation_is_applied_before_the_tag_is_dropped() -> None:
    # Orientation 6: shown turned 90° clockwise, so the stored left half (red) ends up on top.
    checked = check_upload(samples.jpeg(exif=samples.camera_exif(orientation=6)), "photo.jpg")
    image = opened(checked).convert("RGB")
    assert image.size == (20, 60)
    assert close_to(image.getpixel((10, 5)), samples.RED)
    assert close_to(image.getpixel((10, 55)), samples.BLUE)


def test_a_heic_photo_becomes_a_jpeg() -> None:
    checked = check_upload(samples.heic(), "IMG_0002.HEIC")
    assert (checked.content_type, checked.filename) == ("image/jpeg", "IMG_0002.jpg")
    image = opened(checked).convert("RGB")
    assert image.size == (60, 20)
    assert close_to(image.getpixel((5, 10)), samples.RED)


def test_a_png_stays_png_and_keeps_its_transparency() -> None:
    picture = samples.two_colours(mode="RGBA")
    picture.putpixel((0, 0), (0, 0, 0, 0))
    checked = check_upload(samples.encode(picture, "PNG"), "screenshot.png")
    image = opened(checked)
    assert (checked.content_type, image.format, image.mode) == ("image/png", "PNG", "RGBA")
    assert image.getpixel((0, 0))[3] == 0
    assert image.getpixel((5, 5)) == (*samples.RED, 255)


def test_png_text_profile_and_exif_chunks_are_dropped() -> None:
    from PIL.PngImagePlugin import PngInfo

    text = PngInfo()
    text.add_text("Comment", "card 6222 0000 1111 2222")
    upload = samples.png(pnginfo=text, icc_profile=samples.srgb_icc(), exif=samples.camera_exif())
    checked = check_upload(upload, "screenshot.png")
    image = opened(checked)
    assert not image.info and not image.getexif()
    assert b"6222" not in checked.data and b"iCCP" not in checked.data and b"eXIf" not in checked.data


def test_a_jpeg_with_php_appended_comes_out_without_it() -> None:
    checked = check_upload(samples.jpeg() + samples.PHP, "photo.jpg")
    assert checked.content_type == "image/jpeg"
    assert b"<?php" not in checked.data


def test_php_hidden_in_a_jpeg_comment_is_dropped_too() -> None:
    checked = check_upload(samples.jpeg(comment=samples.PHP), "photo.jpg")
    assert b"<?php" not in checked.data


def test_a_png_with_a_zip_appended_comes_out_without_it() -> None:
    checked = check_upload(samples.png() + samples.zip_archive(), "screenshot.png")
    assert b"PK\x03\x04" not in checked.data and b"shell.php" not in checked.data


def test_a_20000_by_20000_png_is_refused_from_its_header_at_once() -> None:
    started = time.perf_counter()
    with pytest.raises(InvalidInput) as refused:
        check_upload(samples.png_bomb(), "bomb.png")
    assert time.perf_counter() - started < 0.5
    assert refused.value.code == "image_too_large"
    assert "20000 × 20000" in refused.value.message_en


def test_a_jpeg_declaring_a_huge_frame_is_refused_before_decoding() -> None:
    assert refusal(samples.jpeg_declaring(30_000, 30_000)) == "image_too_large"


def test_a_heic_with_too_many_pixels_is_refused() -> None:
    assert refusal(samples.heic(), "big.heic", images_max_pixels=1000) == "image_too_large"


def test_the_longest_side_is_capped() -> None:
    checked = check_upload(
        samples.png((200, 50)), "wide.png", limits=samples.small_limits(images_max_side=64)
    )
    assert (checked.width, checked.height) == (64, 16) == opened(checked).size


def test_a_large_jpeg_is_decoded_at_reduced_scale_and_still_turned_upright() -> None:
    upload = samples.jpeg((400, 100), exif=samples.camera_exif(orientation=6))
    checked = check_upload(upload, "photo.jpg", limits=samples.small_limits(images_max_side=64))
    assert checked.width is not None and checked.height is not None
    assert 48 <= checked.height <= 64 and checked.width < checked.height
    assert close_to(opened(checked).convert("RGB").getpixel((checked.width // 2, 3)), samples.RED)


def test_a_palette_screenshot_is_scaled_smoothly_in_colour() -> None:
    palette = samples.two_colours((200, 50)).convert("P")
    limits = samples.small_limits(images_max_side=64)
    checked = check_upload(samples.encode(palette, "PNG"), "s.png", limits=limits)
    assert opened(checked).mode == "RGB"


def test_a_cmyk_jpeg_is_stored_as_rgb() -> None:
    checked = check_upload(samples.encode(samples.two_colours().convert("CMYK"), "JPEG"), "scan.jpg")
    assert opened(checked).mode == "RGB"


def test_sixteen_bit_grey_is_scaled_not_clipped() -> None:
    grey = Image.new("I;16", (8, 8), 32768)
    checked = check_upload(samples.encode(grey, "PNG"), "grey.png")
    assert abs(opened(checked).getpixel((0, 0)) - 128) <= 1


def test_a_truncated_jpeg_is_unreadable() -> None:
    upload = samples.encode(Image.effect_noise((64, 64), 40).convert("RGB"), "JPEG")
    assert refusal(upload[: len(upload) // 2]) == "image_unreadable"


def test_a_png_with_damaged_data_is_unreadable() -> None:
    broken = samples.png_bomb(16, 16).replace(b"IDAT", b"IDAT\x00garbage", 1)
    assert refusal(broken, "broken.png") == "image_unreadable"
