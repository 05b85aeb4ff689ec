"""Shared fixtures for search-engine tests.

- ``use_encoder``: the USE encoder, loaded once for the session; pass ``encoders={"use": enc}`` to builds.
- ``vector_cache_dir``: one document-vector cache for the session (``KEFU_TEST_VECTOR_CACHE`` keeps it
  across runs), so only the first build of a given text pays to encode it.
- ``shared_engine``: one engine (default configuration) over the shared benchmark corpus; tests that need
  it are skipped when the corpus is not there. ``dev_responses``: every labelled dev query searched once.
- ``small_kb`` / ``lexical_engine`` / ``use_engine``: the small bilingual help center of
  :mod:`.articles`, with a lexical-only engine (instant) and a USE engine.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.kb import Article, load_directory
from kefu.search.dense import Encoder
from kefu.search.engine import EngineConfig, SearchEngine
from kefu.search.evaluation import LabelledQuery, read_queries
from kefu.search.results import SearchResponse

from .articles import write_articles
from .corpus import DEV_QUERIES, SHARED_ARTICLES, SHARED_KB


@pytest.fixture(scope="session")
def shared_articles() -> list[Article]:
    if not SHARED_ARTICLES.is_dir() or not DEV_QUERIES.is_file():
        pytest.skip(f"shared benchmark corpus not found at {SHARED_KB}")
    result = load_directory(SHARED_ARTICLES)
    assert result.articles, "the shared corpus loaded no articles"
    return result.articles


@pytest.fixture(scope="session")
def shared_engine(
    shared_articles: list[Article], use_encoder: Encoder, vector_cache_dir: Path
) -> SearchEngine:
    """The default configuration (USE + lexical) over the shared corpus, built once for the session."""
    return SearchEngine.build(
        shared_articles, EngineConfig(vector_cache=vector_cache_dir), encoders={"use": use_encoder}
    )


@pytest.fixture(scope="session")
def small_kb(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small bilingual help center of :mod:`.articles`, written once (tests must not modify it)."""
    return write_articles(tmp_path_factory.mktemp("small-kb"))


@pytest.fixture(scope="session")
def small_articles(small_kb: Path) -> list[Article]:
    result = load_directory(small_kb)
    assert result.ok, [p.message_en for p in result.problems]
    return result.articles


@pytest.fixture(scope="session")
def lexical_engine(small_articles: list[Article]) -> SearchEngine:
    return SearchEngine.build(small_articles, EngineConfig(encoders=()))


@pytest.fixture(scope="session")
def use_engine(small_articles: list[Article], use_encoder: Encoder, vector_cache_dir: Path) -> SearchEngine:
    return SearchEngine.build(
        small_articles, EngineConfig(vector_cache=vector_cache_dir), encoders={"use": use_encoder}
    )


@pytest.fixture(scope="session")
def dev_queries(shared_articles: list[Article]) -> list[LabelledQuery]:
    return read_queries(DEV_QUERIES)


@pytest.fixture(scope="session")
def dev_responses(
    shared_engine: SearchEngine, dev_queries: list[LabelledQuery]
) -> list[tuple[LabelledQuery, SearchResponse]]:
    """Every dev query searched once (top 10, in its own locale) on ``shared_engine``."""
    return [(q, shared_engine.search(q.query, q.locale, 10)) for q in dev_queries]
