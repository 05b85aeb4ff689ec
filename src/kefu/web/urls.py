"""The help center's public URLs, built in one place (pages, API responses and rendered links agree)."""

from __future__ import annotations

from urllib.parse import quote, urlencode

__all__ = ["article_url", "category_url", "contact_url", "home_url", "search_url"]


def home_url(locale: str) -> str:
    return f"/{locale}/"


def article_url(slug: str, locale: str, *, search_id: str | None = None, rank: int | None = None) -> str:
    url = f"/{locale}/articles/{quote(slug)}"
    if search_id and rank:
        url += "?" + urlencode({"sid": search_id, "rank": rank})
    return url


def category_url(category: str, locale: str) -> str:
    return f"/{locale}/categories/{quote(category)}"


def search_url(locale: str, query: str = "") -> str:
    return f"/{locale}/search" + ("?" + urlencode({"q": query}) if query else "")


def contact_url(locale: str) -> str:
    return f"/{locale}/contact"
