"""The help center article page and its feedback form, through HTTP on a running app over the starter help
center (fixtures in conftest.py, HTML helpers in pages_html.py; one app per module).
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select

from kefu.analytics.records import ArticleFeedback, ArticleView
from kefu.web.helpcenter.strings import STRINGS
from kefu.web.services import Services

from .pages_html import pages_get, pages_parse, pages_query

# -- articles -----------------------------------------------------------------------------------------------


def test_article_page(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/articles/spot-impersonators")
    assert page.one("h1.article-title").text() == "Recognise scammers pretending to be support"
    crumbs = page.one("nav.breadcrumbs")
    assert [a["href"] for a in crumbs.select("a")] == ["/en/", "/en/categories/security"]
    assert [li.text().strip() for li in crumbs.select("li")] == [
        "Home",
        "Security and fraud",
        "Recognise scammers pretending to be support",
    ]
    references = {a["href"] for a in page.select(".article-body a.kb-ref")}
    assert references == {"/en/articles/verify-official-contact", "/en/articles/emergency-freeze"}
    related = [a["href"] for a in page.select(".related a")]
    assert related[:2] == ["/en/articles/verify-official-contact", "/en/articles/emergency-freeze"]
    assert "/en/articles/spot-impersonators" not in related

    alternates = {link["hreflang"]: link["href"] for link in page.select("link[rel=alternate]")}
    assert alternates == {
        "en": "/en/articles/spot-impersonators",
        "zh-CN": "/zh-CN/articles/spot-impersonators",
    }
    switch = page.one("a.lang-switch")
    assert switch["hreflang"] == "zh-CN"
    assert pages_query(switch["href"])["next"] == "/zh-CN/articles/spot-impersonators"

    feedback = page.one("form.feedback")
    assert feedback["method"] == "post"
    assert feedback["action"] == "/en/articles/spot-impersonators/feedback"
    assert feedback.select("button[name=helpful][value=yes]")
    assert feedback.select("button[name=helpful][value=no]")
    assert not page.select(".feedback-thanks")


def test_article_markup_in_the_body_is_escaped(pages_web: TestClient) -> None:
    text = pages_web.get("/zh-CN/articles/verify-official-contact").text
    assert "<table>" in text  # Markdown tables render (the body is trusted HTML from the renderer)
    assert "<script>" not in text.replace('<script src="/static/', "")


@pytest.mark.parametrize(
    "url", ["/en/articles/no-such-article", "/zh-CN/articles/%3Cscript%3E", "/fr/articles/spot-impersonators"]
)
def test_unknown_article_is_a_404_page_offering_search(pages_web: TestClient, url: str) -> None:
    page = pages_get(pages_web, url, status=404)
    assert page.select("form[role=search] input[name=q]")
    assert "<script>" not in page.one("main").text()


def test_every_article_view_is_recorded(pages_web: TestClient, pages_services: Services) -> None:
    def views() -> int:
        pages_services.recorder.flush()
        with pages_services.database.session() as session:
            rows = session.scalars(
                select(ArticleView).where(ArticleView.slug == "rate-support", ArticleView.locale == "zh-CN")
            )
            return len(rows.all())

    before = views()
    pages_get(pages_web, "/zh-CN/articles/rate-support")
    pages_get(pages_web, "/zh-CN/articles/rate-support?sid=abc&rank=3")
    assert views() == before + 2


# -- feedback -----------------------------------------------------------------------------------------------


def _votes(services: Services, slug: str) -> list[ArticleFeedback]:
    with services.database.session() as session:
        statement = select(ArticleFeedback).where(ArticleFeedback.slug == slug).order_by(ArticleFeedback.id)
        return list(session.scalars(statement))


def test_feedback_no_then_comment(pages_web: TestClient, pages_services: Services) -> None:
    url = "/en/articles/reopen-a-case"
    response = pages_web.post(
        f"{url}/feedback", data={"helpful": "no", "sid": "abc123"}, follow_redirects=False
    )
    assert response.status_code == 303
    [vote] = _votes(pages_services, "reopen-a-case")
    assert response.headers["location"] == f"{url}?voted=no&vote_id={vote.id}#feedback"

    page = pages_get(pages_web, response.headers["location"])
    thanks = page.one(".feedback-thanks")
    assert not page.select("form.feedback")
    assert thanks.select("form.feedback-comment textarea[name=comment]")
    assert thanks.one("form.feedback-comment input[name=vote_id]")["value"] == str(vote.id)
    assert "tel:4001002025" in [a["href"] for a in thanks.select("a")]
    assert "/en/contact#chat" in [a["href"] for a in thanks.select("a")]
    assert (vote.helpful, vote.locale, vote.search_id, vote.comment) == (False, "en", "abc123", "")

    response = pages_web.post(
        f"{url}/feedback",
        data={"helpful": "no", "comment": "  Which <b>form</b>?  ", "vote_id": str(vote.id)},
        follow_redirects=False,
    )
    assert response.headers["location"] == f"{url}?voted=no&commented=1#feedback"
    page = pages_get(pages_web, response.headers["location"])
    assert not page.select(".feedback-thanks form.feedback-comment")
    # the comment joined the vote: one "not helpful", not two
    [voted] = _votes(pages_services, "reopen-a-case")
    assert (voted.id, voted.comment) == (vote.id, "Which <b>form</b>?")
    again = pages_web.post(
        f"{url}/feedback", data={"helpful": "no", "comment": "more", "vote_id": str(vote.id)}
    )
    assert again.status_code == 409


def test_feedback_yes(pages_web: TestClient, pages_services: Services) -> None:
    url = "/zh-CN/articles/track-a-case"
    page = pages_get(pages_web, url, follow_redirects=True)
    assert page.select("form.feedback button[name=helpful][value=yes]")
    response = pages_web.post(f"{url}/feedback", data={"helpful": "yes"})  # followed: 303 → GET
    assert response.status_code == 200
    assert f"{url}?voted=yes&vote_id=" in str(response.url)
    page = pages_parse(response.text)
    assert page.one(".feedback-thanks").text().strip() == STRINGS["zh-CN"]["feedback_thanks_yes"]
    assert not page.select("form.feedback-comment")
    assert [v.helpful for v in _votes(pages_services, "track-a-case") if v.locale == "zh-CN"] == [True]


@pytest.mark.parametrize("data", [{}, {"helpful": "maybe"}, {"helpful": "1"}])
def test_feedback_needs_yes_or_no(pages_web: TestClient, data: dict[str, str]) -> None:
    response = pages_web.post("/en/articles/email-support/feedback", data=data)
    assert response.status_code == 422
    messages = [p.text() for p in pages_parse(response.text).select(".error-message")]
    assert "“Yes” or “No”" in messages[0]
    assert "有帮助" in messages[1]


def test_feedback_on_an_unknown_article_is_404(pages_web: TestClient) -> None:
    response = pages_web.post("/en/articles/nope/feedback", data={"helpful": "yes"})
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
