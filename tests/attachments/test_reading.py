"""Uploads are read in chunks and refused as soon as they pass the limit, never read to the end."""

from __future__ import annotations

import asyncio
import io

import pytest

from kefu.attachments import max_upload_bytes, read_limited, read_limited_async
from kefu.errors import InvalidInput

MB = 1024 * 1024


class Endless:
    """A stream that never ends, counting what was asked of it."""

    def __init__(self) -> None:
        self.served = 0

    def read(self, size: int, /) -> bytes:
        self.served += size
        return b"x" * size

    async def aread(self, size: int) -> bytes:
        return self.read(size)


def test_a_stream_within_the_limit_is_read_whole() -> None:
    assert read_limited(io.BytesIO(b"a" * 1000), 1000, chunk_bytes=64) == b"a" * 1000
    assert read_limited(io.BytesIO(b""), 1000) == b""


def test_one_byte_over_the_limit_is_refused() -> None:
    with pytest.raises(InvalidInput) as refused:
        read_limited(io.BytesIO(b"a" * 1001), 1000, chunk_bytes=64)
    assert refused.value.code == "upload_too_large"


def test_an_endless_stream_is_refused_after_limit_plus_one_byte() -> None:
    stream = Endless()
    with pytest.raises(InvalidInput) as refused:
        read_limited(stream, 5 * MB)
    assert refused.value.code == "upload_too_large"
    assert stream.served == 5 * MB + 1
    assert "5 MB" in refused.value.message_en and "5 MB" in refused.value.message_zh


def test_the_async_reader_stops_the_same_way() -> None:
    stream = Endless()
    with pytest.raises(InvalidInput):
        asyncio.run(read_limited_async(stream.aread, 1000, chunk_bytes=300))
    assert stream.served == 1001


def test_the_async_reader_returns_a_small_upload() -> None:
    stream = io.BytesIO(b"screenshot")

    async def read(size: int) -> bytes:
        return stream.read(size)

    assert asyncio.run(read_limited_async(read, 100)) == b"screenshot"


def test_the_reader_limit_is_the_largest_any_kind_allows() -> None:
    assert max_upload_bytes() == 20 * MB


def test_nonsense_limits_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        read_limited(io.BytesIO(b""), -1)
