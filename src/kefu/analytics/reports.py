"""Reports built on the analytics tables: what a KB editor works from, and the help center's popular list.

:func:`search_report` covers the searches of the last ``days`` days (optionally one locale):

- totals: searches, distinct queries, zero-result, low-confidence and click-through rates, mean and p95
  time taken;
- ``top_queries``: the most frequent queries ("the same" query typed differently counts once: they are
  grouped by the engine's normalised form and shown in their most frequent spelling);
- ``zero_result``: queries that found nothing usable — no hits, or none the engine trusted (confidence
  "none"). These are the gaps to write articles for;
- ``low_confidence``: queries the engine could not decide on (confidence "ambiguous") with the results it
  hesitated between the last time: often two articles that should be merged or retitled;
- ``articles``: views, clicks from search and helpful votes per article, the worst-rated first.

Counting and grouping happen in SQL (the same statements on SQLite and PostgreSQL); Python only picks the
most frequent spelling or slug out of rows already grouped.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from math import ceil
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Float,
    Select,
    Subquery,
    and_,
    case,
    cast,
    distinct,
    func,
    literal_column,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from kefu.analytics.records import ArticleFeedback, ArticleView, SearchClick, SearchEvent
from kefu.errors import InvalidInput
from kefu.kb.model import LOCALES
from kefu.store import utcnow

__all__ = [
    "AmbiguousQuery",
    "ArticleStats",
    "QueryStats",
    "SearchReport",
    "SearchTotals",
    "UnansweredQuery",
    "popular_articles",
    "search_report",
]

#: How many of the results an ambiguous search hesitated between are shown (the engine offers 2–3).
_AMBIGUOUS_SLUGS = 3


@dataclass(frozen=True, slots=True)
class SearchTotals:
    searches: int
    distinct_queries: int
    #: Share of searches with no hits or none trusted (confidence "none").
    zero_result_rate: float
    #: Share of searches the engine could not decide on (confidence "ambiguous").
    low_confidence_rate: float
    #: Share of searches with at least one result clicked.
    click_through_rate: float
    mean_took_ms: float
    p95_took_ms: float


@dataclass(frozen=True, slots=True)
class QueryStats:
    #: The most frequent spelling of the query as typed.
    query: str
    normalized: str
    count: int
    zero_results: int
    click_through: float
    #: The result clicked most often after this query, if any was.
    top_clicked: str | None


@dataclass(frozen=True, slots=True)
class UnansweredQuery:
    query: str
    normalized: str
    count: int


@dataclass(frozen=True, slots=True)
class AmbiguousQuery:
    query: str
    normalized: str
    count: int
    #: The first results of the latest such search, best first.
    top_slugs: list[str]


@dataclass(frozen=True, slots=True)
class ArticleStats:
    slug: str
    locale: str
    views: int
    clicks: int
    helpful: int
    not_helpful: int
    #: helpful / (helpful + not helpful); None without votes.
    helpful_ratio: float | None


@dataclass(frozen=True, slots=True)
class SearchReport:
    days: int
    locale: str | None
    since: datetime
    until: datetime
    totals: SearchTotals
    top_queries: list[QueryStats]
    zero_result: list[UnansweredQuery]
    low_confidence: list[AmbiguousQuery]
    articles: list[ArticleStats]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: timestamps as ISO 8601 strings."""
        data = asdict(self)
        data["since"] = self.since.isoformat()
        data["until"] = self.until.isoformat()
        return data


def search_report(
    session: Session,
    *,
    days: int = 30,
    limit: int = 20,
    locale: str | None = None,
    now: datetime | None = None,
) -> SearchReport:
    """The search report for the ``days`` days up to ``now``; ``limit`` rows per list."""
    _check_range(days, 1, 365, "days", "天数")
    _check_range(limit, 1, 500, "limit", "条数")
    _check_locale(locale)
    until = _utc(now)
    since = until - timedelta(days=days)
    searches = _searches(since, until, locale)
    return SearchReport(
        days=days,
        locale=locale,
        since=since,
        until=until,
        totals=_totals(session, searches),
        top_queries=_top_queries(session, searches, limit),
        zero_result=_unanswered(session, searches, limit),
        low_confidence=_ambiguous(session, searches, since, until, locale, limit),
        articles=_articles(session, since, until, locale, limit),
    )


