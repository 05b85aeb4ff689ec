"""Reading an upload without ever holding more than the limit (plus one byte) in memory.

Both readers ask for chunks no larger than what is still allowed plus one byte, so a stream that is too
large is refused as soon as that one extra byte arrives, however long the rest of it is. The chat layer
reads with ``max_upload_bytes()`` (the largest any kind allows); ``check_upload`` then applies the limit
of the kind the content turns out to be.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol

from kefu.attachments import refusals

__all__ = ["CHUNK_BYTES", "Readable", "read_limited", "read_limited_async"]

#: How much is asked for at a time.
CHUNK_BYTES = 64 * 1024


class Readable(Protocol):
    """Anything with ``read(n) -> bytes``: a file, ``BytesIO``, ``UploadFile.file``."""

    def read(self, size: int, /) -> bytes: ...


def read_limited(stream: Readable, limit: int, *, chunk_bytes: int = CHUNK_BYTES) -> bytes:
    """All of ``stream`` if it holds at most ``limit`` bytes; otherwise ``upload_too_large``, raised after
    reading at most ``limit + 1`` bytes."""
    _check_arguments(limit, chunk_bytes)
    parts: list[bytes] = []
    total = 0
    while chunk := stream.read(min(chunk_bytes, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            raise refusals.too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


async def read_limited_async(
    read: Callable[[int], Awaitable[bytes]], limit: int, *, chunk_bytes: int = CHUNK_BYTES
) -> bytes:
    """``read_limited`` for an async ``read(n)``, such as Starlette's ``UploadFile.read``."""
    _check_arguments(limit, chunk_bytes)
    parts: list[bytes] = []
    total = 0
    while chunk := await read(min(chunk_bytes, limit + 1 - total)):
        total += len(chunk)
        if total > limit:
            raise refusals.too_large(limit)
        parts.append(chunk)
    return b"".join(parts)


def _check_arguments(limit: int, chunk_bytes: int) -> None:
    if limit < 0 or chunk_bytes <= 0:
        raise ValueError("limit must be >= 0 and chunk_bytes > 0")
