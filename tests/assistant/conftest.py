"""Fixtures for the assistant's tests: one real help center for the session, fresh tools per test.

- ``help_articles``: kefu's starter articles plus the pair in :mod:`.articles`.
- ``engine``: a lexical-only search engine over them (no encoders: built in about a second).
- ``tools``: :class:`.helpcenter.HelpCenterTools` over that engine, with one case belonging to the customer
  and one belonging to somebody else.
- ``assistant``: an :class:`~kefu.assistant.Assistant` using ``tools``.
"""

from __future__ import annotations

from datetime import date

import pytest

from kefu.assistant import Assistant, CaseStatus
from kefu.kb.catalog import Catalog
from kefu.kb.loader import load_directory, load_texts, starter_dir
from kefu.kb.model import Article
from kefu.search.engine import EngineConfig, SearchEngine

from .articles import EXTRA
from .helpcenter import HelpCenterTools

#: The customer's own case in every test.
OWN_CASE = CaseStatus("C260518000123", "case", "in_progress", date(2026, 5, 25))
#: Somebody else's case: it exists, but the tools (like the real ones) do not show it to this customer.
FOREIGN_CASE = CaseStatus("D260518000042", "dispute", "waiting", None)


@pytest.fixture(scope="session")
def help_articles() -> list[Article]:
    starter = load_directory(starter_dir())
    extra = load_texts(EXTRA, origin="tests/assistant")
    assert starter.articles and extra.ok, [p.message_en for p in extra.problems]
    return starter.articles + extra.articles


@pytest.fixture(scope="session")
def engine(help_articles: list[Article]) -> SearchEngine:
    return SearchEngine.build(help_articles, EngineConfig(encoders=()))


@pytest.fixture(scope="session")
def catalog(help_articles: list[Article]) -> Catalog:
    return Catalog(help_articles)


@pytest.fixture
def tools(catalog: Catalog, engine: SearchEngine) -> HelpCenterTools:
    return HelpCenterTools(catalog, engine, cases={OWN_CASE.number: OWN_CASE}, foreign={FOREIGN_CASE.number})


@pytest.fixture
def assistant(tools: HelpCenterTools) -> Assistant:
    return Assistant(tools)