def popular_articles(
    session: Session, locale: str, *, limit: int = 6, days: int = 30, now: datetime | None = None
) -> list[str]:
    """Slugs in ``locale`` by page views plus clicks from search over the last ``days`` (ties by slug)."""
    _check_range(days, 1, 365, "days", "天数")
    _check_range(limit, 1, 500, "limit", "条数")
    until = _utc(now)
    since = until - timedelta(days=days)
    views = select(ArticleView.slug.label("slug")).where(
        *_between(ArticleView.created_at, since, until), ArticleView.locale == locale
    )
    clicks = select(SearchClick.slug.label("slug")).where(
        *_between(SearchClick.created_at, since, until), SearchClick.locale == locale
    )
    visits = union_all(views, clicks).subquery("visits")
    statement = (
        select(visits.c.slug)
        .group_by(visits.c.slug)
        .order_by(func.count().desc(), visits.c.slug)
        .limit(limit)
    )
    return list(session.scalars(statement))


# -- searches ---------------------------------------------------------------------------------------


def _searches(since: datetime, until: datetime, locale: str | None) -> Subquery:
    """The searches in the window, each with 0/1 flags: no usable answer, ambiguous, clicked."""
    clicked = select(SearchClick.id).where(SearchClick.search_id == SearchEvent.id).exists()
    no_answer = (SearchEvent.hit_count == 0) | (SearchEvent.confidence == "none")
    statement = select(
        SearchEvent.id,
        SearchEvent.normalized,
        SearchEvent.query,
        SearchEvent.took_ms,
        SearchEvent.created_at,
        case((no_answer, 1), else_=0).label("no_answer"),
        case((SearchEvent.confidence == "ambiguous", 1), else_=0).label("ambiguous"),
        case((clicked, 1), else_=0).label("clicked"),
    ).where(*_search_filter(since, until, locale))
    return statement.subquery("searches")


def _search_filter(since: datetime, until: datetime, locale: str | None) -> list[ColumnElement[bool]]:
    conditions = _between(SearchEvent.created_at, since, until)
    if locale is not None:
        conditions.append(SearchEvent.locale == locale)
    return conditions


def _totals(session: Session, searches: Subquery) -> SearchTotals:
    row = session.execute(
        select(
            func.count(),
            func.count(distinct(searches.c.normalized)),
            func.coalesce(func.sum(searches.c.no_answer), 0),
            func.coalesce(func.sum(searches.c.ambiguous), 0),
            func.coalesce(func.sum(searches.c.clicked), 0),
            func.coalesce(func.avg(searches.c.took_ms), 0.0),
        ).select_from(searches)
    ).one()
    count = int(row[0])
    return SearchTotals(
        searches=count,
        distinct_queries=int(row[1]),
        zero_result_rate=_share(row[2], count),
        low_confidence_rate=_share(row[3], count),
        click_through_rate=_share(row[4], count),
        mean_took_ms=float(row[5]),
        p95_took_ms=_p95_took_ms(session, searches, count),
    )


def _p95_took_ms(session: Session, searches: Subquery, count: int) -> float:
    """Nearest-rank p95, read as one row at its rank (no database has a portable percentile function)."""
    if count == 0:
        return 0.0
    rank = ceil(0.95 * count) - 1
    statement = select(searches.c.took_ms).order_by(searches.c.took_ms).offset(rank).limit(1)
    return float(session.scalar(statement) or 0.0)


def _top_queries(session: Session, searches: Subquery, limit: int) -> list[QueryStats]:
    count = func.count()
    rows = session.execute(
        select(
            searches.c.normalized,
            count,
            func.sum(searches.c.no_answer),
            func.sum(searches.c.clicked),
        )
        .group_by(searches.c.normalized)
        .order_by(count.desc(), searches.c.normalized)
        .limit(limit)
    ).all()
    keys = [row[0] for row in rows]
    spellings = _spellings(session, searches, keys)
    clicked = _most_clicked(session, searches, keys)
    return [
        QueryStats(
            query=spellings.get(normalized, normalized),
            normalized=normalized,
            count=int(n),
            zero_results=int(unanswered),
            click_through=_share(with_click, n),
            top_clicked=clicked.get(normalized),
        )
        for normalized, n, unanswered, with_click in rows
    ]


