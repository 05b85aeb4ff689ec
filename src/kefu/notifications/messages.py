"""What we tell a customer about their case, in their language (zh-CN or en), on every channel they have.

Four moments: the case was created (number and expected answer date), its status changed, its deadline
moved, and a complaint got its final response. The texts are short, kind, and carry nothing secret: the
case number and dates, never transaction details, ID digits or codes. SMS gets the same body as email
and the in-app inbox, so each body stays within one or two SMS.
"""

from __future__ import annotations

from datetime import date

from kefu.cases.records import Case
from kefu.cases.states import status_name
from kefu.identity.records import Customer

__all__ = ["KINDS", "TEMPLATES", "case_messages", "message_key", "reply_email"]

#: The case events customers hear about (the ``case_event.kind`` that triggers each).
KINDS: tuple[str, ...] = ("created", "status_changed", "deadline_changed", "final_response")

#: locale → kind → (subject, body); ``{number}``, ``{status}`` and ``{expected}`` are filled in.
TEMPLATES: dict[str, dict[str, tuple[str, str]]] = {
    "zh-CN": {
        "created": (
            "您的案件 {number} 已受理",
            "您好，我们已收到您的问题，案件编号 {number}。我们会在 {expected} 前给您答复，感谢您的耐心。",
        ),
        "status_changed": (
            "案件 {number} 状态更新：{status}",
            "您好，您的案件 {number} 当前状态为“{status}”。您可以在 App 的“我的案件”中查看详情。",
        ),
        "deadline_changed": (
            "案件 {number} 的答复时间有调整",
            "您好，您的案件 {number} 预计答复日期调整为 {expected}。给您带来不便，敬请谅解。",
        ),
        "final_response": (
            "投诉 {number} 的最终答复",
            "您好，我们已就您的投诉 {number} 作出最终答复，请在 App 的“我的案件”中查看。"
            "如仍不满意，答复中列有可继续反映的渠道。",
        ),
    },
    "en": {
        "created": (
            "We have received your case {number}",
            "Hello, we have received your request: case {number}. We will answer by {expected}. "
            "Thank you for your patience.",
        ),
        "status_changed": (
            "Case {number}: {status}",
            "Hello, your case {number} is now “{status}”. You can see the details under My cases in the app.",
        ),
        "deadline_changed": (
            "Case {number}: new answer date",
            "Hello, we now expect to answer your case {number} by {expected}. We are sorry for the wait.",
        ),
        "final_response": (
            "Final response to complaint {number}",
            "Hello, we have sent our final response to your complaint {number}; you can read it under My "
            "cases in the app. If you are still not satisfied, it lists where you can turn next.",
        ),
    },
}


def case_messages(
    case: Case, customer: Customer, event_kind: str, *, expected: date | None
) -> list[tuple[str, str, str, str]]:
    """``(channel, recipient, subject, body)`` for each channel the customer has: SMS when they have a
    phone, email when they have an address, in-app always. ``expected``: the answer date (created,
    deadline_changed)."""
    locale = "zh-CN" if (customer.locale or case.locale or "").startswith("zh") else "en"
    subject_template, body_template = TEMPLATES[locale][event_kind]
    fields = {
        "number": case.number,
        "status": status_name(case.status, locale),
        "expected": _date(expected, locale),
    }
    subject, body = subject_template.format(**fields), body_template.format(**fields)
    messages = []
    if customer.phone:
        messages.append(("sms", customer.phone, subject, body))
    if customer.email:
        messages.append(("email", customer.email, subject, body))
    messages.append(("inapp", str(customer.id), subject, body))
    return messages


_REPLY = {
    "zh-CN": (
        "[{number}] 客服回复：{topic}",
        "{words}\n\n——\n案件编号：{number}。直接回复本邮件即可补充信息，请保留标题中的案件编号。",
    ),
    "en": (
        "[{number}] Reply from customer service: {topic}",
        "{words}\n\n--\nCase number: {number}. Reply to this email to add information; keep the number in "
        "the subject.",
    ),
}


def reply_email(case: Case, words: str, locale: str) -> tuple[str, str]:
    """``(subject, body)`` of an email carrying the handler's own words, the case number in the subject."""
    subject, body = _REPLY["zh-CN" if locale.startswith("zh") else "en"]
    fields = {"number": case.number, "topic": case.topic, "words": words}
    return subject.format(**fields), body.format(**fields)


def message_key(case: Case, *parts: object) -> str:
    """An idempotency key for a message about ``case``: ``message_key(case, "status", "resolved", "sms")``
    → ``"case:C261125000001:status:resolved:sms"``."""
    return ":".join(["case", case.number, *map(str, parts)])


def _date(value: date | None, locale: str) -> str:
    if value is None:
        return "尽快" if locale == "zh-CN" else "as soon as we can"
    if locale == "zh-CN":
        return f"{value.year}年{value.month}月{value.day}日"
    return f"{value.day} {value:%B %Y}"
