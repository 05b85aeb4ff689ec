"""A real help center for the assistant's tests: kefu's starter articles (plus the few in :mod:`.articles`)
behind a lexical-only :class:`~kefu.search.engine.SearchEngine`, wrapped as the assistant's ``Tools``.

Everything is real except the case look-up, which answers from a dict of the customer's own cases.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from kefu.assistant import CaseStatus
from kefu.helpcenter.categories import CategoryInfo, all_categories
from kefu.kb.catalog import Catalog
from kefu.kb.model import Article
from kefu.search.engine import SearchEngine
from kefu.search.results import SearchResponse
from kefu.web.urls import article_url


@dataclass
class HelpCenterTools:
    catalog: Catalog
    engine: SearchEngine
    cases: dict[str, CaseStatus] = field(default_factory=dict)
    #: Numbers of cases that exist but belong to other customers: looked up like any other, never shown.
    foreign: set[str] = field(default_factory=set)
    #: Every case number the assistant looked up.
    looked_up: list[str] = field(default_factory=list)
    #: Every query the assistant searched, in order (to check what it sends to the search).
    searched: list[str] = field(default_factory=list)

    def search(self, query: str, locale: str | None) -> SearchResponse:
        self.searched.append(query)
        return self.engine.search(query, locale)

    def article(self, slug: str, locale: str) -> Article | None:
        return self.catalog.get(slug, locale)

    def articles_in_category(self, category: str, locale: str) -> list[Article]:
        return self.catalog.in_category(category, locale)

    def categories(self, locale: str) -> list[CategoryInfo]:
        present = set(self.catalog.categories(locale))
        return [c for c in all_categories(locale) if c.key in present]

    def article_link(self, slug: str, locale: str) -> str:
        return "https://help.wallet.example" + article_url(slug, locale)

    def case_status(self, number: str) -> CaseStatus | None:
        self.looked_up.append(number)
        return None if number in self.foreign else self.cases.get(number)
