"""Step 1 of the escalation ladder: "Not resolved – escalate" sends a case to a senior specialist.

Allowed when the promised date has passed without an answer, or within 30 days of an answer the customer
disagrees with. The same case (same number: "always quote the same case number") moves to the senior team,
back to In progress, due 5 business days later; the senior reviewer must be someone who has not handled
it. A case climbs this step once: after the senior review the next step is a formal complaint
(:func:`kefu.cases.complaints.file_complaint`).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases._verbs import begin, move, require_text, set_due
from kefu.cases.access import Viewer
from kefu.cases.deadlines import calendar, due_after, rules
from kefu.cases.records import Case, CaseEvent
from kefu.errors import Conflict

__all__ = ["check_reviewer", "escalate_case", "previous_handlers"]

#: Timeline events that show an agent handled the case (as opposed to, say, forwarding a customer's words).
_HANDLING = ("status_changed", "reply", "assigned", "information_added", "reopened")


def escalate_case(
    session: Session, case: Case, *, reason: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """Senior review: team "senior", In progress, unassigned, due in 5 business days from ``now``."""
    at = begin(session, case, actor, channel, now)
    check_escalation_allowed(case, at)
    why = require_text(reason, "why the answer does not solve the problem", "答复未解决问题的原因")
    original = case.assignee or _last_answerer(session, case)
    new_due = due_after(at, rules().senior_review_business_days)
    move(
        session,
        case,
        "escalate",
        actor=actor,
        channel=channel,
        at=at,
        event="escalated",
        note=why,
        from_team=case.team,
        original_assignee=original,
        due_at=new_due,
    )
    case.original_assignee = original
    case.team = "senior"
    case.assignee = None
    case.escalated_at = at
    case.resolved_at = None
    set_due(case, new_due)
    return case


def previous_handlers(session: Session, case: Case) -> set[str]:
    """Agent ids that handled ``case`` before its escalation (none if it was never escalated)."""
    if case.escalated_at is None:
        return set()
    handlers = {case.original_assignee} if case.original_assignee else set()
    events = session.scalars(
        select(CaseEvent).where(CaseEvent.case_id == case.id, CaseEvent.at < case.escalated_at)
    )
    for event in events:
        if event.kind == "assigned" and event.detail.get("to"):
            handlers.add(str(event.detail["to"]))
        if event.kind in _HANDLING and event.actor.startswith("agent:"):
            handlers.add(event.actor.removeprefix("agent:"))
    return handlers


def check_reviewer(session: Session, case: Case, agent_id: str) -> None:
    """Conflict when ``case`` was escalated and ``agent_id`` handled it before ("reviewed by someone new")."""
    if agent_id in previous_handlers(session, case):
        raise Conflict(
            f"{agent_id} handled case {case.number} before it was escalated; a senior specialist who has not "
            "handled it must review it.",
            f"{agent_id} 在升级前处理过案件 {case.number}，须由未处理过该案件的高级专员复核。",
            code="reviewer_handled_case",
        )


def check_escalation_allowed(case: Case, at: datetime) -> None:
    number = case.number
    if case.kind == "complaint":
        raise Conflict(
            f"{number} is already a formal complaint. If you disagree with its final response, or don't "
            "get it in time, the response letter lists the bodies outside the company you can contact.",
            f"{number} 已是正式投诉。如不认可最终答复或未按时收到答复，可联系答复函中列出的外部机构。",
            code="complaint_final",
        )
    if case.escalated_at is not None:
        raise Conflict(
            f"Case {number} has already had a senior review. "
            f"The next step is a formal complaint quoting {number}.",
            f"案件 {number} 已经过高级复核。下一步可提交正式投诉，并注明编号 {number}。",
            code="already_escalated",
        )
    if case.status == "waiting":
        raise Conflict(
            f"Case {number} is waiting for information from you; tap Add information. The clock is paused "
            "until then.",
            f"案件 {number} 正在等待您补充信息，请点击“补充信息”。在此之前处理时限暂停计算。",
            code="case_waiting",
        )
    window = rules().escalation_window
    if case.status == "resolved" and case.resolved_at is not None and at - case.resolved_at > window:
        raise Conflict(
            f"The answer on case {number} is more than {window.days} days old, so it can't be escalated. "
            f"Open a new case quoting {number}, or file a formal complaint.",
            f"案件 {number} 的答复已超过 {window.days} 天，不能再申请升级。"
            f"请新建案件并注明编号 {number}，或提交正式投诉。",
            code="escalation_window_passed",
        )
    if case.status in ("received", "in_progress") and at <= case.due_at:
        due = calendar().local_date(case.due_at).isoformat()
        raise Conflict(
            f"Case {number} is still within its promised date ({due}, Beijing time). You can ask for a "
            "senior review if that date passes without an answer.",
            f"案件 {number} 仍在承诺的答复期限内（北京时间 {due}）。如期限届满仍未答复，可申请高级复核。",
            code="not_yet_due",
        )
    # Closed cases fall through to check_move, which says to open a new case quoting the number.


def _last_answerer(session: Session, case: Case) -> str | None:
    query = (
        select(CaseEvent.actor)
        .where(CaseEvent.case_id == case.id, CaseEvent.actor.like("agent:%"))
        .order_by(CaseEvent.at.desc(), CaseEvent.id.desc())
        .limit(1)
    )
    actor = session.scalar(query)
    return actor.removeprefix("agent:") if actor else None
