"""The customer-facing texts: both languages for every kind, the customer's language, every channel
they have."""

from __future__ import annotations

import re
from datetime import date

import pytest

from kefu.cases.records import Case
from kefu.identity.records import Customer
from kefu.notifications import KINDS, case_messages, message_key
from kefu.notifications.messages import TEMPLATES


def test_every_kind_has_both_languages() -> None:
    assert set(TEMPLATES) == {"zh-CN", "en"}
    assert set(TEMPLATES["zh-CN"]) == set(TEMPLATES["en"]) == set(KINDS)
    for locale in TEMPLATES:
        for kind, (subject, body) in TEMPLATES[locale].items():
            assert "{number}" in subject and "{number}" in body, (locale, kind)


def case(status: str = "received") -> Case:
    return Case(number="C261125000001", status=status, locale="zh-CN")


def test_created_in_chinese_on_every_channel() -> None:
    customer = Customer(id=7, phone="+8613800000001", email="li@example.com", locale="zh-CN")
    messages = case_messages(case(), customer, "created", expected=date(2026, 11, 27))
    assert [(channel, recipient) for channel, recipient, _, _ in messages] == [
        ("sms", "+8613800000001"),
        ("email", "li@example.com"),
        ("inapp", "7"),
    ]
    _, _, subject, body = messages[0]
    assert subject == "您的案件 C261125000001 已受理"
    assert "2026年11月27日" in body


@pytest.mark.parametrize("kind", KINDS)
def test_english_customer_gets_english(kind: str) -> None:
    customer = Customer(id=8, phone=None, email=None, locale="en")
    [(channel, recipient, subject, body)] = case_messages(
        case("resolved"), customer, kind, expected=date(2026, 11, 27)
    )
    assert (channel, recipient) == ("inapp", "8")
    assert "C261125000001" in subject and "C261125000001" in body
    assert not re.search(r"[\u4e00-\u9fff]", subject + body)
    assert "{" not in subject + body


def test_status_change_names_the_status() -> None:
    customer = Customer(id=8, locale="en")
    [(_, _, subject, body)] = case_messages(case("waiting"), customer, "status_changed", expected=None)
    assert subject == "Case C261125000001: Waiting for you" and "“Waiting for you”" in body


def test_message_key() -> None:
    assert message_key(case(), "status", "resolved", "sms") == "case:C261125000001:status:resolved:sms"
