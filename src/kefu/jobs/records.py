"""The lease table: who may run a job right now, and until when."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import Base, UtcDateTime

__all__ = ["JobLease"]


class JobLease(Base):
    __tablename__ = "job_lease"

    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: The process holding the lease ("<host>:<pid>:<random>"); empty when released.
    holder: Mapped[str] = mapped_column(String(200), default="")
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime)
    #: When the job last finished a run (for /readyz and the console), None before the first.
    last_run_at: Mapped[datetime | None] = mapped_column(UtcDateTime, nullable=True)
