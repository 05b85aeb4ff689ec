"""The audit log: who did what, to what, from where and when (table ``audit_entry``).

Actions written by this package: ``sign_in``, ``sign_in_failed``, ``sign_in_throttled``, ``sign_out``,
``sessions_ended``, ``agent_created``, ``role_changed``, ``password_changed``, ``agent_deactivated``. Failed
sign-ins are also what throttling counts (:mod:`kefu.agents.throttle`).

Actors are ``agent:<code>``, ``system`` (the CLI, startup) or ``anonymous`` (someone not signed in).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.agents._clock import as_utc
from kefu.agents.records import AuditEntry

__all__ = ["ANONYMOUS", "SYSTEM", "recent", "record"]

SYSTEM = "system"
ANONYMOUS = "anonymous"


def record(
    session: Session,
    actor: str,
    action: str,
    subject: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    *,
    at: datetime | None = None,
) -> AuditEntry:
    """Add one entry (values cut to their columns' sizes); flushed, so later queries in the session see it."""
    entry = AuditEntry(
        at=as_utc(at),
        actor=actor[:64],
        action=action[:32],
        subject=subject[:120],
        ip=ip[:64] if ip else None,
        detail=detail or {},
    )
    session.add(entry)
    session.flush()
    return entry


def recent(
    session: Session,
    *,
    action: str | Sequence[str] | None = None,
    subject: str | None = None,
    actor: str | None = None,
    since: datetime | None = None,
    limit: int = 50,
) -> list[AuditEntry]:
    """The newest entries first, filtered by action(s), subject, actor and time."""
    query = select(AuditEntry)
    if isinstance(action, str):
        query = query.where(AuditEntry.action == action)
    elif action is not None:
        query = query.where(AuditEntry.action.in_(list(action)))
    if subject is not None:
        query = query.where(AuditEntry.subject == subject)
    if actor is not None:
        query = query.where(AuditEntry.actor == actor)
    if since is not None:
        query = query.where(AuditEntry.at >= as_utc(since))
    query = query.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit)
    return list(session.scalars(query))
