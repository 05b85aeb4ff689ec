"""The outbox: messages are stored first (:func:`enqueue`, in the caller's transaction) and sent later by
:func:`deliver_due` (a scheduler job), so a sender that is down only delays them.

- ``enqueue`` is idempotent on the key: ``INSERT … ON CONFLICT DO NOTHING RETURNING id``; the second call
  with the same key stores nothing and returns None.
- ``deliver_due`` takes the pending rows that are due, locks them (``FOR UPDATE SKIP LOCKED`` on PostgreSQL;
  on SQLite a first no-op write takes the database's single write lock), sends each, and marks it sent,
  or counts a failed attempt and retries later: 30 s, 2 min, 8 min, 32 min, then hourly; after
  ``max_attempts`` it is marked failed. The locks are held until the caller's transaction ends, so two
  workers never send the same row.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import Insert, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kefu.cases.records import Case
from kefu.errors import InvalidInput
from kefu.notifications.records import CHANNELS, Notification
from kefu.notifications.senders import OutgoingMessage, Sender

__all__ = ["MAX_ATTEMPTS", "DeliveryReport", "backoff", "deliver_due", "enqueue"]

log = logging.getLogger("kefu.notifications")

MAX_ATTEMPTS = 8
_FIRST_DELAY = timedelta(seconds=30)
_LONGEST_DELAY = timedelta(hours=1)
_ERROR_LENGTH = 1000


@dataclass
class DeliveryReport:
    """What one :func:`deliver_due` run did: ids sent, retried later, and given up on."""

    sent: list[int] = field(default_factory=list)
    retried: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def backoff(attempts: int) -> timedelta:
    """The wait after the ``attempts``-th failure: 30 s, ×4 each time, at most an hour."""
    return min(_FIRST_DELAY * 4 ** max(attempts - 1, 0), _LONGEST_DELAY)


def enqueue(
    session: Session,
    *,
    key: str,
    channel: str,
    recipient: str,
    locale: str,
    subject: str,
    body: str,
    case_id: int | None = None,
    now: datetime,
) -> Notification | None:
    """Store a message to send as soon as possible; None when ``key`` was already enqueued."""
    if channel not in CHANNELS:
        raise InvalidInput(
            f"Unknown notification channel {channel!r}; use one of {', '.join(CHANNELS)}.",
            f"未知的通知渠道“{channel}”；可用：{'、'.join(CHANNELS)}。",
        )
    values = {
        "idempotency_key": key,
        "channel": channel,
        "recipient": recipient,
        "locale": locale,
        "subject": subject,
        "body": body,
        "case_id": case_id,
        "status": "pending",
        "attempts": 0,
        "next_attempt_at": now,
        "created_at": now,
    }
    new_id = session.execute(_insert_new(session, values)).scalar_one_or_none()
    return None if new_id is None else session.get(Notification, new_id)


def deliver_due(
    session: Session,
    now: datetime,
    senders: Mapping[str, Sender],
    *,
    limit: int = 100,
    max_attempts: int = MAX_ATTEMPTS,
) -> DeliveryReport:
    """Send the pending messages due at ``now`` (at most ``limit``) through ``senders`` (by channel)."""
    due = (Notification.status == "pending", Notification.next_attempt_at <= now)
    if session.get_bind().dialect.name == "sqlite":
        # SQLite has no row locks: a write first takes the single write lock, so a second deliverer waits
        # here and then reads the rows this one has marked.
        session.execute(
            update(Notification).where(*due).values(attempts=Notification.attempts),
            execution_options={"synchronize_session": False},
        )
    rows = session.scalars(
        select(Notification)
        .where(*due)
        .order_by(Notification.next_attempt_at, Notification.id)
        .limit(limit)
        .with_for_update(skip_locked=True)
    ).all()
    numbers = _case_numbers(session, {row.case_id for row in rows if row.case_id is not None})
    report = DeliveryReport()
    for row in rows:
        error = _send(row, senders, numbers.get(row.case_id) if row.case_id else None)
        if error is None:
            row.status, row.sent_at, row.last_error = "sent", now, None
            row.attempts += 1
            report.sent.append(row.id)
            continue
        row.attempts += 1
        row.last_error = error[:_ERROR_LENGTH]
        if row.attempts >= max_attempts:
            row.status = "failed"
            report.failed.append(row.id)
            log.error("notification %s failed for good after %d attempts: %s", row.id, row.attempts, error)
        else:
            row.next_attempt_at = now + backoff(row.attempts)
            report.retried.append(row.id)
            log.warning("notification %s not sent (attempt %d), retrying: %s", row.id, row.attempts, error)
    session.flush()
    return report


def _send(row: Notification, senders: Mapping[str, Sender], case_number: str | None) -> str | None:
    """None when sent, else what went wrong (any exception from a sender fails this row only)."""
    sender = senders.get(row.channel)
    if sender is None:
        return f"no sender configured for channel {row.channel!r}"
    message = OutgoingMessage(
        key=row.idempotency_key,
        channel=row.channel,
        recipient=row.recipient,
        locale=row.locale,
        subject=row.subject,
        body=row.body,
        case_number=case_number,
    )
    try:
        sender.send(message)
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return None


def _case_numbers(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.execute(select(Case.id, Case.number).where(Case.id.in_(ids)))
    return {case_id: number for case_id, number in rows}


def _insert_new(session: Session, values: Mapping[str, object]) -> Insert:
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        pg = postgresql.insert(Notification).values(**values)
        return pg.on_conflict_do_nothing(index_elements=[Notification.idempotency_key]).returning(
            Notification.id
        )
    if dialect == "sqlite":
        lite = sqlite.insert(Notification).values(**values)
        return lite.on_conflict_do_nothing(index_elements=[Notification.idempotency_key]).returning(
            Notification.id
        )
    raise NotImplementedError(f"the outbox supports SQLite and PostgreSQL, not {dialect}")
