"""Image dimensions read from the header bytes, before any decoder sees the file.

This is the first guard against decompression bombs (a few kilobytes of PNG that inflate to 400 million
pixels): the size is known from the PNG IHDR chunk or the JPEG SOF marker without decompressing anything,
and without touching Pillow's process-wide ``Image.MAX_IMAGE_PIXELS``. HEIF has no cheap fixed place for
it; ``images`` checks the size pillow-heif reports from the container before decoding instead.
"""

from __future__ import annotations

__all__ = ["header_size"]

#: Start-of-frame markers (baseline, progressive, lossless, arithmetic); not DHT (C4), JPG (C8), DAC (CC).
_SOF_MARKERS = frozenset({0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF})
#: Markers without a length field.
_STANDALONE = frozenset({0x01, *range(0xD0, 0xD9)})


def header_size(data: bytes, fmt: str) -> tuple[int, int] | None:
    """(width, height) from the header of a ``png`` or ``jpeg``, or None when it cannot be found there."""
    if fmt == "png":
        return _png_size(data)
    if fmt == "jpeg":
        return _jpeg_size(data)
    return None


def _png_size(data: bytes) -> tuple[int, int] | None:
    if len(data) < 24 or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def _jpeg_size(data: bytes) -> tuple[int, int] | None:
    position = 2
    while position + 4 <= len(data):
        if data[position] != 0xFF:
            return None
        marker = data[position + 1]
        if marker == 0xFF:  # fill byte
            position += 1
            continue
        if marker in _STANDALONE:
            position += 2
            continue
        if marker in (0xD9, 0xDA):  # end of image / start of scan: no frame header before it
            return None
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        if marker in _SOF_MARKERS:
            frame = data[position + 5 : position + 9]
            if len(frame) < 4:
                return None
            return int.from_bytes(frame[2:4], "big"), int.from_bytes(frame[0:2], "big")
        if length < 2:
            return None
        position += 2 + length
    return None
