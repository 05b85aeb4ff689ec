"""Hand-made analytics rows: search responses for the recorder, table rows for the reports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from itertools import count

from sqlalchemy.orm import Session

from kefu.analytics.records import ArticleFeedback, ArticleView, SearchClick, SearchEvent
from kefu.search.results import Confidence, SearchHit, SearchResponse

#: "Now" for report tests: a fixed instant, so windows are exact.
NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)

_ids = count(1)


def response(
    query: str = "忘记密码",
    slugs: Sequence[str] = ("reset-password", "change-password"),
    *,
    locale: str = "zh-CN",
    confidence: Confidence = "clear",
    score: float = 0.9,
    query_locale: str = "zh-CN",
) -> SearchResponse:
    """A SearchResponse as the engine would return it, built by hand (no engine needed)."""
    hits = [
        SearchHit(slug=slug, locale=locale, title=slug.replace("-", " "), score=1.0 - rank / 10)
        for rank, slug in enumerate(slugs)
    ]
    return SearchResponse(
        query=query,
        locale=locale,
        hits=hits,
        confidence=confidence,
        confidence_score=score,
        candidates=list(slugs[:2]) if confidence == "ambiguous" else [],
        query_locale=query_locale,
    )


def ago(**delta: float) -> datetime:
    return NOW - timedelta(**delta)


def add_search(
    session: Session,
    normalized: str,
    *,
    query: str | None = None,
    at: datetime | None = None,
    locale: str = "zh-CN",
    slugs: Sequence[str] = ("some-article",),
    confidence: str = "clear",
    took_ms: float = 10.0,
) -> str:
    """One search_event row; returns its id."""
    search_id = f"s{next(_ids):031d}"
    session.add(
        SearchEvent(
            id=search_id,
            created_at=at or ago(hours=1),
            query=query if query is not None else normalized,
            normalized=normalized,
            locale=locale,
            query_locale=locale,
            result_slugs=list(slugs),
            hit_count=len(slugs),
            confidence=confidence,
            confidence_score=0.5,
            took_ms=took_ms,
            channel="helpcenter",
        )
    )
    return search_id


def add_click(
    session: Session,
    search_id: str,
    slug: str,
    *,
    locale: str = "zh-CN",
    rank: int = 1,
    at: datetime | None = None,
) -> None:
    session.add(
        SearchClick(search_id=search_id, slug=slug, locale=locale, rank=rank, created_at=at or ago(hours=1))
    )


def add_views(
    session: Session, slug: str, times: int, *, locale: str = "zh-CN", at: datetime | None = None
) -> None:
    session.add_all(
        ArticleView(slug=slug, locale=locale, created_at=at or ago(hours=1)) for _ in range(times)
    )


def add_votes(
    session: Session,
    slug: str,
    *,
    helpful: int = 0,
    not_helpful: int = 0,
    locale: str = "zh-CN",
    at: datetime | None = None,
) -> None:
    votes = [True] * helpful + [False] * not_helpful
    session.add_all(
        ArticleFeedback(slug=slug, locale=locale, helpful=vote, created_at=at or ago(hours=1))
        for vote in votes
    )
