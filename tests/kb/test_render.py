"""Markdown to HTML: tables, raw HTML shown as text, references turned into links."""

from __future__ import annotations

from kefu.kb import Article, TitleIndex, render_article, render_html


def link(slug: str, locale: str) -> str:
    return f"/help/{locale}/{slug}"


TITLES = TitleIndex(
    [
        Article(
            "unfreeze-account", "en", "Unfreeze your account", "account", ("t",), "unfreeze-account", "B."
        ),
        Article("unfreeze-account", "zh-CN", "账户解冻", "account", ("t",), "unfreeze-account", "B."),
    ]
)


def test_tables_and_bold() -> None:
    html = render_html("**Fees**\n\n| Type | Fee |\n|---|---|\n| Bank | 0.1% |\n")
    assert "<p><strong>Fees</strong></p>" in html
    assert "<table>" in html and "<th>Type</th>" in html and "<td>0.1%</td>" in html


def test_raw_html_is_escaped() -> None:
    html = render_html('Hi <script>alert("x")</script>\n\n<div onclick="x">block</div>\n')
    assert "<script>" not in html and "<div" not in html
    assert "&lt;script&gt;" in html and "&lt;div onclick=" in html


def test_references_become_links_in_english() -> None:
    html = render_html('For that, see "Unfreeze your account".', locale="en", titles=TITLES, link=link)
    assert (
        'see &quot;<a href="/help/en/unfreeze-account" class="kb-ref">Unfreeze your account</a>&quot;.'
        in html
    )


def test_references_become_links_in_chinese_with_curly_and_corner_quotes() -> None:
    html = render_html("请参见“账户解冻”，或参见「账户解冻」。", locale="zh-CN", titles=TITLES, link=link)
    assert html.count('<a href="/help/zh-CN/unfreeze-account" class="kb-ref">账户解冻</a>') == 2
    assert "“<a" in html and "</a>”" in html and "「<a" in html


def test_unresolved_and_other_locale_references_stay_text() -> None:
    html = render_html(
        'see "Unfreeze your account" and see "Nothing"', locale="zh-CN", titles=TITLES, link=link
    )
    assert "<a" not in html


def test_without_titles_no_links() -> None:
    assert "<a" not in render_html('see "Unfreeze your account"', locale="en")


def test_existing_links_are_not_nested() -> None:
    html = render_html(
        '[see "Unfreeze your account"](https://example.com)', locale="en", titles=TITLES, link=link
    )
    assert html.count("<a ") == 1


def test_link_urls_are_escaped() -> None:
    html = render_html('see "Unfreeze your account"', locale="en", titles=TITLES, link=lambda s, _: f'x"{s}')
    assert 'href="x&quot;unfreeze-account"' in html


def test_render_article_uses_its_locale() -> None:
    article = Article("a", "zh-CN", "甲", "support", ("t",), "a", "参见“账户解冻”")
    assert "/help/zh-CN/unfreeze-account" in render_article(article, titles=TITLES, link=link)
