"""The help center pages (kefu.web.helpcenter), through HTTP on a running app over the starter help center.

One app per module, lexical-only search (``search_encoders=[]``: fast to build, enough for pages). Cookies are
cleared around every test (``pages_web``), and tests that count rows look only at rows they made (their own
search id or slug), so they do not depend on each other.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.requests import Request

from kefu.analytics.records import ArticleFeedback, ArticleView, SearchClick
from kefu.config import load_settings
from kefu.helpcenter.categories import category_info
from kefu.helpcenter.searching import MAX_QUERY_CHARS, RecordedSearch
from kefu.kb.model import LOCALES
from kefu.search.results import Confidence, SearchHit, SearchResponse
from kefu.web.app import create_app
from kefu.web.helpcenter import render, views
from kefu.web.helpcenter.params import local_path, valid_rank, valid_search_id
from kefu.web.helpcenter.strings import STRINGS
from kefu.web.services import Services

# -- a small HTML tree with CSS-like selection (tag, #id, .class, [attr], [attr=value], descendants) ---------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class PagesNode:
    tag: str
    attrs: dict[str, str]
    parent: PagesNode | None = None
    children: list[PagesNode | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[PagesNode]:
        for child in self.children:
            if isinstance(child, PagesNode):
                yield child
                yield from child.iter()

    def select(self, selector: str) -> list[PagesNode]:
        steps = [_compound(part) for part in selector.split()]
        return [node for node in self.iter() if _matches(node, steps)]

    def one(self, selector: str) -> PagesNode:
        found = self.select(selector)
        assert len(found) == 1, f"{selector!r}: {len(found)} matches"
        return found[0]

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]


_PART = re.compile(r"([#.][\w-]+)|\[([\w-]+)(?:=\"?([^\]\"]*)\"?)?\]|([\w-]+)")


def _compound(text: str) -> list[tuple[str, str, str | None]]:
    return [
        ("#", m[1][1:], None)
        if m[1] and m[1][0] == "#"
        else (".", m[1][1:], None)
        if m[1]
        else ("[", m[2], m[3])
        if m[2]
        else ("tag", m[4], None)
        for m in _PART.finditer(text)
    ]


def _match_one(node: PagesNode, compound: list[tuple[str, str, str | None]]) -> bool:
    for kind, name, value in compound:
        if kind == "tag" and node.tag != name:
            return False
        if kind == "#" and node.attrs.get("id") != name:
            return False
        if kind == "." and name not in node.classes:
            return False
        if kind == "[" and (name not in node.attrs or (value is not None and node.attrs[name] != value)):
            return False
    return True


def _matches(node: PagesNode, steps: list[list[tuple[str, str, str | None]]]) -> bool:
    if not _match_one(node, steps[-1]):
        return False
    ancestor, remaining = node.parent, steps[:-1]
    while remaining and ancestor is not None:
        if _match_one(ancestor, remaining[-1]):
            remaining = remaining[:-1]
        ancestor = ancestor.parent
    return not remaining


class _TreeBuilder(HTMLParser):
    """Builds a PagesNode tree; <template> content is left out, as a browser keeps it out of the DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = PagesNode("#document", {})
        self.stack = [self.root]
        self.in_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_template:
            self.in_template += tag == "template"
            return
        node = PagesNode(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag == "template":
            self.in_template = 1
        elif tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.in_template:
            self.in_template -= tag == "template"
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.in_template:
            self.stack[-1].children.append(data)


def pages_parse(text: str) -> PagesNode:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def pages_query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# -- the app ------------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pages_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory: Path = tmp_path_factory.mktemp("pages")
    settings = load_settings(
        data_dir=directory,
        database_url=f"sqlite:///{(directory / 'kefu.db').as_posix()}",
        kb_dir=None,
        search_encoders=[],
        kb_refresh_seconds=0,
    )
    # raise_server_exceptions (the default): any 500 fails the test that caused it, with its traceback
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def pages_web(pages_client: TestClient) -> Iterator[TestClient]:
    """The module's client with no cookies (the language switch sets one)."""
    pages_client.cookies.clear()
    yield pages_client
    pages_client.cookies.clear()


@pytest.fixture
def pages_services(pages_client: TestClient) -> Services:
    found: Services = pages_client.app.state.services  # type: ignore[attr-defined]
    return found


def pages_get(client: TestClient, url: str, status: int = 200, **kwargs: Any) -> PagesNode:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return pages_parse(response.text)


# -- root and language --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("accept_language", "expected"),
    [
        ("en-US,en;q=0.9", "/en/"),
        ("zh-TW,zh;q=0.9,en;q=0.5", "/zh-CN/"),
        ("fr-FR,en;q=0.5", "/en/"),
        ("fr-FR", "/zh-CN/"),
        ("", "/zh-CN/"),
    ],
)
def test_root_redirects_by_accept_language(
    pages_web: TestClient, accept_language: str, expected: str
) -> None:
    response = pages_web.get("/", headers={"Accept-Language": accept_language}, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == expected
    assert response.headers["cache-control"] == "no-store"


def test_root_prefers_the_language_cookie(pages_web: TestClient) -> None:
    pages_web.cookies.set("kefu_locale", "en")
    response = pages_web.get("/", headers={"Accept-Language": "zh-CN"}, follow_redirects=False)
    assert response.headers["location"] == "/en/"


def test_locale_switch_sets_the_cookie_and_goes_to_next(pages_web: TestClient) -> None:
    response = pages_web.get("/locale/en?next=/en/contact", follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/en/contact"
    cookie = response.headers["set-cookie"]
    assert "kefu_locale=en" in cookie
    assert "Max-Age=31536000" in cookie
    assert "Path=/" in cookie
    assert "samesite=lax" in cookie.lower()
    # and the next visit to / follows it
    assert pages_web.get("/", follow_redirects=False).headers["location"] == "/en/"


@pytest.mark.parametrize(
    "target",
    [
        "//evil.example",
        "//evil.example/en/",
        "https://evil.example/",
        "/\\evil.example",
        "/\t/evil.example",
        "en/",
    ],
)
def test_locale_switch_refuses_to_leave_the_site(pages_web: TestClient, target: str) -> None:
    response = pages_web.get("/locale/zh-CN", params={"next": target}, follow_redirects=False)
    assert response.status_code == 302
    assert response.headers["location"] == "/zh-CN/"


def test_locale_switch_to_an_unknown_locale_is_404(pages_web: TestClient) -> None:
    response = pages_web.get("/locale/fr?next=/", follow_redirects=False)
    assert response.status_code == 404
    assert "set-cookie" not in response.headers


def test_redirect_targets_are_checked() -> None:
    assert local_path("/en/articles/x?sid=1#feedback") == "/en/articles/x?sid=1#feedback"
    for bad in ["", "//x", "///x", "http://x/", "/\\x", "/\nx", "x", "javascript:alert(1)"]:
        assert local_path(bad) is None, bad


def test_tracking_parameters_are_checked() -> None:
    assert valid_search_id("0123456789abcdef0123456789ABCDEF") is not None
    assert valid_search_id("a" * 33) is None
    assert valid_search_id("not-hex") is None
    assert valid_search_id("") is None
    assert [valid_rank(v) for v in ["1", "100", "0", "101", "-1", "x", "²", ""]] == [1, 100] + [None] * 6


# -- home, categories, contact ------------------------------------------------------------------------------


def test_home_lists_categories_popular_and_ways_to_get_help(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/zh-CN/")
    assert page.one("html")["lang"] == "zh-CN"
    assert "钱包帮助中心" in page.one("header").text()
    assert page.one("form[role=search]")["action"] == "/zh-CN/search"
    assert page.one("form[role=search] input[name=q]")["autocomplete"] == "off"
    assert page.one("#suggestions").tag == "ul"

    cards = page.select(".category-card")
    names = [card.one(".category-name").text() for card in cards]
    assert names == [category_info(key, "zh-CN").name for key in ("security", "support", "complaints")]
    assert cards[0]["href"] == "/zh-CN/categories/security"
    assert cards[0].one(".category-count").text() == "3 篇文章"

    popular = [a["href"] for a in page.select(".popular a")]
    assert popular, "no traffic yet: the support articles stand in"
    assert all(href.startswith("/zh-CN/articles/") for href in popular)

    help_links = [a["href"] for a in page.select(".still-need-help a")]
    assert help_links == ["/zh-CN/contact#chat", "tel:4001002025", "/zh-CN/contact"]
    assert page.one("a.lang-switch")["hreflang"] == "en"
    assert pages_query(page.one("a.lang-switch")["href"])["next"] == "/en/"


def test_popular_articles_follow_traffic(pages_web: TestClient, pages_services: Services) -> None:
    for _ in range(12):
        pages_get(pages_web, "/en/articles/download-case-file")
    pages_services.recorder.flush()
    page = pages_get(pages_web, "/en/")
    assert "/en/articles/download-case-file" in [a["href"] for a in page.select(".popular a")]


def test_category_page_lists_its_articles(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/categories/security")
    assert page.one("h1").text().strip().endswith("Security and fraud")
    crumbs = page.one("nav.breadcrumbs")
    assert [a["href"] for a in crumbs.select("a")] == ["/en/"]
    hrefs = {a["href"] for a in page.select("main .article-list a")}
    assert hrefs == {
        "/en/articles/emergency-freeze",
        "/en/articles/spot-impersonators",
        "/en/articles/verify-official-contact",
    }
    assert pages_query(page.one("a.lang-switch")["href"])["next"] == "/zh-CN/categories/security"


@pytest.mark.parametrize(
    "url", ["/en/categories/nonsense", "/en/categories/bills", "/zh-CN/categories/%3Cb%3E"]
)
def test_unknown_or_empty_category_is_404(pages_web: TestClient, url: str) -> None:
    page = pages_get(pages_web, url, status=404)
    assert page.select("form[role=search]")


def test_contact_page_lists_the_official_channels(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/zh-CN/contact")
    for kind in ("hotline", "chat", "sms", "email"):
        assert len(page.select(f"#{kind}")) == 1, kind
    assert [a["href"] for a in page.select("#hotline a")] == ["tel:4001002025", "tel:+862160002025"]
    assert "mailto:support@wallet.example" in [a["href"] for a in page.select("#email a")]
    warning = page.one(".safety-warning").text()
    assert "验证码" in warning
    assert "wallet.example" in warning
    assert page.one(".safety-warning a")["href"] == "/zh-CN/articles/verify-official-contact"


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


# -- errors, language, caching ------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/fr/", "/zh-cn/", "/en/nothing/here", "/en/articles/nope", "/favicon.ico"])
def test_404_pages_are_html_in_both_languages(pages_web: TestClient, url: str) -> None:
    response = pages_web.get(url)
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    page = pages_parse(response.text)
    messages = page.select(".error-message")
    chinese = [bool(re.search(r"[\u4e00-\u9fff]", m.text())) for m in messages]
    assert sorted(chinese) == [False, True]  # one message in each language
    assert messages[1]["lang"] == ("en" if chinese[0] else "zh-CN")
    assert page.one(".request-id code").text() == response.headers["x-request-id"]


def test_404_page_speaks_the_visitors_language(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/nowhere", status=404, headers={"Accept-Language": "en"})
    assert page.one("html")["lang"] == "en"
    page = pages_get(pages_web, "/en/articles/nope", status=404, headers={"Accept-Language": "zh-CN"})
    assert page.one("html")["lang"] == "en"


def test_every_page_renders(pages_web: TestClient, pages_services: Services) -> None:
    catalog = pages_services.helpcenter.snapshot.catalog
    for locale in LOCALES:
        for url in [f"/{locale}/", f"/{locale}/contact", f"/{locale}/search"]:
            pages_get(pages_web, url)
        for category in catalog.categories(locale):
            pages_get(pages_web, f"/{locale}/categories/{category}")
        for article in catalog.in_locale(locale):
            page = pages_get(pages_web, f"/{locale}/articles/{article.slug}")
            assert page.one("h1.article-title").text() == article.title
            assert page.one("html")["lang"] == locale


def test_ui_strings_exist_in_both_languages() -> None:
    assert STRINGS["zh-CN"].keys() == STRINGS["en"].keys()
    placeholders = {key: set(re.findall(r"\{(\w+)\}", text)) for key, text in STRINGS["en"].items()}
    assert placeholders == {k: set(re.findall(r"\{(\w+)\}", t)) for k, t in STRINGS["zh-CN"].items()}


def test_chinese_pages_have_no_english_ui_text(pages_web: TestClient) -> None:
    english = [text for text in STRINGS["en"].values() if " " in text and "{" not in text]
    pages = ["/zh-CN/", "/zh-CN/search", "/zh-CN/search?q=zzqx", "/zh-CN/articles/track-a-case?voted=no"]
    for url in pages:
        text = html.unescape(pages_web.get(url).text)
        assert not [phrase for phrase in english if phrase in text], url
    for url in pages[:2]:  # pages without article text, which may hold a Latin word (App, PDF)
        body = pages_parse(pages_web.get(url).text).one("body")
        words = set(re.findall(r"[A-Za-z]{2,}", "".join(_visible_text(body))))
        assert words <= {"English", "App"}, (url, words)


def _visible_text(node: PagesNode) -> Iterator[str]:
    for child in node.children:
        if isinstance(child, str):
            yield child
        elif child.tag not in ("script", "style"):
            yield from _visible_text(child)
    for name in ("placeholder", "aria-label", "title"):
        yield node.attrs.get(name, "")


def test_static_files_are_served_and_versioned(pages_web: TestClient) -> None:
    page = pages_get(pages_web, "/en/")
    stylesheet = page.one("link[rel=stylesheet]")["href"]
    script = page.one("script")["src"]
    assert re.fullmatch(r"/static/helpcenter\.css\?v=[0-9a-f]{12}", stylesheet)
    css = pages_web.get(stylesheet)
    assert css.status_code == 200
    assert "PingFang SC" in css.text
    js = pages_web.get(script)
    assert js.status_code == 200
    assert "/api/v1/suggest" in js.text
    assert "/api/v1/feedback" in js.text


@pytest.mark.skipif(shutil.which("node") is None, reason="no Node.js to check the script's syntax")
def test_the_script_parses() -> None:
    script = render.STATIC_DIR / "helpcenter.js"
    checked = subprocess.run(["node", "--check", str(script)], capture_output=True, text=True, check=False)
    assert checked.returncode == 0, checked.stderr


def test_page_caching(pages_web: TestClient) -> None:
    assert pages_web.get("/en/search?q=refund").headers["cache-control"] == "no-store"
    assert pages_web.get("/en/articles/track-a-case").headers["cache-control"] == "no-store"
    assert pages_web.get("/en/").headers["cache-control"].startswith("public")


# -- the error page itself ----------------------------------------------------------------------------------


def _request(path: str) -> Request:
    return Request({"type": "http", "method": "GET", "path": path, "headers": [], "query_string": b""})


def test_error_page_survives_a_malformed_body() -> None:
    response = render.render_error_page(_request("/en/x"), 500, {"error": {"message": {}}}, None)
    assert response.status_code == 500
    assert b"<html" in response.body


def test_error_page_falls_back_to_plain_html(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("templates are gone")

    monkeypatch.setattr(render.templates, "TemplateResponse", broken)
    body = {"error": {"message": {"zh-CN": "坏了<b>", "en": "Broken<b>"}, "request_id": "r1"}}
    response = render.render_error_page(_request("/zh-CN/"), 503, body, {"Retry-After": "5"})
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    text = bytes(response.body).decode()
    assert "坏了&lt;b&gt;" in text
    assert "Broken&lt;b&gt;" in text
    assert "r1" in text
