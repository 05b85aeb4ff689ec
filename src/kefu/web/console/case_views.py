"""What the console's case pages show, in the agent's words: list rows, the due note, the timeline.

Pure functions of a case (and its events) and ``s``, the page's
:func:`~kefu.web.console.case_strings.case_text` for its locale: no database access, no request. Dates are
Beijing business days (:func:`kefu.cases.deadlines.calendar`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from kefu.cases import Case, CaseEvent, Viewer
from kefu.cases.deadlines import calendar, rules
from kefu.cases.states import OPEN_STATUSES, STATUSES

__all__ = [
    "CaseRow",
    "EventRow",
    "case_row",
    "days_label",
    "due_note",
    "event_rows",
    "is_overdue",
    "masked_phone",
]

#: The page's words: ``s("key", name=value)``.
Text = Callable[..., str]


@dataclass(frozen=True)
class CaseRow:
    number: str
    kind: str
    status: str
    topic: str
    team: str
    assignee: str | None
    priority: str
    due: date
    overdue: bool
    mine: bool


@dataclass(frozen=True)
class EventRow:
    kind: str
    at: datetime
    who: str
    what: str
    change: str
    channel: str
    note: str


def is_overdue(case: Case, now: datetime) -> bool:
    """Open and past its promised date (or flagged so by the scheduler); a waiting case's clock is paused."""
    return case.status in OPEN_STATUSES and (case.overdue_at is not None or case.due_at < now)


def case_row(case: Case, viewer: Viewer, now: datetime) -> CaseRow:
    return CaseRow(
        number=case.number,
        kind=case.kind,
        status=case.status,
        topic=case.topic,
        team=case.team,
        assignee=case.assignee,
        priority=case.priority,
        due=calendar().local_date(case.due_at),
        overdue=is_overdue(case, now),
        mine=case.assignee is not None and case.assignee == viewer.agent_id,
    )


def due_note(case: Case, now: datetime, s: Text) -> str:
    if case.status == "waiting":
        return s("due_paused")
    if case.status not in OPEN_STATUSES:
        return ""
    if is_overdue(case, now):
        return s("due_overdue")
    cal = calendar()
    if cal.local_date(now) == cal.local_date(case.due_at):
        return s("due_today")
    return s("due_left", days=cal.business_days_between(now, case.due_at))


def _who(actor: str, case: Case, customer_name: str | None, viewer: Viewer, s: Text) -> str:
    if actor == "system":
        return s("who_system")
    if actor.startswith("customer:"):
        own = actor == f"customer:{case.customer_id}" and customer_name
        return f"{s('who_customer')} · {customer_name}" if own else s("who_customer")
    code = actor.removeprefix("agent:")
    return code + (s("me") if code == viewer.agent_id else "")


def _value(value: Any, s: Text) -> str:
    """One value of an event's detail in words: a status, a Beijing date, an agent code."""
    if value is None:
        return s("unassigned")
    if isinstance(value, str) and value in STATUSES:
        return s(f"status_{value}")
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and "T" in value:
        try:
            return calendar().local_date(datetime.fromisoformat(value)).isoformat()
        except ValueError:
            return value
    return str(value)


def _change(event: CaseEvent, s: Text) -> str:
    """What moved, from → to, and the numbers an event names (a complaint filed, a case cited)."""
    detail = event.detail or {}
    parts = []
    if "from" in detail and "to" in detail and detail["from"] != detail["to"]:
        parts.append(f"{_value(detail['from'], s)} → {_value(detail['to'], s)}")
    if detail.get("from_team"):
        parts.append(f"{s('queue_' + str(detail['from_team']))} → {s('queue_senior')}")
    priority = detail.get("priority")
    if isinstance(priority, dict):
        parts.append(
            f"{s('priority_' + str(priority.get('from')))} → {s('priority_' + str(priority.get('to')))}"
        )
    for key in ("complaint", "cites", "subject"):
        if detail.get(key):
            parts.append(str(detail[key]))
    if detail.get("due_at") and event.kind not in ("deadline_changed", "extended"):
        parts.append(f"{s('field_due')} {_value(detail['due_at'], s)}")
    return "; ".join(parts)


def masked_phone(phone: str | None) -> str:
    """A registered phone as agents see it on a case: the middle digits hidden (+86138****0001)."""
    if not phone:
        return ""
    return phone[:-8] + "****" + phone[-4:] if len(phone) > 8 else phone


def days_label(case: Case, s: Text) -> str:
    if case.kind not in ("complaint", "dispute"):
        return ""
    kind_rules = rules().kinds[case.kind]
    return s(f"label_days_{case.kind}", limit=kind_rules.max_business_days or kind_rules.max_calendar_days)


def event_rows(
    events: list[CaseEvent], case: Case, customer_name: str | None, viewer: Viewer, s: Text
) -> list[EventRow]:
    """``case``'s timeline in words: who, what moved, through which channel."""
    return [
        EventRow(
            kind=event.kind,
            at=event.at,
            who=_who(event.actor, case, customer_name, viewer, s),
            what=s(f"event_{event.kind}"),
            change=_change(event, s),
            channel=s(f"channel_{event.channel}"),
            note=event.note,
        )
        for event in events
    ]
