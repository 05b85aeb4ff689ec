"""The help center's articles and search index as one immutable snapshot, refreshed without a restart.

A :class:`Snapshot` pairs a :class:`~kefu.kb.catalog.Catalog` with the :class:`SearchEngine` built from the
same articles and the KB revision they came from. :class:`LiveHelpCenter` builds the first snapshot when the
server starts, then polls the revision (one tiny query every ``kb_refresh_seconds``); when it moved, a
background thread builds a new snapshot and swaps the reference in one assignment. Requests keep using the
snapshot they picked up, so no request ever sees a half-built index. Each server process does this on its
own, so several workers converge within one polling interval.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from kefu.config import Settings
from kefu.kb.catalog import Catalog
from kefu.kb.model import Article
from kefu.search.dense import Encoder, make_encoder
from kefu.search.engine import EngineConfig, SearchEngine
from kefu.search.results import SearchResponse
from kefu.store import Database

__all__ = ["LiveHelpCenter", "Snapshot", "from_database"]

#: Answers kept per snapshot: queries follow a Zipf curve (a few are asked very often), and a snapshot's
#: answers never change, so the cache needs no invalidation beyond the snapshot itself.
SEARCH_CACHE_SIZE = 4096

log = logging.getLogger("kefu.helpcenter")

#: Reads the current KB revision and its articles (from the database).
LoadArticles = Callable[[], tuple[int, list[Article]]]
ReadRevision = Callable[[], int]
BuildEngine = Callable[[list[Article]], SearchEngine]


@dataclass(frozen=True)
class Snapshot:
    revision: int
    catalog: Catalog
    engine: SearchEngine
    built_at: float
    build_seconds: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "_cached", lru_cache(maxsize=SEARCH_CACHE_SIZE)(self.engine.search))

    def search(self, query: str, locale: str | None, limit: int = 10) -> SearchResponse:
        """The engine's answer, cached per snapshot. The response is shared: treat it as read-only."""
        answer: SearchResponse = self._cached(query, locale, limit)  # type: ignore[attr-defined]
        return answer


class LiveHelpCenter:
    def __init__(self, load: LoadArticles, revision: ReadRevision, build: BuildEngine) -> None:
        self._load = load
        self._revision = revision
        self._build = build
        self._snapshot: Snapshot | None = None
        self._lock = threading.Lock()  # one build at a time
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self.last_error: str | None = None

    @property
    def ready(self) -> bool:
        return self._snapshot is not None

    @property
    def snapshot(self) -> Snapshot:
        snapshot = self._snapshot
        if snapshot is None:
            raise RuntimeError("the help center is still starting")
        return snapshot

    def start(self) -> Snapshot:
        """Build the first snapshot (blocking)."""
        return self.rebuild()

    def rebuild(self) -> Snapshot:
        """Build a snapshot of the current revision now and swap it in (blocking)."""
        with self._lock:
            started = time.perf_counter()
            revision, articles = self._load()
            current = self._snapshot
            if current is not None and current.revision == revision:
                return current
            engine = self._build(articles)
            for article in articles[:1] + articles[-1:]:  # the first real query pays no first-call costs
                engine.search(article.title, article.locale, limit=3)
            snapshot = Snapshot(
                revision, Catalog(articles), engine, time.time(), time.perf_counter() - started
            )
            self._snapshot = snapshot  # one reference assignment: readers see the old or the new, whole
            log.info(
                "search index ready: revision %d, %d articles, %.1f s",
                revision,
                len(articles),
                snapshot.build_seconds,
            )
            return snapshot

    def stale(self) -> bool:
        snapshot = self._snapshot
        return snapshot is None or self._revision() != snapshot.revision

    def check(self) -> bool:
        """Rebuild when the revision moved; True when a new snapshot was swapped in."""
        try:
            if not self.stale():
                return False
            before = self._snapshot
            return self.rebuild() is not before
        except Exception as error:  # keep serving the old snapshot; say why in the log and /readyz
            self.last_error = f"{type(error).__name__}: {error}"
            log.exception("refreshing the help center failed; still serving the previous revision")
            return False

    def watch(self, interval: float) -> None:
        """Poll the revision every ``interval`` seconds in a daemon thread until :meth:`close`."""
        if self._watcher is not None or interval <= 0:
            return

        def loop() -> None:
            while not self._stop.wait(interval):
                self.check()

        self._watcher = threading.Thread(target=loop, name="kefu-kb-watch", daemon=True)
        self._watcher.start()

    def close(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=5)
            self._watcher = None


def from_database(
    database: Database, settings: Settings, encoders: dict[str, Encoder] | None = None
) -> LiveHelpCenter:
    """A LiveHelpCenter over the articles stored in ``database``, searched as ``settings`` say.

    ``encoders`` lets a caller share already-loaded encoders (tests do); otherwise they are loaded once, at
    the first build, and reused by every rebuild.
    """
    from kefu.helpcenter.starter_vectors import seed_vector_cache
    from kefu.kb.library import kb_revision, load_articles

    seed_vector_cache(settings.vector_cache(), settings.search_encoders)
    config = EngineConfig(
        encoders=tuple(settings.search_encoders),
        vector_cache=settings.vector_cache(),
        encoder_threads=settings.encoder_threads,
    )
    loaded: dict[str, Encoder] = dict(encoders) if encoders is not None else {}

    def load() -> tuple[int, list[Article]]:
        with database.session() as session:
            return kb_revision(session), load_articles(session).articles

    def revision() -> int:
        with database.session() as session:
            return kb_revision(session)

    def build(articles: list[Article]) -> SearchEngine:
        if encoders is None and not loaded:
            loaded.update({name: make_encoder(name, config.encoder_threads) for name in config.encoders})
        return SearchEngine.build(articles, config, encoders=loaded)

    return LiveHelpCenter(load, revision, build)
