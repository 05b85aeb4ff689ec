"""The live help center: the search index follows the database without a restart and is never half-built."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

from kefu.config import load_settings
from kefu.helpcenter.live import LiveHelpCenter, from_database
from kefu.kb.library import import_directory
from kefu.kb.loader import starter_dir
from kefu.search.engine import SearchEngine
from kefu.store import Database

from .articles import PARKING_EN, PARKING_ZH


def _kb(tmp_path: Path) -> Path:
    directory = tmp_path / "kb"
    shutil.copytree(starter_dir(), directory)
    return directory


def _live(database: Database, tmp_path: Path) -> LiveHelpCenter:
    settings = load_settings(data_dir=tmp_path, search_encoders=[], kb_refresh_seconds=0)
    return from_database(database, settings)


def test_index_follows_an_import_without_restart(database: Database, tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    with database.session() as session:
        import_directory(session, kb)
    live = _live(database, tmp_path)
    first = live.start()
    assert first.engine.search("parking meter", "en").confidence == "none"
    assert not live.stale() and live.check() is False

    (kb / "parking-meter.en.md").write_text(PARKING_EN, "utf-8")
    (kb / "parking-meter.zh-CN.md").write_text(PARKING_ZH, "utf-8")
    with database.session() as session:
        assert import_directory(session, kb).changed
    assert live.stale()
    assert live.check() is True
    second = live.snapshot
    assert second.revision == first.revision + 1
    assert second.engine.search("parking meter", "en").hits[0].slug == "parking-meter"
    assert second.catalog.get("parking-meter", "zh-CN") is not None
    # the old snapshot is untouched: a request that picked it up finishes on it
    assert first.catalog.get("parking-meter", "en") is None


def test_watcher_swaps_in_the_background(database: Database, tmp_path: Path) -> None:
    kb = _kb(tmp_path)
    with database.session() as session:
        import_directory(session, kb)
    live = _live(database, tmp_path)
    live.start()
    live.watch(0.05)
    try:
        (kb / "parking-meter.en.md").write_text(PARKING_EN, "utf-8")
        (kb / "parking-meter.zh-CN.md").write_text(PARKING_ZH, "utf-8")
        with database.session() as session:
            import_directory(session, kb)
        deadline = time.monotonic() + 30
        while live.snapshot.catalog.get("parking-meter", "en") is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert live.snapshot.catalog.get("parking-meter", "en") is not None
    finally:
        live.close()


def test_readers_see_the_old_snapshot_until_the_new_one_is_whole() -> None:
    revision = {"value": 1}
    release = threading.Event()
    started = threading.Event()
    built: list[int] = []

    def load() -> tuple[int, list]:
        return revision["value"], []

    def build(_articles: list) -> SearchEngine:
        if built:  # the second build blocks until the test lets it finish
            started.set()
            release.wait(10)
        built.append(1)
        return SearchEngine.build([])

    live = LiveHelpCenter(load, lambda: revision["value"], build)
    first = live.start()
    revision["value"] = 2
    worker = threading.Thread(target=live.check)
    worker.start()
    assert started.wait(10)
    assert live.snapshot is first  # mid-build: still the old, complete snapshot
    release.set()
    worker.join(10)
    assert live.snapshot.revision == 2


def test_a_failed_rebuild_keeps_serving_the_old_snapshot() -> None:
    revision = {"value": 1}

    def build(_articles: list) -> SearchEngine:
        if revision["value"] == 2:
            raise RuntimeError("encoder exploded")
        return SearchEngine.build([])

    live = LiveHelpCenter(lambda: (revision["value"], []), lambda: revision["value"], build)
    first = live.start()
    revision["value"] = 2
    assert live.check() is False
    assert live.snapshot is first
    assert live.last_error and "encoder exploded" in live.last_error
