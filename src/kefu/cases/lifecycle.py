"""The life of a case: open it, work it, ask the customer, take their information, answer, close, reopen.

Every verb takes the session, the acting :class:`~kefu.cases.access.Viewer`, the ``channel`` it came
through and ``now`` (aware; default the current time), checks the actor may see the case, moves the status
through :func:`kefu.cases.states.check_move` and records one timeline event (two when the deadline moves).

The rules are the help-center articles': the response deadline is N business days after arrival (day 0 is
the Beijing date it arrived; see ``data/deadlines.yaml``); while the case waits for the customer the clock
is paused and answering moves the deadline later by the business days spent waiting; a resolved case can be
reopened within 30 days of the answer, after which a new case quoting the old number is the way on.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kefu.cases._verbs import begin, move, require_text, set_due
from kefu.cases.access import Viewer, check_agent
from kefu.cases.deadlines import due_after, rules, shift_for_pause
from kefu.cases.escalation import check_reviewer
from kefu.cases.lookup import cited_case
from kefu.cases.numbers import next_number
from kefu.cases.records import Case
from kefu.cases.timeline import change, check_channel, record_event, utc
from kefu.errors import Conflict, InvalidInput, PermissionDenied
from kefu.identity.customers import get_customer
from kefu.store import utcnow

__all__ = [
    "PRIORITIES",
    "add_information",
    "ask_customer",
    "assign_case",
    "close",
    "create_case",
    "open_case",
    "reopen",
    "reply",
    "resolve",
    "start_work",
]

PRIORITIES: tuple[str, ...] = ("normal", "high", "urgent")


def open_case(
    session: Session,
    *,
    customer_id: int,
    topic: str,
    summary: str,
    actor: Viewer,
    channel: str,
    kind: str = "case",
    now: datetime | None = None,
    locale: str | None = None,
    related_transaction: str | None = None,
    cites: str | None = None,
    days: int | None = None,
    priority: str = "normal",
) -> Case:
    """A new service case (C…) or payment dispute (D…), Received, due in the promised business days.

    ``cites``: the number of an earlier case of the same customer this one follows on from (a closed case,
    or one resolved more than 30 days ago); it becomes ``parent_id``. ``days`` overrides the promise from
    ``data/deadlines.yaml`` (kind, then topic). Complaints are filed with
    :func:`kefu.cases.complaints.file_complaint`.
    """
    if kind not in ("case", "dispute"):
        raise InvalidInput(
            f"open_case opens service cases and disputes, not {kind!r}; file complaints with file_complaint.",
            f"open_case 只能创建服务案件和交易争议，不能创建“{kind}”；投诉请使用 file_complaint。",
        )
    return create_case(
        session,
        kind=kind,
        customer_id=customer_id,
        topic=topic,
        summary=summary,
        actor=actor,
        channel=channel,
        now=now,
        locale=locale,
        related_transaction=related_transaction,
        cites=cites,
        days=days,
        priority=priority,
    )


def create_case(
    session: Session,
    *,
    kind: str,
    customer_id: int,
    topic: str,
    summary: str,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
    locale: str | None = None,
    related_transaction: str | None = None,
    cites: str | None = None,
    days: int | None = None,
    priority: str = "normal",
    desired_outcome: str | None = None,
    event: str = "created",
    parent: Case | None = None,
) -> Case:
    """Any kind of case, numbered and due; shared by :func:`open_case` and ``file_complaint``.

    ``parent`` is the cited case when the caller has already looked it up (else ``cites`` is resolved here).
    """
    check_channel(channel)
    at = utc(now if now is not None else utcnow())
    if actor.role == "customer" and actor.customer_id != customer_id:
        raise PermissionDenied("You can only open cases for yourself.", "你只能为自己创建案件。")
    customer = get_customer(session, customer_id)
    if parent is None and cites:
        parent = cited_case(session, cites, actor, customer_id)
    promised = _promised_days(kind, topic, days)
    if priority not in PRIORITIES:
        raise InvalidInput(f"Unknown priority {priority!r}.", f"未知优先级“{priority}”。")
    kind_rules = rules().kinds[kind]
    case = Case(
        number=next_number(session, kind, at),
        kind=kind,
        customer_id=customer.id,
        status="received",
        topic=require_text(topic, "a topic", "主题", limit=64),
        summary=require_text(summary, "what happened", "问题描述"),
        channel=channel,
        locale=locale or customer.locale,
        priority=priority,
        team=kind_rules.team,
        parent_id=parent.id if parent else None,
        related_transaction=(related_transaction or "").strip() or None,
        desired_outcome=desired_outcome,
        received_at=at,
        due_at=due_after(at, promised),
        ack_due_at=at + timedelta(hours=kind_rules.ack_hours) if kind_rules.ack_hours else None,
        paused_business_days=0,
        extension_count=0,
    )
    session.add(case)
    session.flush()
    record_event(
        session,
        case,
        event,
        actor=actor,
        channel=channel,
        at=at,
        number=case.number,
        team=case.team,
        due_at=case.due_at,
        business_days=promised,
        cites=parent.number if parent else None,
        message="created",  # whatever the event is called, the customer hears their new number
    )
    return case


def start_work(
    session: Session,
    case: Case,
    *,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
    assignee: str | None = None,
) -> Case:
    """An agent takes the case up: Received → In progress, assigned to ``assignee`` (default: the actor)."""
    at = begin(session, case, actor, channel, now)
    handler = assignee or case.assignee or actor.agent_id
    if handler is not None:
        check_reviewer(session, case, handler)
    move(session, case, "start_work", actor=actor, channel=channel, at=at, assignee=handler)
    case.assignee = handler
    return case


def assign_case(
    session: Session, case: Case, *, assignee: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """Give the case to ``assignee`` (after an escalation: never someone who handled it before)."""
    at = begin(session, case, actor, channel, now)
    check_agent(actor, "assign cases", "分派案件")
    if case.status == "closed":
        raise Conflict(f"Case {case.number} is closed.", f"案件 {case.number} 已关闭。", code="case_state")
    agent = require_text(assignee, "the agent to assign", "处理人", limit=64)
    check_reviewer(session, case, agent)
    record_event(
        session, case, "assigned", actor=actor, channel=channel, at=at, **change(case.assignee, agent)
    )
    case.assignee = agent
    return case


def ask_customer(
    session: Session, case: Case, *, request: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """Waiting for you: the handler says exactly what is missing; the response clock pauses."""
    at = begin(session, case, actor, channel, now)
    text = require_text(request, "what the customer should send", "需要客户补充的内容")
    move(session, case, "ask_customer", actor=actor, channel=channel, at=at, note=text)
    case.waiting_since = at
    return case


def add_information(
    session: Session,
    case: Case,
    *,
    text: str,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
    attachments: list[str] | None = None,
) -> Case:
    """The customer's answer (or a detail added later): Waiting for you → In progress.

    Coming out of Waiting, the deadline moves later by the business days the case waited, and a
    ``deadline_changed`` event says so. While Received or In progress the status stays.
    """
    at = begin(session, case, actor, channel, now)
    note = require_text(text, "your information", "补充的信息")
    waited_since = case.waiting_since if case.status == "waiting" else None
    move(
        session,
        case,
        "add_information",
        actor=actor,
        channel=channel,
        at=at,
        event="information_added",
        note=note,
        attachments=list(attachments or []),
    )
    if waited_since is not None:
        case.waiting_since = None
        new_due, paused = shift_for_pause(case.due_at, waited_since, at)
        if paused:
            old_due = case.due_at
            set_due(case, new_due)
            case.paused_business_days += paused
            record_event(
                session,
                case,
                "deadline_changed",
                actor=actor,
                channel=channel,
                at=at,
                **change(old_due, new_due),
                paused_business_days=paused,
                reason="waiting",
            )
    return case


def reply(
    session: Session, case: Case, *, text: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """A message from the handler that is not yet the answer (Received becomes In progress)."""
    at = begin(session, case, actor, channel, now)
    note = require_text(text, "the reply", "回复内容")
    move(session, case, "reply", actor=actor, channel=channel, at=at, event="reply", note=note)
    return case


def resolve(
    session: Session, case: Case, *, answer: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """The answer: → Resolved. The 30-day windows to reopen or escalate start now."""
    at = begin(session, case, actor, channel, now)
    if case.kind == "complaint":
        raise Conflict(
            f"{case.number} is a complaint: answer it with a final written response.",
            f"{case.number} 是投诉：请以最终书面答复结案。",
            code="complaint_needs_final_response",
        )
    note = require_text(answer, "the answer", "答复内容")
    move(session, case, "resolve", actor=actor, channel=channel, at=at, note=note)
    case.resolved_at = at
    return case


def close(
    session: Session,
    case: Case,
    *,
    actor: Viewer,
    channel: str,
    now: datetime | None = None,
    reason: str = "",
) -> Case:
    """Closed: finished. Staff can close any open case; a customer can close one that is Resolved."""
    at = begin(session, case, actor, channel, now)
    move(session, case, "close", actor=actor, channel=channel, at=at, note=reason.strip())
    case.closed_at = at
    case.waiting_since = None
    return case


def reopen(
    session: Session, case: Case, *, text: str, actor: Viewer, channel: str, now: datetime | None = None
) -> Case:
    """ "Still have a problem": Resolved → In progress, same number and team, a new expected date.

    Only within 30 calendar days of the answer; later, or once Closed, the customer opens a new case quoting
    this number (``open_case(..., cites=case.number)``).
    """
    at = begin(session, case, actor, channel, now)
    check_reopen_allowed(case, at)
    note = require_text(text, "what is still wrong", "仍存在的问题")
    days = (
        rules().senior_review_business_days
        if case.escalated_at
        else rules().response_days(case.kind, case.topic)
    )
    new_due = due_after(at, days)
    move(
        session,
        case,
        "reopen",
        actor=actor,
        channel=channel,
        at=at,
        event="reopened",
        note=note,
        due_at=new_due,
    )
    case.resolved_at = None
    set_due(case, new_due)
    return case


def _promised_days(kind: str, topic: str, days: int | None) -> int:
    promised = days if days is not None else rules().response_days(kind, topic)
    limit = rules().kinds[kind].max_business_days
    if promised < 1 or (limit is not None and promised > limit):
        raise InvalidInput(
            f"A {kind} must be promised 1 to {limit or 'any number of'} business days (got {promised}).",
            f"承诺处理时限须为 1 至 {limit or '若干'} 个工作日（收到 {promised}）。",
        )
    return promised


def check_reopen_allowed(case: Case, at: datetime) -> None:
    """Conflict (saying what to do instead) unless the customer may reopen ``case`` at ``at``."""
    if case.kind == "complaint":
        raise Conflict(
            f"Complaint {case.number} has had its final response. If you disagree, the response letter lists "
            "the bodies outside the company you can turn to.",
            f"投诉 {case.number} 已给出最终答复。如不认可，可联系答复函中列出的外部机构。",
            code="complaint_final",
        )
    window = rules().reopen_window
    if case.status == "closed" or (
        case.status == "resolved" and case.resolved_at and at - case.resolved_at > window
    ):
        raise Conflict(
            f"Case {case.number} can no longer be reopened (that is possible for {window.days} days after "
            f"the answer, while it is Resolved). Open a new case and quote {case.number}; the agent will "
            "link them.",
            f"案件 {case.number} 已无法重新开启（仅限答复后 {window.days} 天内且状态为“已解决”）。"
            f"请新建案件并注明原编号 {case.number}，客服会将两者关联。",
            code="reopen_window_passed",
        )
