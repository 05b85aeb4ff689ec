"""What happens with time alone, for the scheduler to run every few minutes (each call is one sweep).

- :func:`close_stale`: a case left Waiting for you more than 7 calendar days closes itself.
- :func:`close_answered`: a Resolved case whose 30-day window to reopen or escalate has passed is Closed.
- :func:`overdue`: an open case past its promised deadline moves up one priority step, once per deadline.

Each returns the numbers it acted on. Rows are locked with ``FOR UPDATE SKIP LOCKED`` on PostgreSQL, so
two schedulers never act on the same case; SQLite serialises writers anyway.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kefu.cases._verbs import move
from kefu.cases.access import SYSTEM
from kefu.cases.deadlines import rules
from kefu.cases.lifecycle import PRIORITIES
from kefu.cases.records import Case
from kefu.cases.states import OPEN_STATUSES
from kefu.cases.timeline import record_event, utc
from kefu.store import utcnow

__all__ = ["close_answered", "close_stale", "overdue"]


def close_stale(session: Session, now: datetime | None = None) -> list[str]:
    """Close the cases that have waited for the customer more than 7 calendar days."""
    at = utc(now if now is not None else utcnow())
    query = select(Case).where(Case.status == "waiting", Case.waiting_since < at - rules().waiting_limit)
    return _auto_close(session, query, at, "no_reply", "waiting_since")


def close_answered(session: Session, now: datetime | None = None) -> list[str]:
    """Close the Resolved cases answered more than 30 days ago (they can no longer be reopened)."""
    at = utc(now if now is not None else utcnow())
    window = max(rules().reopen_window, rules().escalation_window)
    query = select(Case).where(Case.status == "resolved", Case.resolved_at < at - window)
    return _auto_close(session, query, at, "answered", "resolved_at")


def _auto_close(session: Session, query: Select[Case], at: datetime, reason: str, since: str) -> list[str]:
    """Close every case ``query`` finds (rows another worker holds are skipped); ``since`` is the timestamp
    that made it due, kept in the event."""
    closed = []
    for case in session.scalars(query.with_for_update(skip_locked=True)):
        move(
            session,
            case,
            "auto_close",
            actor=SYSTEM,
            channel="system",
            at=at,
            event="auto_closed",
            reason=reason,
            **{since: getattr(case, since)},
        )
        case.closed_at = at
        case.waiting_since = None
        closed.append(case.number)
    return closed


def overdue(session: Session, now: datetime | None = None) -> list[str]:
    """Open cases past their deadline not yet flagged: priority up one step, an ``overdue`` event, once.

    Waiting cases are left alone (their clock is paused); a case whose deadline moves is flagged again if
    the new deadline passes too.
    """
    at = utc(now if now is not None else utcnow())
    query = select(Case).where(Case.status.in_(OPEN_STATUSES), Case.due_at < at, Case.overdue_at.is_(None))
    flagged = []
    for case in session.scalars(query.order_by(Case.due_at).with_for_update(skip_locked=True)):
        before = case.priority
        case.priority = _bumped(before)
        case.overdue_at = at
        record_event(
            session,
            case,
            "overdue",
            actor=SYSTEM,
            channel="system",
            at=at,
            due_at=case.due_at,
            priority={"from": before, "to": case.priority},
            team=case.team,
        )
        flagged.append(case.number)
    return flagged


def _bumped(priority: str) -> str:
    index = PRIORITIES.index(priority) if priority in PRIORITIES else 0
    return PRIORITIES[min(index + 1, len(PRIORITIES) - 1)]
