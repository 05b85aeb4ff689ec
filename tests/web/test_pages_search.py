"""The help center search page (results, did-you-mean, the empty state, cross-locale hits) and the clicks
recorded from it, through HTTP on a running app over the starter help center (fixtures in conftest.py,
HTML helpers in pages_html.py; one app per module).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kefu.analytics.records import SearchClick
from kefu.helpcenter.categories import category_info
from kefu.helpcenter.searching import MAX_QUERY_CHARS, RecordedSearch
from kefu.kb.model import LOCALES
from kefu.search.results import Confidence, SearchHit, SearchResponse
from kefu.web.helpcenter import views
from kefu.web.services import Services

from .pages_html import pages_get, pages_parse, pages_query

# -- search -------------------------------------------------------------------------------------------------


def test_search_in_chinese(pages_web: TestClient) -> None:
    response = pages_web.get("/zh-CN/search", params={"q": "冻结账户"})
    assert response.headers["cache-control"] == "no-store"
    page = pages_parse(response.text)
    results = page.select(".result")
    assert results
    first = results[0].one("a.result-title")
    assert urlsplit(first["href"]).path == "/zh-CN/articles/emergency-freeze"
    assert set(pages_query(first["href"])) == {"sid", "rank"}
    assert results[0].one(".result-category").text() == category_info("security", "zh-CN").name
    assert "<mark>" in response.text
    assert page.one("input[name=q]")["value"] == "冻结账户"
    assert (
        pages_query(page.one("a.lang-switch")["href"])["next"]
        == "/en/search?q=%E5%86%BB%E7%BB%93%E8%B4%A6%E6%88%B7"
    )


def test_search_in_english(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/search?q=call+the+hotline")
    hrefs = [urlsplit(a["href"]).path for a in page.select(".result a.result-title")]
    assert "/en/articles/contact-hotline" in hrefs[:3]
    ranks = [pages_query(a["href"])["rank"] for a in page.select(".result a.result-title")]
    assert ranks == [str(n) for n in range(1, len(ranks) + 1)]


def test_search_offers_did_you_mean(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/search?q=frgot+pasword")
    link = page.one(".did-you-mean a")
    assert link.text() == "forgot password"
    assert link["href"] == "/en/search?q=forgot+password"


def test_search_without_an_answer_offers_people(pages_web: TestClient) -> None:
    for locale in LOCALES:
        page = pages_get(pages_web, f"/{locale}/search?q=zzqx+vvbnm")
        empty = page.one(".empty-state")
        links = [a["href"] for a in empty.select("a")]
        assert "tel:4001002025" in links
        assert f"/{locale}/contact#chat" in links
        assert f"/{locale}/contact" in links
        assert len(page.select(".result")) <= 3


def test_an_empty_search_asks_for_words(pages_web: TestClient) -> None:
    for query in ["", "q=", "q=+++"]:
        page = pages_get(pages_web, f"/en/search?{query}")
        assert page.one(".search-prompt")
        assert not page.select(".result")
        assert not page.select(".empty-state")


def test_a_too_long_search_is_a_422_page_in_both_languages(pages_web: TestClient) -> None:
    response = pages_web.get("/zh-CN/search", params={"q": "退款" * MAX_QUERY_CHARS})
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    messages = [p.text() for p in pages_parse(response.text).select(".error-message")]
    assert "搜索内容过长" in messages[0]
    assert "too long" in messages[1]


def test_search_escapes_the_query(pages_web: TestClient) -> None:
    response = pages_web.get("/en/search", params={"q": '<script>alert("x")</script>'})
    assert response.status_code == 200
    assert '<script>alert("x")</script>' not in response.text
    assert "&lt;script&gt;" in response.text
    assert pages_parse(response.text).one("input[name=q]")["value"] == '<script>alert("x")</script>'


def test_cross_locale_hits_are_marked(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/search?q=" + "紧急冻结账户")  # a Chinese query on the English site
    results = page.select(".result")
    assert results
    for result in results:
        note = result.one(".cross-locale-note").text()
        link = result.one("a.result-title")
        if urlsplit(link["href"]).path.startswith("/en/"):
            assert note == "Matched the Chinese version"
        else:
            assert (note, link["hreflang"]) == ("Only in Chinese", "zh-CN")
    page = pages_get(pages_web, "/en/search?q=freeze+my+account")
    assert page.select(".result")
    assert not page.select(".cross-locale-note")


def test_an_ambiguous_search_asks_which(pages_web: TestClient, pages_services: Services) -> None:
    answer = pages_services.helpcenter.snapshot.search("support", "en")
    page = pages_get(pages_web, "/en/search?q=support")
    assert bool(page.select(".ambiguous-note")) == (answer.confidence == "ambiguous")
    assert len(page.select(".result")) == len(answer.hits)


def _recorded(
    confidence: Confidence, hits: list[SearchHit], did_you_mean: str | None = None
) -> RecordedSearch:
    response = SearchResponse(
        "refnd", "en", hits, confidence, did_you_mean=did_you_mean, query_locale="zh-CN"
    )
    return RecordedSearch("ab12", response, 1.0)


def _hit(slug: str, locale: str = "en", cross_locale: bool = False) -> SearchHit:
    return SearchHit(slug, locale, slug.title(), 1.0, "support", "a <mark>b</mark>", "", cross_locale)


def test_search_view() -> None:
    hits = [_hit(f"a{n}") for n in range(5)]
    view = views.search_view("refnd", _recorded("ambiguous", hits, "refund"), "en")
    assert (view.ambiguous, view.empty, view.did_you_mean) == (True, False, "refund")
    assert [r.url for r in view.results][:2] == [
        "/en/articles/a0?sid=ab12&rank=1",
        "/en/articles/a1?sid=ab12&rank=2",
    ]
    assert str(view.results[0].snippet) == "a <mark>b</mark>"

    view = views.search_view("Refund ", _recorded("none", hits, "refund"), "en")
    assert view.empty
    assert len(view.results) == views.WEAK_RESULTS  # a few weak hits under the empty state
    assert view.did_you_mean is None  # the same words: nothing to offer

    assert views.search_view("x", _recorded("clear", []), "en").empty

    crossed = [_hit("same", "en", cross_locale=True), _hit("other", "zh-CN", cross_locale=True)]
    results = views.search_view("退款", _recorded("clear", crossed), "en").results
    assert [(r.only_in, r.matched_in) for r in results] == [(None, "zh-CN"), ("zh-CN", None)]


# -- clicks from search -------------------------------------------------------------------------------------


def test_a_click_from_search_is_recorded(pages_web: TestClient, pages_services: Services) -> None:
    page = pages_get(pages_web, "/en/search?q=freeze+account")
    first = page.select(".result a.result-title")[0]["href"]
    tracking = pages_query(first)
    assert tracking["rank"] == "1"
    pages_get(pages_web, first)
    pages_services.recorder.flush()
    with pages_services.database.session() as session:
        clicks = session.scalars(select(SearchClick).where(SearchClick.search_id == tracking["sid"])).all()
    assert [(c.rank, c.locale, f"/en/articles/{c.slug}") for c in clicks] == [(1, "en", urlsplit(first).path)]


@pytest.mark.parametrize(
    "query",
    ["sid=zz-not-hex&rank=1", f"sid={'a' * 33}&rank=1", "sid=abc123&rank=0", "sid=abc123&rank=101", "rank=2"],
)
def test_bad_tracking_parameters_are_ignored(
    pages_web: TestClient, pages_services: Services, query: str
) -> None:
    pages_get(pages_web, f"/en/articles/track-a-case?{query}")
    pages_services.recorder.flush()
    with pages_services.database.session() as session:
        clicks = session.scalars(select(SearchClick).where(SearchClick.slug == "track-a-case")).all()
    assert clicks == []
