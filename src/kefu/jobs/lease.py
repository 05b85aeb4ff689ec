"""Leases: at most one process holds a job's lease at a time; a holder that dies loses it when it expires.

Acquiring is one conditional UPDATE (``holder = me OR expires_at < now``), or for a job that never ran,
an INSERT … ON CONFLICT DO NOTHING, so two workers racing for the same lease cannot both win, on SQLite
(writes are serialised) or PostgreSQL (the UPDATE locks the row and re-checks the condition).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_, update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from kefu.jobs.records import JobLease

__all__ = ["mark_run", "release", "try_acquire"]


def try_acquire(session: Session, name: str, holder: str, *, now: datetime, ttl: timedelta) -> bool:
    """Take or renew the lease on ``name`` until ``now + ttl``; False when another live holder has it."""
    # Write first: on SQLite the UPDATE takes the write lock before anything is read (a read-then-write
    # transaction could fail instead of waiting), on PostgreSQL it locks the row and re-checks the condition.
    # RETURNING, not rowcount: an ORM-enabled INSERT … ON CONFLICT reports no reliable rowcount on psycopg
    taken = session.execute(
        update(JobLease)
        .where(JobLease.name == name, or_(JobLease.holder == holder, JobLease.expires_at < now))
        .values(holder=holder, expires_at=now + ttl)
        .returning(JobLease.name)
        .execution_options(synchronize_session=False)
    ).first()
    if taken is not None:
        return True
    # No row yet (the job's first run anywhere), or a live holder: only the first insert of the row wins.
    insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    created = session.execute(
        insert(JobLease)
        .values(name=name, holder=holder, expires_at=now + ttl)
        .on_conflict_do_nothing(index_elements=["name"])
        .returning(JobLease.name)
    ).first()
    return created is not None


def release(session: Session, name: str, holder: str, *, now: datetime) -> None:
    """Give the lease up at once (on shutdown), if it is still ours."""
    session.execute(
        update(JobLease)
        .where(JobLease.name == name, JobLease.holder == holder)
        .values(holder="", expires_at=now)
        .execution_options(synchronize_session=False)
    )


def mark_run(session: Session, name: str, *, now: datetime) -> None:
    session.execute(
        update(JobLease)
        .where(JobLease.name == name)
        .values(last_run_at=now)
        .execution_options(synchronize_session=False)
    )
