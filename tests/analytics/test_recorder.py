"""The recorder: ids at once, rows written later in order, nothing lost to a database that is not ready."""

from __future__ import annotations

import copy
import logging
import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select

from kefu.analytics import recorder as recorder_module
from kefu.analytics.recorder import Recorder
from kefu.analytics.records import ArticleView, SearchClick, SearchEvent
from kefu.store import Database

from .rows import response


@pytest.fixture
def recorder(database: Database) -> Iterator[Recorder]:
    """A recorder whose thread is not started: rows are written only by flush()."""
    found = Recorder(database)
    yield found
    found.close()


def _searches(database: Database) -> list[SearchEvent]:
    with database.session() as session:
        return list(session.scalars(select(SearchEvent).order_by(SearchEvent.created_at, SearchEvent.id)))


def _view_slugs(database: Database) -> list[str]:
    with database.session() as session:
        return list(session.scalars(select(ArticleView.slug).order_by(ArticleView.id)))


def _wait_for(condition: Callable[[], bool], seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.02)


def test_search_returns_an_id_at_once_and_writes_only_on_flush(
    database: Database, recorder: Recorder
) -> None:
    search_id = recorder.search(response(), normalized="忘记密码", channel="helpcenter", took_ms=3.5)
    assert len(search_id) == 32
    int(search_id, 16)  # hex
    assert recorder.pending == 1
    assert _searches(database) == []

    recorder.flush()

    assert recorder.pending == 0
    assert [row.id for row in _searches(database)] == [search_id]


def test_every_field_is_stored(database: Database, recorder: Recorder) -> None:
    asked = response(
        "How to RESET my pin",
        ["reset-pin", "forgot-password", "change-phone"],
        locale="en",
        confidence="ambiguous",
        score=0.42,
        query_locale="en",
    )
    before = time.time()
    search_id = recorder.search(asked, normalized="how to reset my pin", channel="api", took_ms=12.25)
    recorder.flush()

    (row,) = _searches(database)
    assert row.id == search_id
    assert row.query == "How to RESET my pin"
    assert row.normalized == "how to reset my pin"
    assert (row.locale, row.query_locale) == ("en", "en")
    assert row.result_slugs == ["reset-pin", "forgot-password", "change-phone"]
    assert row.hit_count == 3
    assert (row.confidence, row.confidence_score) == ("ambiguous", pytest.approx(0.42))
    assert row.took_ms == pytest.approx(12.25)
    assert row.channel == "api"
    created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=UTC)
    assert before - 1 <= created.timestamp() <= time.time() + 1


def test_the_shared_response_is_not_changed(recorder: Recorder) -> None:
    shared = response("退款", ["refund-time", "refund-status"])
    snapshot = copy.deepcopy(shared)
    recorder.search(shared, normalized="退款", channel="api", took_ms=1.0)
    recorder.flush()
    assert shared == snapshot


def test_rows_keep_their_order_and_timestamps_are_taken_when_recorded(
    database: Database, recorder: Recorder
) -> None:
    ids = []
    for number in range(5):
        ids.append(recorder.search(response(f"q{number}"), normalized=f"q{number}", channel="api", took_ms=1))
        time.sleep(0.002)
    time.sleep(0.05)
    flushed_at = datetime.now(UTC)
    recorder.flush()

    rows = _searches(database)
    assert [row.id for row in rows] == ids
    assert [row.query for row in rows] == [f"q{n}" for n in range(5)]
    last = rows[-1].created_at.replace(tzinfo=UTC)
    assert last < flushed_at - timedelta(milliseconds=40)


def test_long_normalized_text_and_nul_are_cut(database: Database, recorder: Recorder) -> None:
    recorder.search(response("密码\x00重置"), normalized="密" * 600, channel="helpcenter", took_ms=1)
    recorder.flush()
    (row,) = _searches(database)
    assert row.normalized == "密" * 500
    assert row.query == "密码重置"  # PostgreSQL refuses NUL in text: it would block the whole queue


