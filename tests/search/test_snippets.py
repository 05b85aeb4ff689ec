"""Highlighted snippets and the best-matching section of a hit."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.kb import Article, parse_article_text
from kefu.search.snippets import Highlighter, best_section

from .articles import ARTICLES, article_text

EN = """Move your balance to a <linked> card & keep the rest for later.

**Fees**

Withdrawals above 1,000 yuan cost 0.1% in fees.

**Arrival time**

Most withdrawals arrive within two hours; some take one business day.
"""

ZH = """您可以把余额提现到已绑定的银行卡，剩余的钱会留在钱包里。

**手续费**

单笔提现超过一千元收取千分之一的手续费。

**确认方式**

提现时需要输入<b>支付密码</b>确认，密码错误五次会被锁定。
"""


def make(body: str, locale: str = "en", slug: str = "withdraw-bank") -> Article:
    text = article_text("Withdraw to a bank card", locale, "topup-withdraw", ["withdraw"], slug, body)
    return parse_article_text(text, f"{slug}.{locale}.md")


def marks(snippet: str) -> list[str]:
    return re.findall(r"<mark>(.*?)</mark>", snippet)


def test_snippet_escapes_html_and_marks_matches() -> None:
    hl = Highlighter.for_words(["linked", "card"])
    snippet = hl.snippet("Move your balance to a <linked> card & keep the rest.", "en")
    assert (
        snippet == "Move your balance to a &lt;<mark>linked</mark>&gt; <mark>card</mark> &amp; keep the rest."
    )


def test_markup_in_the_text_never_survives() -> None:
    hl = Highlighter.for_words(["支付密码"])
    snippet = hl.snippet('请输入<b>支付密码</b>确认 <script>alert("x")</script>', "zh-CN")
    assert "<b>" not in snippet and "<script>" not in snippet
    assert "&lt;b&gt;<mark>支付密码</mark>&lt;/b&gt;" in snippet
    assert re.sub(r"</?mark>", "", snippet).count("<") == 0


def test_english_words_match_by_stem_prefix() -> None:
    hl = Highlighter.for_words(["withdrawal"])
    assert marks(hl.snippet("Most withdrawals arrive fast. Withdraw now.", "en")) == [
        "withdrawals",
        "Withdraw",
    ]


def test_chinese_longest_word_wins() -> None:
    hl = Highlighter.for_words(["支付密码"])
    assert marks(hl.snippet("输入支付密码确认，或使用登录密码。", "zh-CN")) == ["支付密码", "密码"]


def test_single_letters_are_not_highlighted() -> None:
    hl = Highlighter.for_words(["a", "i"])
    assert hl.pattern is None
    assert hl.snippet("a tiny <text>", "en") == "a tiny &lt;text&gt;"


def test_regex_characters_in_the_query_are_literal() -> None:
    hl = Highlighter.for_words(["(pin)*", "c++", "[密码]"])
    assert marks(hl.snippet("reset the PIN and 密码 (c)", "en")) == ["PIN", "密码"]


def test_window_around_a_late_match_is_elided_on_both_sides() -> None:
    text = " ".join(["filler"] * 60) + " freeze " + " ".join(["tail"] * 60)
    snippet = Highlighter.for_words(["freeze"]).snippet(text, "en")
    assert snippet.startswith("…") and snippet.endswith("…")
    assert marks(snippet) == ["freeze"]
    assert len(snippet) < len(text) / 2


def test_short_text_is_not_elided() -> None:
    snippet = Highlighter.for_words(["pin"]).snippet("Reset your PIN.", "en")
    assert snippet == "Reset your <mark>PIN</mark>."


def test_chinese_window_is_shorter_than_english() -> None:
    text = "冻结" + "的" * 400
    zh = Highlighter.for_words(["冻结"]).snippet(text, "zh-CN")
    en = Highlighter.for_words(["冻结"]).snippet(text, "en")
    assert len(zh) < len(en)


def test_best_section_picks_the_section_with_the_query_words() -> None:
    article = make(EN)
    heading, snippet = best_section(article, Highlighter.for_words(["withdrawal", "arrive"]))
    assert heading == "Arrival time"
    assert marks(snippet) == ["withdrawals", "arrive"]

    heading, snippet = best_section(article, Highlighter.for_words(["fees"]))
    assert heading == "Fees"
    assert "<mark>fees</mark>" in snippet


def test_best_section_in_chinese() -> None:
    article = make(ZH, "zh-CN")
    heading, snippet = best_section(article, Highlighter.for_words(["支付密码"]))
    assert heading == "确认方式"
    assert "<mark>支付密码</mark>" in snippet
    assert "&lt;b&gt;" in snippet  # the body's own markup is text, escaped

    heading, _ = best_section(article, Highlighter.for_words(["手续费"]))
    assert heading == "手续费"


def test_the_opening_has_an_empty_heading() -> None:
    heading, snippet = best_section(make(EN), Highlighter.for_words(["balance"]))
    assert heading == ""
    assert "<mark>balance</mark>" in snippet


def test_no_match_falls_back_to_the_opening() -> None:
    _, snippet = best_section(make(EN), Highlighter.for_words(["zzzz"]))
    assert "<mark>" not in snippet
    assert snippet.startswith("Move your balance")


def test_article_without_sections_uses_its_body() -> None:
    article = Article(
        slug="x",
        locale="en",
        title="T",
        category="account",
        tags=("t",),
        translation_key="x",
        body="Just a PIN.",
    )
    heading, snippet = best_section(article, Highlighter.for_words(["pin"]))
    assert (heading, snippet) == ("", "Just a <mark>PIN</mark>.")


def test_every_fixture_article_gets_a_marked_snippet_for_its_title() -> None:
    for (slug, locale), (title, category, tags, body) in ARTICLES.items():
        text = article_text(title, locale, category, tags, slug, body)
        article = parse_article_text(text, f"{slug}.{locale}.md")
        _, snippet = best_section(article, Highlighter.for_words([title]))
        assert "<mark>" in snippet, (slug, locale)


_PIECES = [*"abc pin PIN 密码支付<>&\"'.\n", "withdrawals ", "fees ", "支付密码"]


@settings(max_examples=200, deadline=None, database=None)
@given(
    st.lists(
        st.sampled_from(["pin", "PIN", "密码", "支付密码", "withdrawal", "a", "<b>", "&", "fees"]), max_size=4
    ),
    st.lists(st.sampled_from(_PIECES), max_size=150).map("".join),
    st.sampled_from(["en", "zh-CN"]),
)
def test_snippet_is_an_escaped_window_of_the_text(words: list[str], text: str, locale: str) -> None:
    snippet = Highlighter.for_words(words).snippet(text, locale)
    inner = re.sub(r"</?mark>", "", snippet.removeprefix("…").removesuffix("…"))
    assert "<" not in inner and ">" not in inner
    assert html.unescape(inner) in text


@pytest.mark.parametrize("word", ["history", "verify", "apply"])
def test_words_whose_stem_changes_their_spelling_are_highlighted(word: str) -> None:
    snippet = Highlighter.for_words([word]).snippet(f"Open the {word} page.", "en")
    assert marks(snippet) == [word]


def test_english_snippet_does_not_start_mid_word() -> None:
    text = "Withdrawals above 1,000 yuan cost 0.1% in fees."
    snippet = Highlighter.for_words(["fees"]).snippet(text, "en")
    first_word = snippet.lstrip("…").split()[0]
    assert first_word in text.split()
