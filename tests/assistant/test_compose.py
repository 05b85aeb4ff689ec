"""Answers composed from an article: its key steps, a link, worded for each channel."""

from __future__ import annotations

import pytest

from kefu.assistant.compose import answer_text, first_sentences, key_steps
from kefu.kb.model import Article
from kefu.kb.parse import parse_article_text

LINK = "https://help.wallet.example/en/articles/card-limits"

CARD = """---
title: "Change your card's daily limit"
locale: en
category: payments
tags: [card limit, daily limit]
translation_key: card-limits
---

Each linked card has a daily spending limit that you can lower or raise yourself. Changes apply at once.

**Lower the limit**

1. Open Me, then Cards.
2. Pick the card and tap Daily limit.
3. Enter the new amount and confirm with your payment PIN.

**Raise the limit**

1. Open Me, then Cards, and pick the card.
2. Tap Daily limit, then Ask for more.
3. Complete the face check.
4. Wait for the confirmation message.
5. Try the payment again.
6. If it still fails, contact your bank.
7. Keep the confirmation in case you need it later.

**Why a limit exists**

Limits protect you if your phone is lost. They also follow the rules of your bank.
Most people never need to change them.
"""

PLAIN_ZH = """---
title: "余额能产生利息吗"
locale: zh-CN
category: account
tags: [余额, 利息]
translation_key: balance-interest
---

钱包余额不计利息，也不收取管理费。余额随时可以使用或提现到本人银行卡。如需理财，请使用持牌机构提供的产品，并仔细阅读产品说明和风险提示，根据自己的情况谨慎选择适合的产品。
"""


@pytest.fixture(scope="module")
def card() -> Article:
    return parse_article_text(CARD, "card-limits.en.md")


@pytest.fixture(scope="module")
def plain_zh() -> Article:
    return parse_article_text(PLAIN_ZH, "balance-interest.zh-CN.md")


def test_the_matched_section_gives_the_steps(card: Article) -> None:
    assert key_steps(card, "Raise the limit")[0] == "Open Me, then Cards, and pick the card."
    assert key_steps(card, "Lower the limit")[0] == "Open Me, then Cards."


def test_without_a_matched_section_the_first_steps_are_used(card: Article) -> None:
    assert key_steps(card) == key_steps(card, "Why a limit exists") == list(card.sections[1].steps)


def test_chat_answer(card: Article) -> None:
    text = answer_text(card, LINK, "chat", "Raise the limit")
    assert text.startswith("**Change your card's daily limit**")
    assert "Each linked card has a daily spending limit" in text
    assert "1. Open Me, then Cards, and pick the card." in text
    assert "6. If it still fails" in text and "7." not in text  # at most six steps in chat
    assert text.endswith(f"[Read the full article]({LINK})")


def test_sms_answer_is_short_and_plain(card: Article) -> None:
    text = answer_text(card, LINK, "sms", "Raise the limit")
    assert "**" not in text and "](" not in text
    assert "3. Complete the face check." in text and "4." not in text
    assert text.splitlines()[-1] == LINK
    assert len(text) < 300


def test_wechat_answer_is_plain_with_the_url(card: Article) -> None:
    text = answer_text(card, LINK, "wechat")
    assert "**" not in text and LINK in text and "Each linked card" in text


def test_voice_answer_reads_the_steps_without_a_link(card: Article) -> None:
    text = answer_text(card, LINK, "voice", "Lower the limit")
    assert "http" not in text and "\n" not in text
    assert "First, open Me, then Cards." in text
    assert "Then, pick the card" in text
    assert "Finally, enter the new amount" in text


def test_without_steps_the_first_sentences_are_used(plain_zh: Article) -> None:
    text = answer_text(plain_zh, "https://x/zh-CN/articles/balance-interest", "chat")
    assert "钱包余额不计利息，也不收取管理费。" in text
    assert "余额随时可以使用或提现到本人银行卡。" in text
    assert "[查看完整文章](https://x/zh-CN/articles/balance-interest)" in text


def test_first_sentences() -> None:
    assert first_sentences("One. Two! Three?") == ["One.", "Two!"]
    assert first_sentences("第一句。第二句！第三句。", 3) == ["第一句。", "第二句！", "第三句。"]
    assert first_sentences("") == []
