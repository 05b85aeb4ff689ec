"""How many sign-in attempts are allowed, counted from the audit log (so every worker agrees).

A username is locked for a while after :data:`PER_USERNAME` failures within :data:`WINDOW` (failures before
that account's last successful sign-in do not count); an IP address after :data:`PER_IP` failures, whatever
names it tried. Attempts are refused until enough failures age out of the window; refused attempts are
audited as ``sign_in_throttled`` and not counted, so the lock does not grow while it is tried.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from kefu.agents._clock import stored_utc
from kefu.agents.records import AuditEntry
from kefu.errors import RateLimited

__all__ = ["PER_IP", "PER_USERNAME", "WINDOW", "check_sign_in_allowed"]

WINDOW = timedelta(minutes=15)
PER_USERNAME = 5
PER_IP = 20


def check_sign_in_allowed(session: Session, username: str, ip: str | None, at: datetime) -> None:
    """RateLimited (with ``retry_after`` seconds) when ``username`` or ``ip`` failed too often lately."""
    since = at - WINDOW
    last_success = session.scalar(
        select(AuditEntry.at)
        .where(AuditEntry.action == "sign_in", AuditEntry.subject == username, AuditEntry.at >= since)
        .order_by(AuditEntry.at.desc())
        .limit(1)
    )
    by_name = select(AuditEntry.at).where(
        AuditEntry.action == "sign_in_failed",
        AuditEntry.subject == username,
        AuditEntry.at > (last_success if last_success is not None else since),
        AuditEntry.at >= since,
    )
    waits = [_wait(session, by_name, PER_USERNAME, at)]
    if ip:
        by_ip = select(AuditEntry.at).where(
            AuditEntry.action == "sign_in_failed", AuditEntry.ip == ip, AuditEntry.at >= since
        )
        waits.append(_wait(session, by_ip, PER_IP, at))
    wait = max(waits)
    if wait > 0:
        minutes = max(1, math.ceil(wait / 60))
        raise RateLimited(
            f"Too many failed sign-ins. Wait {minutes} minute(s) and try again, or ask an admin to reset "
            "your password.",
            f"登录失败次数过多。请 {minutes} 分钟后再试，或请管理员重置密码。",
            retry_after=wait,
            code="sign_in_throttled",
        )


def _wait(session: Session, failures: Select[Any], limit: int, at: datetime) -> int:
    """Seconds until fewer than ``limit`` of ``failures`` (a select of times) are in the window; 0 if now."""
    times = [stored_utc(value) for value in session.scalars(failures.order_by(AuditEntry.at))]
    if len(times) < limit:
        return 0
    # The oldest (len - limit + 1) failures must age out for the count to drop below the limit.
    frees_at = times[len(times) - limit] + WINDOW
    return max(1, math.ceil((frees_at - at).total_seconds()))
