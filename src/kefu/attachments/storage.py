"""Where checked attachment bytes are kept: the ``Storage`` protocol and its local-disk implementation.

A key is generated, never derived from the upload: ``ab/cd/abcd…(32 hex).jpg``, a uuid4 in two levels of
directories (256 × 256, so no directory grows huge). Every key handed back in is matched against exactly
that shape before it touches the file system, so ``../``, absolute paths, backslashes and the like are
refused (``storage_key_invalid``) rather than resolved. An S3 (or other) backend implements the same three
methods with the same keys.

``LocalStorage`` writes to a temporary file in the target directory, fsyncs it, then ``os.replace``s it
into place: a reader sees the whole file or none. ``MemoryStorage`` keeps bytes in a dict, for tests and
throwaway setups.
"""

from __future__ import annotations

import os
import re
import tempfile
import uuid
from pathlib import Path
from typing import Protocol

from kefu.errors import InvalidInput, NotFound

__all__ = ["LocalStorage", "MemoryStorage", "Storage", "check_key", "new_key"]

_KEY = re.compile(r"(?P<a>[0-9a-f]{2})/(?P<b>[0-9a-f]{2})/(?P=a)(?P=b)[0-9a-f]{28}(?:\.[a-z0-9]{1,8})?")
_SUFFIX = re.compile(r"(?:\.[a-z0-9]{1,8})?")


class Storage(Protocol):
    def put(self, data: bytes, *, suffix: str) -> str:
        """Keep ``data`` under a new generated key ending in ``suffix`` (".jpg", or "") and return it."""
        ...

    def get(self, key: str) -> bytes:
        """The bytes under ``key``; ``NotFound`` if there are none."""
        ...

    def delete(self, key: str) -> None:
        """Remove ``key``; nothing happens if it is already gone."""
        ...


def new_key(suffix: str) -> str:
    """A fresh random key: ``ab/cd/abcd<28 hex><suffix>``."""
    if not _SUFFIX.fullmatch(suffix):
        raise ValueError(f"suffix must be empty or a dot and 1-8 lowercase letters or digits: {suffix!r}")
    name = uuid.uuid4().hex
    return f"{name[:2]}/{name[2:4]}/{name}{suffix}"


def check_key(key: str) -> str:
    """``key`` if it has the shape ``new_key`` makes; ``InvalidInput`` otherwise."""
    if not isinstance(key, str) or not _KEY.fullmatch(key):
        raise InvalidInput(
            "This attachment reference is not valid.",
            "附件标识无效。",
            code="storage_key_invalid",
        )
    return key


def _not_found() -> NotFound:
    return NotFound(
        "This attachment is no longer available.",
        "该附件已不存在。",
        code="attachment_not_found",
    )


class LocalStorage:
    """Files under ``root`` (created on first write)."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def put(self, data: bytes, *, suffix: str) -> str:
        key = new_key(suffix)
        path = self._path(key)
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=".partial-")
        try:
            with os.fdopen(descriptor, "wb") as file:
                file.write(data)
                file.flush()
                os.fsync(file.fileno())
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        try:
            return self._path(key).read_bytes()
        except FileNotFoundError as error:
            raise _not_found() from error

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def _path(self, key: str) -> Path:
        # The key's shape (hex directories, hex name) is the whole guard: nothing else can name a path.
        return self.root / check_key(key)


class MemoryStorage:
    """Bytes in a dict, with the same keys and refusals as ``LocalStorage``."""

    def __init__(self) -> None:
        self.files: dict[str, bytes] = {}

    def put(self, data: bytes, *, suffix: str) -> str:
        key = new_key(suffix)
        self.files[key] = bytes(data)
        return key

    def get(self, key: str) -> bytes:
        try:
            return self.files[check_key(key)]
        except KeyError as error:
            raise _not_found() from error

    def delete(self, key: str) -> None:
        self.files.pop(check_key(key), None)