def _unanswered(session: Session, searches: Subquery, limit: int) -> list[UnansweredQuery]:
    rows = _grouped(session, searches, searches.c.no_answer == 1, limit)
    spellings = _spellings(session, searches, [key for key, _ in rows], searches.c.no_answer == 1)
    return [UnansweredQuery(spellings.get(key, key), key, count) for key, count in rows]


def _ambiguous(
    session: Session,
    searches: Subquery,
    since: datetime,
    until: datetime,
    locale: str | None,
    limit: int,
) -> list[AmbiguousQuery]:
    rows = _grouped(session, searches, searches.c.ambiguous == 1, limit)
    keys = [key for key, _ in rows]
    spellings = _spellings(session, searches, keys, searches.c.ambiguous == 1)
    latest = _latest_ambiguous_results(session, searches, keys, _search_filter(since, until, locale))
    return [AmbiguousQuery(spellings.get(key, key), key, count, latest.get(key, [])) for key, count in rows]


def _grouped(
    session: Session, searches: Subquery, condition: ColumnElement[bool], limit: int
) -> list[tuple[str, int]]:
    """(normalized, searches) for the searches meeting ``condition``, most frequent first."""
    count = func.count()
    statement = (
        select(searches.c.normalized, count)
        .where(condition)
        .group_by(searches.c.normalized)
        .order_by(count.desc(), searches.c.normalized)
        .limit(limit)
    )
    return [(key, int(n)) for key, n in session.execute(statement)]


def _spellings(
    session: Session, searches: Subquery, keys: list[str], condition: ColumnElement[bool] | None = None
) -> dict[str, str]:
    """normalized → its most frequent raw spelling (ties: the first in sort order)."""
    if not keys:
        return {}
    statement = (
        select(searches.c.normalized, searches.c.query, func.count())
        .where(searches.c.normalized.in_(keys))
        .group_by(searches.c.normalized, searches.c.query)
    )
    if condition is not None:
        statement = statement.where(condition)
    return _argmax(session.execute(statement))


def _most_clicked(session: Session, searches: Subquery, keys: list[str]) -> dict[str, str]:
    """normalized → the slug clicked most often after it (ties: the first slug in sort order)."""
    if not keys:
        return {}
    statement = (
        select(searches.c.normalized, SearchClick.slug, func.count())
        .join(SearchClick, SearchClick.search_id == searches.c.id)
        .where(searches.c.normalized.in_(keys))
        .group_by(searches.c.normalized, SearchClick.slug)
    )
    return _argmax(session.execute(statement))


def _latest_ambiguous_results(
    session: Session, searches: Subquery, keys: list[str], window: list[ColumnElement[bool]]
) -> dict[str, list[str]]:
    """normalized → the first result slugs of its latest ambiguous search in the window."""
    if not keys:
        return {}
    latest = (
        select(searches.c.normalized, func.max(searches.c.created_at).label("at"))
        .where(searches.c.ambiguous == 1, searches.c.normalized.in_(keys))
        .group_by(searches.c.normalized)
        .subquery("latest")
    )
    statement = (
        select(SearchEvent.normalized, SearchEvent.result_slugs)
        .join(
            latest, and_(SearchEvent.normalized == latest.c.normalized, SearchEvent.created_at == latest.c.at)
        )
        .where(*window, SearchEvent.confidence == "ambiguous")
        .order_by(SearchEvent.normalized, SearchEvent.id)
    )
    found: dict[str, list[str]] = {}
    for key, slugs in session.execute(statement):
        found.setdefault(key, list(slugs or [])[:_AMBIGUOUS_SLUGS])
    return found


# -- articles ---------------------------------------------------------------------------------------


