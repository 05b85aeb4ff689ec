"""What each page shows, assembled from the domain's objects into plain values for the templates.

The two places where HTML is trusted are here, and only here: an article body rendered by
:func:`~kefu.kb.render.render_article` (Markdown with raw HTML disabled) and a search snippet (escaped by the
engine, with ``<mark>`` around the query words). Everything else reaches the templates as text and is escaped.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup

from kefu.helpcenter.categories import CategoryInfo, category_info
from kefu.helpcenter.contact import Channel, official_channels
from kefu.helpcenter.searching import RecordedSearch
from kefu.kb.catalog import Catalog
from kefu.kb.model import Article
from kefu.kb.render import render_article
from kefu.web.urls import article_url, category_url

__all__ = [
    "FALLBACK_CATEGORY",
    "VERIFY_ARTICLE",
    "WEAK_RESULTS",
    "CategoryCard",
    "ResultView",
    "SearchView",
    "article_body",
    "category_cards",
    "channel_groups",
    "popular",
    "search_view",
]

#: Shown as "popular" before there is any traffic: the ways to reach a person.
FALLBACK_CATEGORY = "support"
#: The article the contact page's warning links to, when the knowledge base has it.
VERIFY_ARTICLE = "verify-official-contact"
#: Under "no good match", a few of the weak hits are still offered; ten would bury the ways to get help.
WEAK_RESULTS = 3


@dataclass(frozen=True)
class CategoryCard:
    info: CategoryInfo
    count: int
    url: str


def category_cards(catalog: Catalog, locale: str) -> list[CategoryCard]:
    """The categories with articles in ``locale``, in the canonical order."""
    return [
        CategoryCard(
            category_info(key, locale), len(catalog.in_category(key, locale)), category_url(key, locale)
        )
        for key in catalog.categories(locale)
    ]


def popular(catalog: Catalog, slugs: list[str], locale: str, limit: int = 6) -> list[Article]:
    """The most visited articles (``slugs``, best first) that still exist; else the support articles."""
    found = [article for slug in slugs if (article := catalog.get(slug, locale)) is not None]
    return (found or catalog.in_category(FALLBACK_CATEGORY, locale))[:limit]


def article_body(article: Article, catalog: Catalog) -> Markup:
    """The article's HTML, its "see …" references linked to their pages (safe: raw HTML is disabled)."""
    html = render_article(article, titles=catalog.titles, link=lambda slug, locale: article_url(slug, locale))
    return Markup(html)


def channel_groups(locale: str) -> list[tuple[str, list[Channel]]]:
    """The official channels grouped by kind (hotline, chat, ...) in their configured order; the kind is the
    group's anchor on the contact page (``/contact#hotline``)."""
    groups: dict[str, list[Channel]] = {}
    for channel in official_channels(locale):
        groups.setdefault(channel.kind, []).append(channel)
    return list(groups.items())


@dataclass(frozen=True)
class ResultView:
    rank: int
    title: str
    url: str
    locale: str
    category: str
    section: str
    snippet: Markup
    #: The article is not in the page's language (no translation): which one it is in.
    only_in: str | None
    #: The query matched the article's translation in this language (the query was written in it).
    matched_in: str | None


@dataclass(frozen=True)
class SearchView:
    query: str
    search_id: str
    results: list[ResultView]
    #: The corrected query to offer, when it differs from what was typed.
    did_you_mean: str | None
    #: No hit answers: show the empty state (and any weak hits under it).
    empty: bool
    #: Two or three hits might answer: ask which.
    ambiguous: bool


def search_view(query: str, recorded: RecordedSearch, locale: str) -> SearchView:
    response = recorded.response
    results = [
        ResultView(
            rank=rank,
            title=hit.title,
            url=article_url(hit.slug, hit.locale, search_id=recorded.search_id, rank=rank),
            locale=hit.locale,
            category=category_info(hit.category, locale).name if hit.category else "",
            section=hit.section,
            snippet=Markup(hit.snippet),  # escaped by the engine; only <mark> is markup
            only_in=hit.locale if hit.locale != locale else None,
            matched_in=(response.query_locale or None) if hit.cross_locale and hit.locale == locale else None,
        )
        for rank, hit in enumerate(response.hits, start=1)
    ]
    empty = not results or response.confidence == "none"
    suggestion = response.did_you_mean
    if suggestion is not None and suggestion.strip().casefold() == query.strip().casefold():
        suggestion = None
    return SearchView(
        query=query,
        search_id=recorded.search_id,
        results=results[:WEAK_RESULTS] if empty else results,
        did_you_mean=suggestion or None,
        empty=empty,
        ambiguous=response.confidence == "ambiguous" and len(results) > 1,
    )
