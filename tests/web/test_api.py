"""The REST API over HTTP, on the starter help center, on each database backend."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from kefu.analytics.records import ArticleFeedback, SearchClick, SearchEvent
from kefu.web.services import Services

from .conftest import ADMIN_TOKEN


def _error(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    error = body["error"]
    assert error["code"] and error["message"]["en"] and error["message"]["zh-CN"], error
    assert error["request_id"] == response.headers["x-request-id"]
    return error


def test_search_in_chinese_finds_the_hotline(web_client: TestClient) -> None:
    response = web_client.get("/api/v1/search", params={"q": "客服电话是多少", "locale": "zh-CN"})
    assert response.status_code == 200
    body = response.json()
    assert body["hits"][0]["slug"] == "contact-hotline"
    assert body["hits"][0]["locale"] == "zh-CN"
    assert body["confidence"] in ("clear", "ambiguous")
    assert len(body["search_id"]) == 32
    assert body["hits"][0]["url"].startswith("/zh-CN/articles/contact-hotline?sid=")


def test_search_without_locale_answers_in_the_query_language(web_client: TestClient) -> None:
    body = web_client.get("/api/v1/search", params={"q": "how do I track my case"}).json()
    assert body["locale"] == "en"
    assert body["hits"][0]["locale"] == "en"
    assert body["hits"][0]["slug"] == "track-a-case"


def test_search_highlights_and_repairs_typos(web_client: TestClient) -> None:
    body = web_client.get("/api/v1/search", params={"q": "hotlien number", "locale": "en"}).json()
    assert body["did_you_mean"]
    assert body["hits"][0]["slug"] == "contact-hotline"
    assert "<mark>" in "".join(hit["snippet"] for hit in body["hits"])


def test_off_topic_search_has_no_confident_answer(web_client: TestClient) -> None:
    body = web_client.get("/api/v1/search", params={"q": "菠萝披萨的做法", "locale": "zh-CN"}).json()
    assert body["confidence"] == "none"


@pytest.mark.parametrize(
    ("params", "status", "code"),
    [
        ({"q": ""}, 422, "empty_query"),
        ({"q": "   "}, 422, "empty_query"),
        ({"q": "x" * 10_000}, 422, "query_too_long"),
        ({"q": "退款", "locale": "fr"}, 422, "invalid_locale"),
        ({"q": "退款", "limit": "0"}, 422, "invalid_request"),
        ({"q": "退款", "limit": "many"}, 422, "invalid_request"),
        ({}, 422, "invalid_request"),
    ],
)
def test_bad_search_requests_get_a_clear_bilingual_4xx(
    web_client: TestClient, params: dict, status: int, code: str
) -> None:
    response = web_client.get("/api/v1/search", params=params)
    assert response.status_code == status
    assert _error(response)["code"] == code


def test_locale_is_forgiving_about_case(web_client: TestClient) -> None:
    assert web_client.get("/api/v1/search", params={"q": "refund", "locale": "EN"}).json()["locale"] == "en"
    assert (
        web_client.get("/api/v1/search", params={"q": "退款", "locale": "zh_cn"}).json()["locale"] == "zh-CN"
    )


def test_suggest(web_client: TestClient) -> None:
    body = web_client.get("/api/v1/suggest", params={"q": "投诉", "locale": "zh-CN"}).json()
    assert body["suggestions"]
    assert all(s["url"].startswith("/zh-CN/articles/") for s in body["suggestions"])
    pinyin = web_client.get("/api/v1/suggest", params={"q": "tousu", "locale": "zh-CN"}).json()
    assert pinyin["suggestions"]
    assert web_client.get("/api/v1/suggest", params={"q": " ", "locale": "en"}).json()["suggestions"] == []
    question = web_client.get("/api/v1/suggest", params={"q": "怎么投诉", "locale": "zh-CN"}).json()
    assert "file-a-complaint" in [s["slug"] for s in question["suggestions"]]
    english = web_client.get("/api/v1/suggest", params={"q": "where is my case", "locale": "en"}).json()
    assert english["suggestions"][0]["kind"] == "answer"
    nonsense = web_client.get("/api/v1/suggest", params={"q": "菠萝披萨的做法", "locale": "zh-CN"}).json()
    assert nonsense["suggestions"] == []
    assert web_client.get("/api/v1/suggest", params={"q": "a" * 101}).status_code == 422


def test_articles_and_categories(web_client: TestClient) -> None:
    listing = web_client.get("/api/v1/articles", params={"locale": "en"}).json()
    assert len(listing) == 20
    assert {a["locale"] for a in listing} == {"en"}
    support = web_client.get("/api/v1/articles", params={"locale": "en", "category": "support"}).json()
    assert support and all(a["category"] == "support" for a in support)
    assert web_client.get("/api/v1/articles", params={"category": "nope"}).status_code == 422
    categories = web_client.get("/api/v1/categories", params={"locale": "zh-CN"}).json()
    assert sum(c["article_count"] for c in categories) == 20
    assert all(c["name"] and c["url"].startswith("/zh-CN/categories/") for c in categories)


def test_one_article_with_its_translation_and_links(web_client: TestClient) -> None:
    body = web_client.get("/api/v1/articles/en/ways-to-contact-us").json()
    assert body["translations"] == {"zh-CN": "ways-to-contact-us", "en": "ways-to-contact-us"}
    assert '<a href="/en/articles/contact-hotline" class="kb-ref">' in body["html"]
    assert "contact-hotline" in body["see_also"]
    assert body["related"] and body["sections"]
    missing = web_client.get("/api/v1/articles/en/no-such-article")
    assert missing.status_code == 404
    assert _error(missing)["code"] == "article_not_found"
    assert web_client.get("/api/v1/articles/xx/ways-to-contact-us").status_code == 422


def test_feedback_is_recorded(web_client: TestClient, web_services: Services) -> None:
    response = web_client.post(
        "/api/v1/feedback",
        json={"slug": "track-a-case", "locale": "en", "helpful": True, "comment": " clear "},
    )
    assert response.status_code == 201
    vote_id = response.json()["id"]
    with web_services.database.session() as session:
        vote = session.get(ArticleFeedback, vote_id)
        assert vote is not None and vote.helpful and vote.comment == "clear"


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ('{"slug": "track-a-case", "locale": "en", "helpful": tru', 400),
        ('{"slug": "track-a-case", "locale": "fr", "helpful": true}', 422),
        ('{"slug": "track-a-case", "locale": "en"}', 422),
        ('{"slug": "no-such", "locale": "en", "helpful": true}', 404),
        ("[]", 422),
    ],
)
def test_bad_feedback_is_refused_and_writes_nothing(
    web_client: TestClient, web_services: Services, body: str, status: int
) -> None:
    with web_services.database.session() as session:
        before = session.scalar(select(func.count()).select_from(ArticleFeedback))
    response = web_client.post("/api/v1/feedback", content=body, headers={"content-type": "application/json"})
    assert response.status_code == status
    _error(response)
    with web_services.database.session() as session:
        assert session.scalar(select(func.count()).select_from(ArticleFeedback)) == before


def test_search_and_click_reach_the_analytics_log(web_client: TestClient, web_services: Services) -> None:
    search = web_client.get("/api/v1/search", params={"q": "升级投诉", "locale": "zh-CN"}).json()
    hit = search["hits"][0]
    click = {"search_id": search["search_id"], "slug": hit["slug"], "locale": "zh-CN", "rank": 1}
    assert web_client.post("/api/v1/clicks", json=click).status_code == 202
    web_services.recorder.flush()
    with web_services.database.session() as session:
        event = session.get(SearchEvent, search["search_id"])
        assert event is not None
        assert event.query == "升级投诉" and event.channel == "api"
        assert event.result_slugs[0] == hit["slug"]
        clicks = session.scalars(
            select(SearchClick).where(SearchClick.search_id == search["search_id"])
        ).all()
        assert [(c.slug, c.rank) for c in clicks] == [(hit["slug"], 1)]


def test_search_report_needs_the_admin_token(web_client: TestClient, web_services: Services) -> None:
    web_client.get("/api/v1/search", params={"q": "菠萝披萨的做法", "locale": "zh-CN"})
    web_services.recorder.flush()
    assert web_client.get("/api/v1/reports/searches").status_code == 403
    wrong = web_client.get("/api/v1/reports/searches", headers={"Authorization": "Bearer nope"})
    assert wrong.status_code == 403
    _error(wrong)
    ok = web_client.get("/api/v1/reports/searches", headers={"Authorization": f"Bearer {ADMIN_TOKEN}"})
    assert ok.status_code == 200
    assert any("菠萝" in row["query"] for row in ok.json()["zero_result"])


def test_health_and_readiness(web_client: TestClient) -> None:
    assert web_client.get("/healthz").json()["status"] == "ok"
    ready = web_client.get("/readyz")
    assert ready.status_code == 200
    assert ready.json()["checks"]["search"]["articles"] == 40


def test_request_ids(web_client: TestClient) -> None:
    given = web_client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = web_client.get("/healthz", headers={"X-Request-ID": "bad id with spaces\n"})
    assert made.headers["x-request-id"] != "bad id with spaces"
    assert len(made.headers["x-request-id"]) == 16


def test_unknown_api_route_and_method_are_json(web_client: TestClient) -> None:
    missing = web_client.get("/api/v1/nope")
    assert missing.status_code == 404 and _error(missing)["code"] == "not_found"
    wrong = web_client.delete("/api/v1/search")
    assert wrong.status_code == 405 and _error(wrong)["code"] == "method_not_allowed"


def test_openapi_describes_the_api(web_client: TestClient) -> None:
    spec = web_client.get("/api/v1/openapi.json").json()
    for path in (
        "/api/v1/search",
        "/api/v1/suggest",
        "/api/v1/articles",
        "/api/v1/categories",
        "/api/v1/feedback",
    ):
        assert path in spec["paths"], path
    assert web_client.get("/api/docs").status_code == 200


def test_a_comment_joins_the_vote_it_follows(web_client: TestClient, web_services: Services) -> None:
    first = web_client.post(
        "/api/v1/feedback", json={"slug": "sms-support", "locale": "en", "helpful": False}
    )
    vote_id = first.json()["id"]
    comment = {
        "slug": "sms-support",
        "locale": "en",
        "helpful": False,
        "comment": "no number",
        "vote_id": vote_id,
    }
    second = web_client.post("/api/v1/feedback", json=comment)
    assert second.status_code == 201 and second.json()["id"] == vote_id
    assert web_client.post("/api/v1/feedback", json=comment).status_code == 409
    elsewhere = {**comment, "slug": "email-support", "comment": "x"}
    assert web_client.post("/api/v1/feedback", json=elsewhere).status_code == 404
    with web_services.database.session() as session:
        votes = session.scalars(select(ArticleFeedback).where(ArticleFeedback.slug == "sms-support")).all()
        assert [(v.id, v.comment) for v in votes] == [(vote_id, "no number")]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(query=st.text(min_size=0, max_size=80), locale=st.sampled_from(["zh-CN", "en", "", "ZH-cn", "xx"]))
def test_no_query_makes_a_server_error(web_client: TestClient, query: str, locale: str) -> None:
    params = {"q": query, "locale": locale} if locale else {"q": query}
    for path in ("/api/v1/search", "/api/v1/suggest", "/zh-CN/search"):
        response = web_client.get(path, params=params)
        assert response.status_code in (200, 422), (path, query, response.text[:300])


def test_uptime_checks_may_use_head(web_client: TestClient) -> None:
    for path in ("/", "/en/", "/zh-CN/contact", "/en/categories/support"):
        response = web_client.head(path, follow_redirects=False)
        assert response.status_code in (200, 302), path
        assert response.content == b""