def test_zero_hits_are_recorded(database: Database, recorder: Recorder) -> None:
    recorder.search(
        response("asdfgh", [], confidence="none", score=0.0), normalized="asdfgh", channel="api", took_ms=1
    )
    recorder.flush()
    (row,) = _searches(database)
    assert (row.result_slugs, row.hit_count, row.confidence) == ([], 0, "none")


def test_clicks_and_views(database: Database, recorder: Recorder) -> None:
    search_id = recorder.search(response(), normalized="忘记密码", channel="helpcenter", took_ms=1)
    recorder.click(search_id, "change-password", "zh-CN", 2)
    recorder.view("change-password", "zh-CN")
    recorder.view("reset-pin", "en")
    recorder.flush()

    with database.session() as session:
        (click,) = session.scalars(select(SearchClick))
        assert (click.search_id, click.slug, click.locale, click.rank) == (
            search_id,
            "change-password",
            "zh-CN",
            2,
        )
        views = session.execute(select(ArticleView.slug, ArticleView.locale).order_by(ArticleView.id)).all()
    assert [tuple(view) for view in views] == [("change-password", "zh-CN"), ("reset-pin", "en")]


def test_batches_are_written_in_order(database: Database) -> None:
    recorder = Recorder(database, max_batch=2)
    for number in range(7):
        recorder.view(f"article-{number}", "en")
    recorder.flush()
    assert _view_slugs(database) == [f"article-{number}" for number in range(7)]
    assert recorder.pending == 0


def test_the_writer_thread_flushes_by_itself(database: Database) -> None:
    recorder = Recorder(database, flush_interval=0.05)
    recorder.start()
    try:
        recorder.view("reset-pin", "en")
        _wait_for(lambda: _view_slugs(database) == ["reset-pin"])
    finally:
        recorder.close()


def test_start_twice_runs_one_thread(database: Database) -> None:
    recorder = Recorder(database, flush_interval=60)
    recorder.start()
    recorder.start()
    try:
        writers = [t for t in threading.enumerate() if t.name == "kefu-analytics-writer"]
        assert len(writers) == 1
        assert writers[0].daemon
    finally:
        recorder.close()
    assert not writers[0].is_alive()


def test_close_flushes_what_is_left(database: Database) -> None:
    recorder = Recorder(database, flush_interval=60)  # the thread will not tick before close()
    recorder.start()
    search_id = recorder.search(response(), normalized="忘记密码", channel="api", took_ms=1)
    recorder.view("reset-password", "zh-CN")
    recorder.close()
    assert [row.id for row in _searches(database)] == [search_id]
    assert _view_slugs(database) == ["reset-password"]


