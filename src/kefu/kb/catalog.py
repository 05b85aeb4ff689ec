"""A read-only view of one set of loaded articles, for pages: look-ups by slug, translation and category.

Built once per knowledge-base revision next to the search engine (see :mod:`kefu.helpcenter.live`), so a
page and the search results beside it always come from the same articles.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from kefu.kb.model import CATEGORIES, Article
from kefu.kb.references import TitleIndex

__all__ = ["Catalog"]


class Catalog:
    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles: list[Article] = sorted(articles, key=lambda a: (a.locale, a.title))
        self._by_key: dict[tuple[str, str], Article] = {a.key: a for a in self.articles}
        self._by_translation: dict[tuple[str, str], Article] = {
            (a.translation_key, a.locale): a for a in self.articles
        }
        self._by_category: dict[tuple[str, str], list[Article]] = defaultdict(list)
        for article in self.articles:
            self._by_category[(article.category, article.locale)].append(article)
        self.titles = TitleIndex(self.articles)

    def __len__(self) -> int:
        return len(self.articles)

    def get(self, slug: str, locale: str) -> Article | None:
        return self._by_key.get((slug, locale))

    def translation(self, article: Article, locale: str) -> Article | None:
        """``article`` in ``locale`` (itself when it is already in that locale)."""
        return self._by_translation.get((article.translation_key, locale))

    def in_locale(self, locale: str) -> list[Article]:
        return [a for a in self.articles if a.locale == locale]

    def in_category(self, category: str, locale: str) -> list[Article]:
        return list(self._by_category.get((category, locale), ()))

    def categories(self, locale: str) -> list[str]:
        """Categories that have an article in ``locale``, in the canonical order."""
        return [c for c in CATEGORIES if self._by_category.get((c, locale))]

    def related(self, article: Article, limit: int = 5) -> list[Article]:
        """Articles it refers to ("see …"), then others in its category, never itself."""
        seen = {article.slug}
        out: list[Article] = []
        for slug in article.see_also:
            other = self.get(slug, article.locale)
            if other is not None and other.slug not in seen:
                out.append(other)
                seen.add(other.slug)
        for other in self.in_category(article.category, article.locale):
            if other.slug not in seen:
                out.append(other)
                seen.add(other.slug)
        return out[:limit]
