"""The analytics recorder: searches, result clicks and article views, written off the request path.

A request only appends a row to an in-memory queue (a lock held for one ``append``; never any I/O), so a
slow or unavailable database never slows a search down. A daemon thread writes the queue every
``flush_interval`` seconds in batches of at most ``max_batch`` rows, one transaction per batch.

What can go wrong, and what happens then:

- The database is down or not migrated yet: the batch goes back to the front of the queue (order kept)
  and is tried again on the next tick. Nothing is lost until the queue is full.
- The queue is full (more than ``max_queue`` rows waiting): the oldest rows are dropped so memory stays
  bounded; the writer logs how many on its next tick.
- A row the database refuses whatever happens (a constraint or data error): the batch is written row by
  row and only the refused rows are dropped and logged, so one bad row cannot block every later one.

Analytics are best effort by design: losing a few rows at shutdown or in a long outage is acceptable,
slowing or failing a customer's search is not.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from typing import Any
from uuid import uuid4

from sqlalchemy import insert
from sqlalchemy.exc import DataError, IntegrityError

from kefu.analytics.records import ArticleView, SearchClick, SearchEvent
from kefu.search.results import SearchResponse
from kefu.store import Database, utcnow

__all__ = ["Recorder"]

log = logging.getLogger("kefu.analytics")

#: One queued row: the table's model and the column values.
_Row = tuple[type[SearchEvent] | type[SearchClick] | type[ArticleView], dict[str, Any]]

#: Errors that mean "this row can never be written" rather than "the database cannot write right now".
_REFUSED = (DataError, IntegrityError)


class Recorder:
    """Queues analytics rows from any thread and writes them from one background thread."""

    def __init__(
        self,
        database: Database,
        *,
        flush_interval: float = 1.0,
        max_batch: int = 1000,
        max_queue: int = 100_000,
    ) -> None:
        if flush_interval <= 0 or max_batch < 1 or max_queue < 1:
            raise ValueError("flush_interval must be > 0, max_batch and max_queue >= 1")
        self.database = database
        self.flush_interval = flush_interval
        self.max_batch = max_batch
        self.max_queue = max_queue
        self._queue: deque[_Row] = deque()
        self._lock = threading.Lock()  # guards the three below; held only for list operations
        self._write_lock = threading.Lock()  # one writer at a time (the thread or flush()), so order holds
        self._dropped = 0
        self._writing = 0  # rows taken off the queue by the writer and not yet settled
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def pending(self) -> int:
        """How many rows wait to be written (including a batch being written right now)."""
        with self._lock:
            return len(self._queue) + self._writing

    def start(self) -> None:
        """Start the writer thread (a second call does nothing)."""
        with self._lock:
            if self._thread is not None:
                return
            self._stop.clear()
            self._thread = threading.Thread(target=self._run, name="kefu-analytics-writer", daemon=True)
            self._thread.start()

    def search(self, response: SearchResponse, *, normalized: str, channel: str, took_ms: float) -> str:
        """Queue one search and return its new id (32 hex characters) for click and feedback tracking.

        ``response`` may be shared between requests (the search cache): it is only read.
        """
        search_id = uuid4().hex
        slugs = [_text(hit.slug, 200) for hit in response.hits]
        self._enqueue(
            SearchEvent,
            {
                "id": search_id,
                "created_at": utcnow(),
                "query": _text(response.query),
                "normalized": _text(normalized, 500),
                "locale": _text(response.locale, 16),
                "query_locale": _text(response.query_locale, 16),
                "result_slugs": slugs,
                "hit_count": len(slugs),
                "confidence": _text(response.confidence, 16),
                "confidence_score": float(response.confidence_score),
                "took_ms": float(took_ms),
                "channel": _text(channel, 32),
            },
        )
        return search_id

    def click(self, search_id: str, slug: str, locale: str, rank: int) -> None:
        """Queue a click on the result at 1-based ``rank`` of search ``search_id``."""
        self._enqueue(
            SearchClick,
            {
                "search_id": _text(search_id, 32),
                "slug": _text(slug, 200),
                "locale": _text(locale, 16),
                "rank": int(rank),
                "created_at": utcnow(),
            },
        )

    def view(self, slug: str, locale: str) -> None:
        """Queue one page view of an article."""
        self._enqueue(
            ArticleView, {"slug": _text(slug, 200), "locale": _text(locale, 16), "created_at": utcnow()}
        )

    def flush(self) -> None:
        """Write everything queued so far, now, in the caller's thread.

        On a database error the rows stay queued (and the error is logged) for the next try.
        """
        self._write_pending()

    def close(self) -> None:
        """Stop the writer thread, then write what is left (rows the database refuses now are lost)."""
        self._stop.set()
        with self._lock:
            thread, self._thread = self._thread, None
        if thread is not None:
            thread.join()
        self._write_pending()
        left = self.pending
        if left:
            log.error("analytics: %d rows could not be written before shutdown and are lost", left)

    # -- the writer ---------------------------------------------------------------------------------

    def _enqueue(self, model: Any, values: dict[str, Any]) -> None:
        with self._lock:
            self._queue.append((model, values))
            self._trim()

    def _trim(self) -> None:
        """Drop the oldest rows beyond ``max_queue`` (caller holds ``_lock``)."""
        excess = len(self._queue) - self.max_queue
        for _ in range(excess):
            self._queue.popleft()
        self._dropped += max(excess, 0)

    def _run(self) -> None:
        while not self._stop.wait(self.flush_interval):
            try:
                self._write_pending()
            except Exception:  # a dead writer would silently stop all analytics until a restart
                log.exception("analytics writer failed; retrying on the next tick")

    def _write_pending(self) -> None:
        """Write what is queued now, in batches, until done or the database fails (rows stay queued)."""
        with self._write_lock:
            self._report_drops()
            # Only what is queued now: rows that keep arriving meanwhile wait for the next call, so
            # flush() returns even under steady traffic.
            remaining = self.pending
            while remaining > 0 and (batch := self._take_batch(remaining)):
                remaining -= len(batch)
                unwritten, error = self._write_batch(batch)
                self._settle(batch, unwritten, error)
                if unwritten:
                    break
            self._report_drops()

    def _take_batch(self, most: int) -> list[_Row]:
        with self._lock:
            count = min(self.max_batch, most, len(self._queue))
            self._writing += count
            return [self._queue.popleft() for _ in range(count)]

    def _settle(self, batch: list[_Row], unwritten: list[_Row], error: Exception | None) -> None:
        """The batch is done with: rows that could not be written go back to the front, in order."""
        with self._lock:
            self._writing -= len(batch)
            self._queue.extendleft(reversed(unwritten))
            self._trim()
            waiting = len(self._queue)
        if error is not None:
            log.warning(
                "analytics: could not write %d rows (%s); %d waiting, retrying in %gs",
                len(unwritten),
                _describe(error),
                waiting,
                self.flush_interval,
            )

    def _report_drops(self) -> None:
        with self._lock:
            dropped, self._dropped = self._dropped, 0
        if dropped:
            log.warning("analytics queue full (%d rows): dropped the %d oldest rows", self.max_queue, dropped)

    def _write_batch(self, batch: list[_Row]) -> tuple[list[_Row], Exception | None]:
        """Write a batch; returns the rows to try again (none when done) and the error that kept them."""
        try:
            self._insert(batch)
        except _REFUSED as error:
            log.warning("analytics: a batch was refused (%s); writing its rows one by one", _describe(error))
            return self._write_one_by_one(batch)
        except Exception as error:
            return batch, error
        return [], None

    def _write_one_by_one(self, batch: list[_Row]) -> tuple[list[_Row], Exception | None]:
        """Write each row in its own transaction, dropping only the rows the database refuses."""
        for position, row in enumerate(batch):
            try:
                self._insert([row])
            except _REFUSED as error:
                log.error("analytics: dropped a %s row the database refuses: %s", row[0].__tablename__, error)
            except Exception as error:
                return batch[position:], error
        return [], None

    def _insert(self, batch: list[_Row]) -> None:
        """One transaction: one multi-row INSERT per table, in the order the tables first appear."""
        by_table: dict[Any, list[dict[str, Any]]] = {}
        for model, values in batch:
            by_table.setdefault(model, []).append(values)
        with self.database.session() as session:
            for model, rows in by_table.items():
                session.execute(insert(model), rows)


def _text(value: str, limit: int | None = None) -> str:
    # PostgreSQL refuses NUL in text, and a value longer than its VARCHAR column: either would make a row
    # the database can never take. A pasted query may hold anything.
    cleaned = (value or "").replace("\x00", "")
    return cleaned[:limit] if limit is not None else cleaned


def _describe(error: Exception) -> str:
    return str(error).splitlines()[0][:300] if str(error) else type(error).__name__
