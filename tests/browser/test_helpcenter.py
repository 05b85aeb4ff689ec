"""The help center in a real browser (phone-sized Chromium) against ``kefu serve``: real typing and clicks.

Each test starts from a fresh browser context (no cookies) and checks what a visitor sees, and, where the
page talks to the server behind the scenes, what the server recorded.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Browser, Page, expect

from .conftest import NewPage
from .live import PHONE, LiveServer
from .screenshots import SHOTS, take_screenshots

RESULT_LINKS = ".result a.result-title"


def _path(page: Page) -> str:
    return urlsplit(page.url).path


def _query(page: Page) -> dict[str, list[str]]:
    return parse_qs(urlsplit(page.url).query)


def _search_from_home(page: Page, locale: str, text: str) -> None:
    page.goto(f"/{locale}/")
    box = page.locator("form[role=search] input[name=q]")
    box.click()
    box.press_sequentially(text, delay=30)
    box.press("Enter")
    page.wait_for_url(re.compile(rf"/{re.escape(locale)}/search\?"))


def _open_first_result(page: Page) -> str:
    """Click the first result; the slug of the article it opened."""
    first = page.locator(RESULT_LINKS).first
    expect(first).to_be_visible()
    first.click()
    page.wait_for_url(re.compile(r"/articles/"))
    expect(page.locator("h1.article-title")).to_be_visible()
    return _path(page).rsplit("/", 1)[1]


def _helpful_votes(server: LiveServer, slug: str, locale: str) -> int:
    report = server.get(
        "/api/v1/reports/searches",
        params={"limit": 500},
        headers={"Authorization": f"Bearer {server.admin_token}"},
    )
    assert report.status_code == 200, report.text
    rows = [row for row in report.json()["articles"] if (row["slug"], row["locale"]) == (slug, locale)]
    return sum(row["helpful"] for row in rows)


def test_chinese_search_to_article_then_switch_to_its_english_translation(
    new_page: NewPage, live_server: LiveServer
) -> None:
    page = new_page(locale="zh-CN")
    page.goto("/zh-CN/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-CN")
    box = page.locator("form[role=search] input[name=q]")
    box.click()
    # Instant suggestions appear while typing (after 怎么) …
    box.press_sequentially("怎么", delay=50)
    expect(page.locator("#suggestions li a").first).to_be_visible()
    box.press_sequentially("投诉", delay=50)
    box.press("Enter")

    # … and Enter searches for what was typed.
    page.wait_for_url(re.compile(r"/zh-CN/search\?"))
    assert _query(page)["q"] == ["怎么投诉"]
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    slug = _open_first_result(page)
    assert _path(page) == f"/zh-CN/articles/{slug}"
    expect(page.locator("nav.breadcrumbs")).to_be_visible()

    english = live_server.get(f"/api/v1/articles/zh-CN/{slug}").json()["translations"]["en"]
    switch = page.locator("a.lang-switch[hreflang=en]")
    expect(switch).to_be_visible()
    switch.click()
    page.wait_for_url(re.compile(r"/en/articles/"))
    assert _path(page) == f"/en/articles/{english}"
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("h1.article-title")).to_be_visible()

    # The choice is remembered although the browser's language is Chinese.
    page.goto("/")
    assert _path(page) == "/en/"


def test_english_search_open_and_vote_helpful_without_reload(
    new_page: NewPage, live_server: LiveServer
) -> None:
    page = new_page(locale="en-US")
    _search_from_home(page, "en", "how to track my case")
    assert _query(page)["q"] == ["how to track my case"]
    slug = _open_first_result(page)
    before = _helpful_votes(live_server, slug, "en")

    page.evaluate("window.__sameDocument = true")
    with page.expect_response(lambda r: r.url.endswith("/api/v1/feedback")) as sent:
        page.locator("form.feedback button[name=helpful][value=yes]").click()
    assert sent.value.request.method == "POST" and sent.value.status == 201
    expect(page.locator(".feedback-thanks")).to_be_visible()
    expect(page.locator("form.feedback")).to_have_count(0)
    # Thanked by the script: still the same document, at the same URL.
    assert page.evaluate("window.__sameDocument === true")
    assert "voted" not in _query(page)

    assert _helpful_votes(live_server, slug, "en") == before + 1


def test_everything_works_without_javascript(new_page: NewPage, live_server: LiveServer) -> None:
    page = new_page(locale="en-US", javascript=False)
    _search_from_home(page, "en", "hotline number")
    expect(page.locator("#suggestions")).to_be_hidden()
    assert page.locator(RESULT_LINKS).count() >= 1
    slug = _open_first_result(page)
    before = _helpful_votes(live_server, slug, "en")

    page.locator("form.feedback button[name=helpful][value=yes]").click()
    page.wait_for_url(re.compile(r"voted=yes"))
    assert _path(page) == f"/en/articles/{slug}"
    expect(page.locator(".feedback-thanks")).to_be_visible()
    expect(page.locator("form.feedback")).to_have_count(0)
    assert _helpful_votes(live_server, slug, "en") == before + 1


def test_nonsense_query_shows_the_empty_state_with_the_hotline(new_page: NewPage) -> None:
    page = new_page(locale="en-US")
    _search_from_home(page, "en", "zxqv plorbic wuggle")
    empty = page.locator(".empty-state")
    expect(empty).to_be_visible()
    hotline = empty.locator("a[href^='tel:']")
    expect(hotline).to_be_visible()
    assert re.fullmatch(r"tel:\+?[0-9]{6,}", hotline.first.get_attribute("href") or "")


def test_did_you_mean_repairs_a_misspelt_query(new_page: NewPage) -> None:
    page = new_page(locale="en-US")
    _search_from_home(page, "en", "hotlien nubmer")
    suggestion = page.locator(".did-you-mean a")
    expect(suggestion).to_be_visible()
    expect(suggestion).to_have_text("hotline number")
    suggestion.click()
    page.wait_for_url(re.compile(r"/en/search\?"))
    assert _query(page)["q"] == ["hotline number"]
    expect(page.locator(".did-you-mean")).to_have_count(0)
    expect(page.locator(RESULT_LINKS).first).to_be_visible()
    expect(page.locator(".empty-state")).to_have_count(0)


def test_the_root_follows_the_browser_language(new_page: NewPage) -> None:
    english = new_page(locale="en-US")
    english.goto("/")
    assert _path(english) == "/en/"
    expect(english.locator("html")).to_have_attribute("lang", "en")

    chinese = new_page(locale="zh-CN")
    chinese.goto("/")
    assert _path(chinese) == "/zh-CN/"
    expect(chinese.locator("html")).to_have_attribute("lang", "zh-CN")


def test_screenshots_of_the_main_pages(browser: Browser, live_server: LiveServer, tmp_path: Path) -> None:
    written = take_screenshots(browser, live_server.url, tmp_path)
    assert sorted(p.name for p in written) == sorted(SHOTS)
    for path in written:
        data = path.read_bytes()
        assert data[:8] == b"\x89PNG\r\n\x1a\n", path.name
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width == PHONE["width"], (path.name, width)
        assert height >= PHONE["height"] // 2, (path.name, height)
