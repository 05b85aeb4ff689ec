"""Step 2 of the escalation ladder: formal complaints (CP…), their deadline and the final response.

A complaint goes to the complaints team, separate from everyday support. It is acknowledged within 24
clock hours (``ack_due_at``) and answered in writing within 15 business days; if the team needs longer it
says why and gives a new date, at most 30 business days in total from receipt (paused days excluded). The
final response lists the bodies outside the company (step 3), which are configuration:
``data/escalation.yaml``. Disputes may be extended the same way, up to 45 days (article
"Dispute an unauthorized payment").
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases._verbs import begin, move, require_text, set_due
from kefu.cases.access import Viewer, check_agent
from kefu.cases.deadlines import calendar, due_after, rules
from kefu.cases.lifecycle import create_case
from kefu.cases.lookup import cited_case
from kefu.cases.records import Case
from kefu.cases.timeline import change, record_event
from kefu.errors import Conflict, InvalidInput

__all__ = [
    "ExternalChannel",
    "FinalResponse",
    "extend_complaint",
    "extend_dispute",
    "external_channels",
    "file_complaint",
    "final_response",
]


@dataclass(frozen=True)
class ExternalChannel:
    """A body outside the company a customer can turn to, in one language."""

    key: str
    name: str
    contact: str
    note: str
    #: True while the contact is a fictional placeholder that still has to be configured.
    placeholder: bool


@dataclass(frozen=True)
class FinalResponse:
    case: Case
    text: str
    locale: str
    channels: list[ExternalChannel]


def external_channels(locale: str) -> list[ExternalChannel]:
    """The options beyond us, as the final response letter lists them, in ``locale`` (English otherwise)."""
    out = []
    for entry in _escalation()["external_channels"]:
        words = entry.get(locale) or entry["en"]
        out.append(
            ExternalChannel(
                entry["key"], words["name"], words["contact"], words["note"], entry["placeholder"]
            )
        )
    return out


def file_complaint(
    session: Session,
    *,
    customer_id: int,
    topic: str,
    summary: str,
    desired_outcome: str,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
    related_transaction: str | None = None,
    cites: str | None = None,
    locale: str | None = None,
) -> Case:
    """A formal complaint (CP…) for the complaints team: acknowledged within 24 h, answered within 15
    business days.

    ``cites`` is the case it is about (its ``parent_id``); the cited case's timeline records the complaint.
    A second complaint about a case whose complaint is still open is refused with that complaint's number.
    """
    outcome = require_text(desired_outcome, "what you would like us to do", "您希望我们如何处理")
    parent = cited_case(session, cites, actor, customer_id) if cites else None
    if parent is not None:
        _check_no_open_complaint(session, parent)
    complaint = create_case(
        session,
        kind="complaint",
        customer_id=customer_id,
        topic=topic,
        summary=summary,
        actor=actor,
        channel=channel,
        now=now,
        locale=locale,
        related_transaction=related_transaction,
        parent=parent,
        desired_outcome=outcome,
        event="complaint_filed",
    )
    if parent is not None:
        record_event(
            session,
            parent,
            "complaint_filed",
            actor=actor,
            channel=channel,
            at=complaint.received_at,
            complaint=complaint.number,
        )
    return complaint


def extend_complaint(
    session: Session,
    case: Case,
    *,
    reason: str,
    new_days: int,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
) -> Case:
    """More time, with a reason: due ``new_days`` business days after receipt, at most 30 in total."""
    return _extend(
        session, case, "complaint", reason=reason, days=new_days, actor=actor, channel=channel, now=now
    )


def extend_dispute(
    session: Session,
    case: Case,
    *,
    reason: str,
    new_days: int,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
) -> Case:
    """A complex dispute: due ``new_days`` calendar days after receipt, at most 45."""
    return _extend(
        session, case, "dispute", reason=reason, days=new_days, actor=actor, channel=channel, now=now
    )


def final_response(
    session: Session, case: Case, *, text: str, actor: Viewer, channel: str, now: datetime | None = None
) -> FinalResponse:
    """The complaint's final written response (→ Resolved), with the external channels in its language."""
    at = begin(session, case, actor, channel, now)
    check_agent(actor, "send a final response", "发送最终答复")
    if case.kind != "complaint":
        raise Conflict(
            f"{case.number} is not a complaint; answer it with resolve.",
            f"{case.number} 不是投诉，请直接答复。",
        )
    letter = require_text(text, "the final response", "最终答复")
    channels = external_channels(case.locale)
    move(
        session,
        case,
        "final_response",
        actor=actor,
        channel=channel,
        at=at,
        event="final_response",
        note=letter,
        channels=[c.key for c in channels],
    )
    case.resolved_at = at
    return FinalResponse(case, letter, case.locale, channels)


def _extend(
    session: Session,
    case: Case,
    kind: str,
    *,
    reason: str,
    days: int,
    actor: Viewer,
    channel: str,
    now: datetime | None,
) -> Case:
    at = begin(session, case, actor, channel, now)
    check_agent(actor, "extend a deadline", "延长处理时限")
    if case.kind != kind:
        raise Conflict(f"{case.number} is not a {kind}.", f"{case.number} 不是该类案件。")
    if case.status not in ("received", "in_progress", "waiting"):
        raise Conflict(
            f"{case.number} has been answered; its deadline can't be extended.",
            f"{case.number} 已答复，不能再延长时限。",
            code="case_state",
        )
    why = require_text(reason, "the reason more time is needed", "需要延期的原因")
    new_due = _extended_due(case, kind, days)
    if new_due <= case.due_at:
        raise InvalidInput(
            f"{days} days does not move the deadline of {case.number} later.",
            f"{days} 天不会使案件 {case.number} 的时限延后。",
        )
    record_event(
        session,
        case,
        "extended",
        actor=actor,
        channel=channel,
        at=at,
        note=why,
        **change(case.due_at, new_due),
        days=days,
    )
    set_due(case, new_due)
    case.extended_reason = why
    case.extension_count += 1
    return case


def _extended_due(case: Case, kind: str, days: int) -> datetime:
    kind_rules = rules().kinds[kind]
    limit = kind_rules.max_business_days or kind_rules.max_calendar_days or 0
    unit_en, unit_zh = ("business days", "个工作日") if kind_rules.max_business_days else ("days", "天")
    if days > limit:
        raise Conflict(
            f"A {kind} can take at most {limit} {unit_en} in total from receipt; {days} is too many.",
            f"处理时限自受理起最长为 {limit} {unit_zh}，{days} 超出上限。",
            code="extension_limit",
        )
    if kind_rules.max_business_days:
        return due_after(case.received_at, days + case.paused_business_days)
    cal = calendar()
    base = cal.end_of_day(cal.local_date(case.received_at) + timedelta(days=days))
    return due_after(base, case.paused_business_days) if case.paused_business_days else base


def _check_no_open_complaint(session: Session, parent: Case) -> None:
    query = select(Case.number).where(
        Case.parent_id == parent.id, Case.kind == "complaint", Case.status.not_in(("resolved", "closed"))
    )
    existing = session.scalar(query.limit(1))
    if existing is not None:
        raise Conflict(
            f"Case {parent.number} already has an open complaint, {existing}; add information to it instead.",
            f"案件 {parent.number} 已有处理中的投诉 {existing}，请在该投诉中补充信息。",
            code="complaint_exists",
        )


@cache
def _escalation() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(
        files("kefu.cases").joinpath("data/escalation.yaml").read_text("utf-8")
    )
    return data
