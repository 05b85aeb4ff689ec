"""The help center pages (kefu.web.helpcenter), through HTTP on a running app over the starter help center:
the root and language switch, home, categories, contact, error pages, static files and caching.

One app per module, lexical-only search (``search_encoders=[]``: fast to build, enough for pages; the fixtures
are in conftest.py, the HTML helpers in pages_html.py). Cookies are cleared around every test (``pages_web``),
and tests that count rows look only at rows they made, so they do not depend on each other. Articles and
feedback are in test_pages_article.py, search and clicks from it in test_pages_search.py.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request

from kefu.helpcenter.categories import category_info
from kefu.kb.model import LOCALES
from kefu.web.helpcenter import render
from kefu.web.helpcenter.params import local_path, valid_rank, valid_search_id
from kefu.web.helpcenter.strings import STRINGS
from kefu.web.services import Services

from .pages_html import PagesNode, pages_get, pages_parse, pages_query

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