def test_many_threads_record_at_once(database: Database) -> None:
    recorder = Recorder(database, flush_interval=0.01, max_batch=50)
    recorder.start()

    def visit(worker: int) -> None:
        for number in range(100):
            recorder.view(f"w{worker}-{number}", "en")

    threads = [threading.Thread(target=visit, args=(worker,)) for worker in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    recorder.close()

    slugs = _view_slugs(database)
    assert len(slugs) == 800
    for worker in range(8):  # each thread's rows in the order it recorded them
        assert [s for s in slugs if s.startswith(f"w{worker}-")] == [f"w{worker}-{n}" for n in range(100)]


# -- failures ---------------------------------------------------------------------------------------


def test_a_database_not_ready_keeps_the_rows_for_the_next_try(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    database = Database(database_url)  # no tables yet
    recorder = Recorder(database)
    search_id = recorder.search(response(), normalized="忘记密码", channel="api", took_ms=1)
    recorder.click(search_id, "reset-password", "zh-CN", 1)
    recorder.view("reset-password", "zh-CN")

    with caplog.at_level(logging.WARNING, logger="kefu.analytics"):
        recorder.flush()
    assert recorder.pending == 3
    assert "could not write 3 rows" in caplog.text

    database.upgrade()
    recorder.flush()
    assert recorder.pending == 0
    assert [row.id for row in _searches(database)] == [search_id]
    assert _view_slugs(database) == ["reset-password"]
    with database.session() as session:
        assert session.scalar(select(func.count()).select_from(SearchClick)) == 1
    recorder.close()
    database.dispose()


def test_the_writer_thread_retries_until_the_database_is_ready(database_url: str) -> None:
    database = Database(database_url)
    recorder = Recorder(database, flush_interval=0.02)
    recorder.start()
    try:
        recorder.view("reset-pin", "en")
        time.sleep(0.15)  # several failed ticks
        assert recorder.pending == 1
        database.upgrade()
        _wait_for(lambda: recorder.pending == 0)
        assert _view_slugs(database) == ["reset-pin"]
    finally:
        recorder.close()
        database.dispose()


def test_a_failed_batch_keeps_its_place_before_newer_rows(database_url: str) -> None:
    database = Database(database_url)
    recorder = Recorder(database, max_batch=2)
    for slug in ("a", "b", "c"):
        recorder.view(slug, "en")
    recorder.flush()  # fails
    recorder.view("d", "en")
    database.upgrade()
    recorder.flush()
    assert _view_slugs(database) == ["a", "b", "c", "d"]
    recorder.close()
    database.dispose()


def test_the_queue_is_bounded_and_drops_the_oldest(
    database: Database, caplog: pytest.LogCaptureFixture
) -> None:
    recorder = Recorder(database, max_queue=3)
    for number in range(5):
        recorder.view(f"article-{number}", "en")
    assert recorder.pending == 3
    with caplog.at_level(logging.WARNING, logger="kefu.analytics"):
        recorder.flush()
    assert _view_slugs(database) == ["article-2", "article-3", "article-4"]
    assert "dropped the 2 oldest rows" in caplog.text


def test_the_bound_holds_while_the_database_is_down(database_url: str) -> None:
    database = Database(database_url)
    recorder = Recorder(database, max_queue=3)
    recorder.view("a", "en")
    recorder.view("b", "en")
    recorder.flush()  # fails, both stay
    recorder.view("c", "en")
    recorder.view("d", "en")
    assert recorder.pending == 3
    database.upgrade()
    recorder.flush()
    assert _view_slugs(database) == ["b", "c", "d"]
    recorder.close()
    database.dispose()


def test_a_row_the_database_refuses_is_dropped_alone(
    database: Database, recorder: Recorder, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    class SameId:
        hex = "f" * 32

    monkeypatch.setattr(recorder_module, "uuid4", SameId)
    recorder.view("before", "en")
    recorder.search(response("first"), normalized="first", channel="api", took_ms=1)
    recorder.search(response("second"), normalized="second", channel="api", took_ms=1)  # duplicate key
    recorder.view("after", "en")

    with caplog.at_level(logging.WARNING, logger="kefu.analytics"):
        recorder.flush()

    assert recorder.pending == 0
    assert [row.query for row in _searches(database)] == ["first"]
    assert _view_slugs(database) == ["before", "after"]
    assert "dropped a search_event row" in caplog.text


def test_recording_never_waits_for_the_writer(database: Database) -> None:
    recorder = Recorder(database)
    with recorder._write_lock:  # as if a write were stuck on a slow database
        started = time.perf_counter()
        for _ in range(1000):
            recorder.search(response(), normalized="忘记密码", channel="api", took_ms=1)
        assert time.perf_counter() - started < 1.0
    assert recorder.pending == 1000
    recorder.close()


def test_bad_settings_are_refused(database: Database) -> None:
    with pytest.raises(ValueError):
        Recorder(database, max_queue=0)
    with pytest.raises(ValueError):
        Recorder(database, flush_interval=0)
