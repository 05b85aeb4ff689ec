"""Secrets the customer gives away: found, warned about, never repeated, never searched or stored."""

from __future__ import annotations

import json

import pytest

from kefu.assistant import Assistant, Context
from kefu.assistant.disclosure import find_secret
from kefu.search.normalize import normalize

from .helpcenter import HelpCenterTools


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("my pin is 1234", "1234"),
        ("验证码是 482913", "482913"),
        ("验证码：482913，怎么登录", "482913"),
        ("password: hunter2", "hunter2"),
        ("我的密码是abc123", "abc123"),
        ("482913 is my code", "482913"),
        ("otp 5521 09", "5521 09"),
        ("My PIN is 9876, can you unlock my account?", "9876"),
    ],
)
def test_secrets_are_found_and_taken_out(text: str, secret: str) -> None:
    found = find_secret(normalize(text))
    assert found.found
    assert secret not in found.masked


@pytest.mark.parametrize(
    "text",
    [
        "I can't remember my 6 digit PIN",
        "支付PIN输错5次被锁了",
        "密码是多少位",
        "密码是6位数字吗",
        "the code never came",
        "my password is wrong",
        "verification code sent to 13800138000",
        "I requested the code like 10 times",
    ],
)
def test_questions_about_secrets_are_not_secrets(text: str) -> None:
    assert not find_secret(normalize(text)).found


@pytest.mark.parametrize(
    ("text", "locale", "secret"),
    [
        ("my pin is 1234", "en", "1234"),
        ("验证码是 482913", "zh-CN", "482913"),
        ("password: hunter2", "en", "hunter2"),
    ],
)
def test_the_warning_never_echoes_the_secret(
    assistant: Assistant, tools: HelpCenterTools, text: str, locale: str, secret: str
) -> None:
    reply = assistant.respond(text, Context(locale))
    assert reply.intent == "secret_warning"
    assert secret not in reply.text
    assert secret not in json.dumps(reply.state, ensure_ascii=False)
    assert all(secret not in q.label and secret not in q.payload for q in reply.quick_replies)
    assert all(secret not in query for query in tools.searched)
    assert not reply.handoff


def test_the_rest_of_the_message_is_still_answered(assistant: Assistant, tools: HelpCenterTools) -> None:
    reply = assistant.respond("my pin is 1234 and I want to track my case", Context("en"))
    assert reply.intent == "secret_warning"
    assert reply.article is not None and reply.article.slug == "track-a-case"
    assert tools.searched and all("1234" not in q for q in tools.searched)


def test_the_assistant_never_asks_for_secrets(assistant: Assistant) -> None:
    """No reply text ever asks for a password, PIN or code (they only appear in warnings)."""
    asks = ("enter your pin", "send me your", "tell me your", "your code is", "请提供验证码", "请告诉我密码")
    context = Context("en")
    for text in ["hello", "I lost my phone", "scam", "agent", "my pin is 1234", "refund not received"]:
        for locale in ("en", "zh-CN"):
            reply = assistant.respond(text, Context(locale, state=context.state))
            assert not any(a in reply.text.lower() for a in asks)
