"""The status of a case, complaint or dispute, for the customer who asked with its number.

``Tools.case_status`` answers only for the customer's own cases; an unknown number and somebody else's get
the same polite "cannot find it" (worded for whether the customer is signed in, which is all it depends
on), so the reply never tells anyone that a number exists. A found case shows its kind, status (the names
from :mod:`kefu.cases.states`), the expected reply date while the clock runs, and what the customer can do.
"""

from __future__ import annotations

from datetime import date

from kefu.assistant.model import Reply
from kefu.assistant.turns import Turn
from kefu.cases.numbers import PREFIXES
from kefu.cases.states import OPEN_STATUSES, STATUSES, status_name

__all__ = ["case_status"]


def case_status(turn: Turn, number: str) -> Reply:
    turn.case_number = number
    found = turn.tools.case_status(number)
    if found is None:
        key = "case_unknown" if turn.signed_in else "case_unknown_signed_out"
        return turn.reply(turn.say(key), "case_status", [turn.human(), turn.back()])
    known = found.status in STATUSES
    status = status_name(found.status, turn.locale) if known else found.status
    kind = turn.say(f"case_kind_{found.kind}") if found.kind in PREFIXES else ""
    parts = [turn.say("case_found", kind=kind, number=found.number, status=status).strip()]
    if found.due_date and found.status in OPEN_STATUSES:
        parts.append(turn.say("case_due", due=_date(found.due_date, turn.locale)))
    if known:
        parts.append(turn.say(f"case_hint_{found.status}"))
    text = ("" if turn.locale == "zh-CN" else " ").join(parts)
    return turn.reply(text, "case_status", [turn.back(), turn.human()])


def _date(day: date, locale: str) -> str:
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"
