"""A case's timeline: every verb in :mod:`kefu.cases` records what it did here, with who and through
which channel, so the history (and the case file a customer can download) is complete."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases.access import Viewer
from kefu.cases.records import Case, CaseEvent
from kefu.errors import InvalidInput

__all__ = ["CHANNELS", "NOTIFIED", "change", "check_channel", "record_event", "timeline", "utc"]

#: Where customers and staff reach a case (and "system" for the scheduler).
CHANNELS: tuple[str, ...] = ("chat", "hotline", "sms", "email", "web", "app", "wechat", "console", "system")


def record_event(
    session: Session,
    case: Case,
    kind: str,
    *,
    actor: Viewer,
    channel: str,
    at: datetime,
    note: str = "",
    message: str | None = None,
    **detail: Any,
) -> CaseEvent:
    """Add one line to ``case``'s timeline (datetimes in ``detail`` are stored as ISO 8601 UTC).

    Events in :data:`NOTIFIED` also tell the customer; ``message`` names the message to send for an event
    of another name (a complaint's creation is recorded as ``complaint_filed`` but announced as ``created``).
    """
    event = CaseEvent(
        case_id=case.id,
        at=at,
        actor=actor.actor,
        channel=channel,
        kind=kind,
        detail={key: _jsonable(value) for key, value in detail.items()},
        note=note,
    )
    session.add(event)
    announce = message or (kind if kind in NOTIFIED else None)
    if announce is not None:
        _notify(session, case, announce, at)
    if note and actor.party == "agent" and case.channel == "email" and kind in EMAILED_WORDS:
        _email_words(session, case, note, at)
    return event


#: Events whose note is the handler's words to the customer; for a case that came in by email they go out
#: by email too, with the number in the subject, so the customer's reply threads back into the case.
EMAILED_WORDS = frozenset({"reply", "status_changed", "final_response"})


def _email_words(session: Session, case: Case, note: str, at: datetime) -> None:
    from kefu.identity.records import Customer
    from kefu.notifications import enqueue
    from kefu.notifications.messages import message_key, reply_email

    customer = session.get(Customer, case.customer_id)
    if customer is None or not customer.email:
        return
    locale = customer.locale or case.locale or "zh-CN"
    subject, body = reply_email(case, note, locale)
    enqueue(
        session,
        key=message_key(case, "words", at.isoformat(), "email"),
        channel="email",
        recipient=customer.email,
        locale=locale,
        subject=subject,
        body=body,
        case_id=case.id,
        now=at,
    )


#: Events the customer is told about (SMS, email, in-app), through the outbox in the same transaction, so a
#: change and its notification are stored together or not at all.
NOTIFIED = frozenset({"created", "status_changed", "deadline_changed", "final_response"})


def _notify(session: Session, case: Case, kind: str, at: datetime) -> None:
    # imported here: notifications reads case records, so a module-level import would be circular
    from kefu.cases.deadlines import calendar
    from kefu.identity.records import Customer
    from kefu.notifications import enqueue
    from kefu.notifications.messages import case_messages, message_key

    customer = session.get(Customer, case.customer_id)
    if customer is None:
        return
    expected = calendar().local_date(case.due_at) if case.due_at is not None else None
    locale = customer.locale or case.locale or "zh-CN"
    for channel, recipient, subject, body in case_messages(case, customer, kind, expected=expected):
        enqueue(
            session,
            key=message_key(case, kind, at.isoformat(), channel),
            channel=channel,
            recipient=recipient,
            locale=locale,
            subject=subject,
            body=body,
            case_id=case.id,
            now=at,
        )


def change(before: Any, after: Any) -> dict[str, Any]:
    """Event detail for a value that moved: ``{"from": before, "to": after}``."""
    return {"from": before, "to": after}


def timeline(session: Session, case: Case) -> list[CaseEvent]:
    """``case``'s events, oldest first."""
    query = select(CaseEvent).where(CaseEvent.case_id == case.id).order_by(CaseEvent.at, CaseEvent.id)
    return list(session.scalars(query))


def check_channel(channel: str) -> str:
    if channel not in CHANNELS:
        raise InvalidInput(
            f"Unknown channel {channel!r}; use one of {', '.join(CHANNELS)}.",
            f"未知渠道“{channel}”，请使用：{'、'.join(CHANNELS)}。",
            code="invalid_channel",
        )
    return channel


def utc(now: datetime) -> datetime:
    """``now`` as aware UTC; a naive datetime is a programming error (whose clock would it be?)."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(UTC)


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return utc(value).isoformat()
    return value
