"""The search report and popular articles, on hand-made rows, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from datetime import timedelta, timezone

import pytest

from kefu.analytics.reports import ArticleStats, popular_articles, search_report
from kefu.errors import InvalidInput
from kefu.store import Database

from .rows import NOW, add_click, add_search, add_views, add_votes, ago


def test_an_empty_report(database: Database) -> None:
    with database.session() as session:
        report = search_report(session, now=NOW)
    totals = report.totals
    assert (totals.searches, totals.distinct_queries) == (0, 0)
    assert totals.zero_result_rate == totals.click_through_rate == totals.p95_took_ms == 0.0
    assert report.top_queries == report.zero_result == report.low_confidence == report.articles == []
    assert (report.since, report.until) == (NOW - timedelta(days=30), NOW)


def test_totals(database: Database) -> None:
    with database.session() as session:
        clicked = add_search(session, "忘记密码", took_ms=10)
        add_click(session, clicked, "reset-password")
        add_click(session, clicked, "change-password", rank=2)  # two clicks, one search with a click
        add_search(session, "忘记密码", took_ms=20)
        add_search(session, "忘记密码", took_ms=30)
        add_search(session, "退款", slugs=(), confidence="none", took_ms=40)
        add_search(session, "转账限额", confidence="none", took_ms=50)  # hits, but none trusted
        add_search(session, "密码", confidence="ambiguous", took_ms=60)
        add_search(session, "old", at=ago(days=31))
        add_search(session, "future", at=NOW + timedelta(hours=1))
    with database.session() as session:
        totals = search_report(session, now=NOW).totals
    assert totals.searches == 6
    assert totals.distinct_queries == 4
    assert totals.zero_result_rate == pytest.approx(2 / 6)
    assert totals.low_confidence_rate == pytest.approx(1 / 6)
    assert totals.click_through_rate == pytest.approx(1 / 6)
    assert totals.mean_took_ms == pytest.approx(35.0)


def test_p95_is_the_nearest_rank(database: Database) -> None:
    with database.session() as session:
        for took_ms in range(20, 0, -1):
            add_search(session, f"q{took_ms}", took_ms=float(took_ms))
    with database.session() as session:
        totals = search_report(session, now=NOW).totals
    assert totals.p95_took_ms == 19.0
    assert totals.mean_took_ms == pytest.approx(10.5)


def test_top_queries(database: Database) -> None:
    with database.session() as session:
        first = add_search(session, "忘记密码", query="忘记密码")
        second = add_search(session, "忘记密码", query="忘记密码")
        for _ in range(3):
            add_search(session, "忘记密码", query="忘記密碼")
        add_click(session, first, "reset-password")
        add_click(session, second, "reset-password")
        add_click(session, second, "change-password", rank=2)
        add_search(session, "refund", query="refund")
        add_search(session, "refund", query="Refund", slugs=())
        add_search(session, "a", query="A")
        add_search(session, "a", query="a ")
        add_search(session, "rare")
    with database.session() as session:
        rows = search_report(session, limit=3, now=NOW).top_queries

    assert [(row.normalized, row.count) for row in rows] == [("忘记密码", 5), ("a", 2), ("refund", 2)]
    top, tied, refund = rows
    assert top.query == "忘記密碼"  # the most frequent spelling
    assert top.click_through == pytest.approx(2 / 5)
    assert top.top_clicked == "reset-password"
    assert top.zero_results == 0
    assert tied.query == "A"  # a tie goes to the first in sort order
    assert refund.zero_results == 1
    assert (refund.click_through, refund.top_clicked) == (0.0, None)


def test_zero_result_queries_are_the_gaps(database: Database) -> None:
    with database.session() as session:
        add_search(session, "退款多久", query="退款多久", slugs=(), confidence="none")
        add_search(session, "退款多久", query="退款多久？", slugs=(), confidence="none")
        add_search(session, "退款多久", query="退款多久？", slugs=(), confidence="none")
        add_search(session, "转账限额", confidence="none")
        add_search(session, "mixed", query="Mixed", slugs=(), confidence="none")
        add_search(session, "mixed", query="mixed")
        add_search(session, "mixed", query="mixed")
        add_search(session, "忘记密码")
    with database.session() as session:
        gaps = search_report(session, now=NOW).zero_result
    assert [(gap.query, gap.normalized, gap.count) for gap in gaps] == [
        ("退款多久？", "退款多久", 3),
        ("Mixed", "mixed", 1),  # spelled as in the unanswered searches, counted only for them
        ("转账限额", "转账限额", 1),
    ]


def test_low_confidence_shows_the_latest_results(database: Database) -> None:
    with database.session() as session:
        add_search(session, "密码", confidence="ambiguous", slugs=("a", "b", "c", "d"), at=ago(hours=5))
        add_search(session, "密码", confidence="ambiguous", slugs=("x", "y", "z", "w"), at=ago(hours=1))
        add_search(session, "密码", confidence="clear", slugs=("clear",), at=ago(minutes=30))
        add_search(session, "密码", confidence="ambiguous", slugs=("later",), at=NOW + timedelta(hours=1))
        add_search(
            session, "密码", confidence="ambiguous", slugs=("en-1", "en-2"), locale="en", at=ago(minutes=5)
        )
        add_search(session, "卡", confidence="ambiguous", slugs=("card-a", "card-b"))
    with database.session() as session:
        everywhere = search_report(session, now=NOW).low_confidence
        in_chinese = search_report(session, locale="zh-CN", now=NOW).low_confidence
    assert [(row.normalized, row.count, row.top_slugs) for row in everywhere] == [
        ("密码", 3, ["en-1", "en-2"]),
        ("卡", 1, ["card-a", "card-b"]),
    ]
    assert [(row.normalized, row.count, row.top_slugs) for row in in_chinese] == [
        ("密码", 2, ["x", "y", "z"]),
        ("卡", 1, ["card-a", "card-b"]),
    ]


def test_articles_worst_rated_first(database: Database) -> None:
    with database.session() as session:
        add_views(session, "bad", 2)
        add_votes(session, "bad", helpful=1, not_helpful=3)
        add_votes(session, "good", helpful=3, not_helpful=1)
        add_votes(session, "even", helpful=1, not_helpful=1)
        add_votes(session, "even-more-votes", helpful=2, not_helpful=2)
        add_views(session, "popular", 5)
        add_click(session, "s-1", "popular")
        add_click(session, "s-2", "popular")
        add_views(session, "quiet", 1)
        add_votes(session, "quiet", not_helpful=5, at=ago(days=40))  # outside the window
        add_views(session, "bad", 1, locale="en")
    with database.session() as session:
        articles = search_report(session, now=NOW).articles
    assert articles == [
        ArticleStats("bad", "zh-CN", 2, 0, 1, 3, 0.25),
        ArticleStats("even-more-votes", "zh-CN", 0, 0, 2, 2, 0.5),  # as bad as "even", on more votes
        ArticleStats("even", "zh-CN", 0, 0, 1, 1, 0.5),
        ArticleStats("good", "zh-CN", 0, 0, 3, 1, 0.75),
        ArticleStats("popular", "zh-CN", 5, 2, 0, 0, None),  # no votes: by traffic
        ArticleStats("bad", "en", 1, 0, 0, 0, None),
        ArticleStats("quiet", "zh-CN", 1, 0, 0, 0, None),
    ]


def test_the_window(database: Database) -> None:
    with database.session() as session:
        add_search(session, "recent", at=ago(days=5))
        add_search(session, "older", at=ago(days=10))
        add_views(session, "recent-article", 1, at=ago(days=5))
        add_views(session, "older-article", 1, at=ago(days=10))
        add_click(session, "s", "older-article", at=ago(days=10))
        add_votes(session, "older-article", helpful=1, at=ago(days=10))
    with database.session() as session:
        week = search_report(session, days=7, now=NOW)
        month = search_report(session, days=30, now=NOW)
        before = search_report(session, days=7, now=ago(days=8))
    assert [row.normalized for row in week.top_queries] == ["recent"]
    assert [row.slug for row in week.articles] == ["recent-article"]
    assert sorted(row.normalized for row in month.top_queries) == ["older", "recent"]
    assert [row.normalized for row in before.top_queries] == ["older"]
    assert before.articles == [ArticleStats("older-article", "zh-CN", 1, 1, 1, 0, 1.0)]


def test_now_in_any_time_zone_means_the_same_instant(database: Database) -> None:
    with database.session() as session:
        add_search(session, "edge", at=ago(days=7, seconds=-1))
    beijing = timezone(timedelta(hours=8))
    with database.session() as session:
        for now in (NOW, NOW.astimezone(beijing), NOW.replace(tzinfo=None)):
            report = search_report(session, days=7, now=now)
            assert report.totals.searches == 1, now
            assert report.until == NOW


def test_the_locale_filter(database: Database) -> None:
    with database.session() as session:
        add_search(session, "忘记密码", locale="zh-CN")
        add_search(session, "忘记密码", locale="zh-CN")
        add_search(session, "forgot password", locale="en", slugs=())
        add_views(session, "reset-password", 2, locale="zh-CN")
        add_views(session, "reset-password", 1, locale="en")
    with database.session() as session:
        english = search_report(session, locale="en", now=NOW)
        everything = search_report(session, now=NOW)
    assert english.locale == "en"
    assert english.totals.searches == 1
    assert english.totals.zero_result_rate == 1.0
    assert [row.normalized for row in english.zero_result] == ["forgot password"]
    assert english.articles == [ArticleStats("reset-password", "en", 1, 0, 0, 0, None)]
    assert everything.totals.searches == 3
    assert len(everything.articles) == 2


def test_limit_applies_to_every_list(database: Database) -> None:
    with database.session() as session:
        for number in range(5):
            add_search(session, f"gap-{number}", slugs=(), confidence="none")
            add_search(session, f"unsure-{number}", confidence="ambiguous")
            add_views(session, f"article-{number}", 1)
    with database.session() as session:
        report = search_report(session, limit=2, now=NOW)
    assert len(report.top_queries) == len(report.zero_result) == len(report.low_confidence) == 2
    assert len(report.articles) == 2
    assert report.totals.searches == 10


def test_to_dict_is_json_ready(database: Database) -> None:
    with database.session() as session:
        add_search(session, "忘记密码")
        add_votes(session, "reset-password", helpful=1)
        report = search_report(session, now=NOW)
    data = json.loads(json.dumps(report.to_dict(), ensure_ascii=False))
    assert data["since"] == "2025-05-31T12:00:00+00:00"
    assert data["until"] == "2025-06-30T12:00:00+00:00"
    assert data["totals"]["searches"] == 1
    assert data["top_queries"][0]["query"] == "忘记密码"
    assert data["articles"][0]["helpful_ratio"] == 1.0


def test_the_report_fits_the_api_schema(database: Database) -> None:
    from kefu.web.api.reports import SearchReportOut

    with database.session() as session:
        add_search(session, "密码", confidence="ambiguous", slugs=("a", "b"))
        add_views(session, "a", 1)
        data = search_report(session, now=NOW).to_dict()
    assert SearchReportOut.model_validate(data).model_dump() == data


@pytest.mark.parametrize(
    ("options", "code", "zh"),
    [
        ({"days": 0}, "invalid_days", "天数必须在 1 到 365 之间"),
        ({"days": 366}, "invalid_days", "天数必须在 1 到 365 之间"),
        ({"limit": 0}, "invalid_limit", "条数必须在 1 到 500 之间"),
        ({"limit": 501}, "invalid_limit", "条数必须在 1 到 500 之间"),
        ({"locale": "fr"}, "invalid_locale", "不支持的语言"),
    ],
)
def test_bad_options_are_refused_in_both_languages(
    database: Database, options: dict[str, object], code: str, zh: str
) -> None:
    with database.session() as session, pytest.raises(InvalidInput) as raised:
        search_report(session, **options)  # type: ignore[arg-type]
    assert raised.value.code == code
    assert zh in raised.value.message_zh
    assert raised.value.message_en != raised.value.message_zh


# -- popular articles ---------------------------------------------------------------------------------


def test_popular_articles(database: Database) -> None:
    with database.session() as session:
        add_views(session, "viewed", 3)
        add_views(session, "clicked", 1)
        add_click(session, "s-1", "clicked")
        add_click(session, "s-2", "clicked")
        add_views(session, "tie-b", 2)
        add_views(session, "tie-a", 2)
        add_views(session, "english", 10, locale="en")
        add_views(session, "old", 10, at=ago(days=31))
    with database.session() as session:
        assert popular_articles(session, "zh-CN", now=NOW) == ["clicked", "viewed", "tie-a", "tie-b"]
        assert popular_articles(session, "zh-CN", limit=2, now=NOW) == ["clicked", "viewed"]
        assert popular_articles(session, "en", now=NOW) == ["english"]
        assert popular_articles(session, "zh-CN", days=60, now=NOW)[0] == "old"
        assert popular_articles(session, "zh-CN", now=ago(days=60)) == []


def test_popular_articles_checks_its_range(database: Database) -> None:
    with database.session() as session, pytest.raises(InvalidInput):
        popular_articles(session, "zh-CN", limit=0)