def _articles(
    session: Session, since: datetime, until: datetime, locale: str | None, limit: int
) -> list[ArticleStats]:
    """Per article: views, clicks from search and votes in the window; the worst helpful ratio first."""
    zero: ColumnElement[Any] = literal_column("0")
    one_each = func.count()
    views = _per_article(ArticleView, since, until, locale, one_each, zero, zero, zero)
    clicks = _per_article(SearchClick, since, until, locale, zero, one_each, zero, zero)
    votes = _per_article(
        ArticleFeedback,
        since,
        until,
        locale,
        zero,
        zero,
        func.sum(case((ArticleFeedback.helpful, 1), else_=0)),
        func.sum(case((ArticleFeedback.helpful, 0), else_=1)),
    )
    activity = union_all(views, clicks, votes).subquery("activity")
    slug, row_locale, *counts = activity.c
    n_views, n_clicks, n_helpful, n_not_helpful = (func.sum(column) for column in counts)
    n_votes = n_helpful + n_not_helpful
    statement = (
        select(slug, row_locale, n_views, n_clicks, n_helpful, n_not_helpful)
        .group_by(slug, row_locale)
        .order_by(
            case((n_votes > 0, 0), else_=1),  # articles with votes first: they are the ones to judge
            case((n_votes > 0, cast(n_helpful, Float) / n_votes), else_=None),
            n_votes.desc(),
            (n_views + n_clicks).desc(),
            slug,
            row_locale,
        )
        .limit(limit)
    )
    return [
        ArticleStats(
            slug=row[0],
            locale=row[1],
            views=int(row[2]),
            clicks=int(row[3]),
            helpful=int(row[4]),
            not_helpful=int(row[5]),
            helpful_ratio=_share(row[4], int(row[4]) + int(row[5])) if int(row[4]) + int(row[5]) else None,
        )
        for row in session.execute(statement)
    ]


def _per_article(
    model: Any, since: datetime, until: datetime, locale: str | None, *counts: ColumnElement[Any]
) -> Select[Any]:
    """``SELECT slug, locale, views, clicks, helpful, not_helpful`` over ``model``'s rows in the window,
    grouped by article; ``counts`` are those four columns for this table (0 where it has none)."""
    conditions = _between(model.created_at, since, until)
    if locale is not None:
        conditions.append(model.locale == locale)
    names = ("views", "clicks", "helpful", "not_helpful")
    return (
        select(
            model.slug.label("slug"),
            model.locale.label("locale"),
            *(count.label(name) for count, name in zip(counts, names, strict=True)),
        )
        .where(*conditions)
        .group_by(model.slug, model.locale)
    )


# -- helpers ----------------------------------------------------------------------------------------


def _between(column: Any, since: datetime, until: datetime) -> list[ColumnElement[bool]]:
    return [column >= since, column <= until]


def _argmax(rows: Any) -> dict[str, str]:
    """(group, value, count) rows → group: the value with the highest count, ties to the smallest value."""
    best: dict[str, tuple[int, str]] = {}
    for group, value, count in rows:
        current = best.get(group)
        if current is None or (-int(count), value) < (-current[0], current[1]):
            best[group] = (int(count), value)
    return {group: value for group, (_, value) in best.items()}


def _share(part: Any, whole: Any) -> float:
    return float(part or 0) / float(whole) if whole else 0.0


def _utc(now: datetime | None) -> datetime:
    # SQLite compares timestamps as text, so every bound must be in UTC like the stored values.
    if now is None:
        return utcnow()
    return now.replace(tzinfo=UTC) if now.tzinfo is None else now.astimezone(UTC)


def _check_range(value: int, low: int, high: int, name_en: str, name_zh: str) -> None:
    if not low <= value <= high:
        raise InvalidInput(
            f"{name_en} must be between {low} and {high} (got {value}).",
            f"{name_zh}必须在 {low} 到 {high} 之间（收到 {value}）。",
            code=f"invalid_{name_en}",
        )


def _check_locale(locale: str | None) -> None:
    if locale is not None and locale not in LOCALES:
        raise InvalidInput(
            f"Unknown locale {locale!r}: use one of {', '.join(LOCALES)}, or none for all.",
            f"不支持的语言 {locale!r}：请使用 {'、'.join(LOCALES)}，或不指定以查看全部。",
            code="invalid_locale",
        )
