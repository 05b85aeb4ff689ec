"""Generated keys, atomic writes, and no way to name a path outside the store."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from kefu.attachments import LocalStorage, MemoryStorage, Storage
from kefu.errors import InvalidInput, NotFound


@pytest.fixture(params=["local", "memory"])
def storage(request: pytest.FixtureRequest, tmp_path: Path) -> Storage:
    return LocalStorage(tmp_path / "attachments") if request.param == "local" else MemoryStorage()


def test_put_get_delete(storage: Storage) -> None:
    key = storage.put(b"\xff\xd8jpeg bytes", suffix=".jpg")
    assert re.fullmatch(r"([0-9a-f]{2})/([0-9a-f]{2})/\1\2[0-9a-f]{28}\.jpg", key)
    assert storage.get(key) == b"\xff\xd8jpeg bytes"
    storage.delete(key)
    with pytest.raises(NotFound) as missing:
        storage.get(key)
    assert missing.value.code == "attachment_not_found"
    storage.delete(key)  # already gone: nothing happens


def test_every_put_gets_a_new_key(storage: Storage) -> None:
    assert storage.put(b"same", suffix=".png") != storage.put(b"same", suffix=".png")


@pytest.mark.parametrize(
    "key",
    [
        "../../../etc/passwd",
        "/etc/passwd",
        "ab/cd/../../../secret",
        "ab\\cd\\abcd" + "0" * 28 + ".jpg",
        "ab/cd/ef" + "0" * 30 + ".jpg",  # directories that do not match the name
        "ab/cd/abcd" + "0" * 28 + ".jpg\n",
        "ab/cd/abcd" + "0" * 28 + "/../x.jpg",
        "AB/CD/ABCD" + "0" * 28 + ".jpg",
        "",
    ],
)
def test_keys_that_could_name_another_path_are_refused(storage: Storage, key: str) -> None:
    for operation in (storage.get, storage.delete):
        with pytest.raises(InvalidInput) as refused:
            operation(key)
        assert refused.value.code == "storage_key_invalid"


@pytest.mark.parametrize("suffix", ["jpg", ".JPG", "/../x", ".jpeg.php/", ".averyverylongsuffix"])
def test_only_plain_suffixes_are_taken(storage: Storage, suffix: str) -> None:
    with pytest.raises(ValueError):
        storage.put(b"x", suffix=suffix)


def test_local_files_live_under_the_root_and_leave_no_partial_files(tmp_path: Path) -> None:
    storage = LocalStorage(tmp_path)
    key = storage.put(b"pdf bytes", suffix=".pdf")
    assert (tmp_path / key).read_bytes() == b"pdf bytes"
    assert [p.name for p in (tmp_path / key).parent.iterdir()] == [Path(key).name]


def test_a_failed_write_leaves_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def disk_full(source: str, target: str) -> None:
        raise OSError("no space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(OSError):
        LocalStorage(tmp_path).put(b"bytes", suffix=".jpg")
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]
