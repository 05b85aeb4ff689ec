"""Times for the agents domain: every ``at`` is aware UTC; stored timestamps come back naive on SQLite."""

from __future__ import annotations

from datetime import UTC, datetime

from kefu.store.base import utcnow

__all__ = ["as_utc", "stored_utc"]


def as_utc(at: datetime | None) -> datetime:
    """``at`` as aware UTC (now when None); a naive ``at`` is a programming error: whose clock?"""
    if at is None:
        return utcnow()
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware")
    return at.astimezone(UTC)


def stored_utc(value: datetime) -> datetime:
    """A timestamp read from the database: SQLite hands back naive UTC, PostgreSQL aware."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
