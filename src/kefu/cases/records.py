"""The cases tables: ``case`` (service cases C, formal complaints CP, payment disputes D), its timeline
``case_event``, and ``case_number_sequence`` (one counter per number prefix and Beijing day).

``case`` is an SQL reserved word; SQLAlchemy and Alembic quote it everywhere they emit it, on SQLite and
PostgreSQL alike. Hand-written SQL must write ``"case"``.

Every ``*_at`` column holds a timezone-aware UTC instant. SQLite hands timestamps back naive, so the columns
here use :class:`AwareUtc`, which returns them aware (UTC) on both backends and turns any aware value into
UTC before it is stored; the domain code can then compare them with ``now`` directly.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import kefu.identity.records  # noqa: F401  (case.customer_id refers to customer.id)
from kefu.store.base import AwareUtc, Base, utcnow

__all__ = ["AwareUtc", "Case", "CaseEvent", "CaseNumberSequence"]


class Case(Base):
    __tablename__ = "case"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: C / CP / D + Beijing yymmdd + 6-digit daily sequence (see :mod:`kefu.cases.numbers`).
    number: Mapped[str] = mapped_column(String(16), unique=True)
    #: "case" | "complaint" | "dispute"
    kind: Mapped[str] = mapped_column(String(16), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customer.id"), index=True)
    #: received | in_progress | waiting | resolved | closed (see :mod:`kefu.cases.states`)
    status: Mapped[str] = mapped_column(String(16), index=True)
    topic: Mapped[str] = mapped_column(String(64), default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    #: Where it was opened: chat, hotline, sms, email, web, app, wechat.
    channel: Mapped[str] = mapped_column(String(16))
    locale: Mapped[str] = mapped_column(String(16))
    #: normal | high | urgent (the scheduler moves an overdue case up one step)
    priority: Mapped[str] = mapped_column(String(16), default="normal")
    #: support | senior | complaints | disputes
    team: Mapped[str] = mapped_column(String(16), index=True)
    #: The agent handling it (an agent id until agents get a table).
    assignee: Mapped[str | None] = mapped_column(String(64), index=True)
    #: Who had answered before the escalation; the senior reviewer must be someone else.
    original_assignee: Mapped[str | None] = mapped_column(String(64))
    #: The case this one escalates (a complaint) or cites (a new case quoting an old number).
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    related_transaction: Mapped[str | None] = mapped_column(String(64))
    #: Complaints: what the customer wants us to do (refund ¥200, correct a record).
    desired_outcome: Mapped[str | None] = mapped_column(Text)
    received_at: Mapped[datetime] = mapped_column(AwareUtc)
    #: The promised response deadline: the last instant of the promised Beijing day.
    due_at: Mapped[datetime] = mapped_column(AwareUtc, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    closed_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    #: Set while the case waits for the customer: the clock is paused from this instant.
    waiting_since: Mapped[datetime | None] = mapped_column(AwareUtc, index=True)
    #: Business days the clock has been paused in total (they push due_at and the complaint limit later).
    paused_business_days: Mapped[int] = mapped_column(Integer, default=0)
    #: Complaints: the acknowledgement is due 24 clock hours after receipt.
    ack_due_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    #: When it was sent for senior review ("Not resolved – escalate"); a case climbs that step once.
    escalated_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    #: When the scheduler found it past due_at (cleared when due_at moves), so it is moved up once.
    overdue_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    extended_reason: Mapped[str | None] = mapped_column(Text)
    extension_count: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow, onupdate=utcnow)


class CaseEvent(Base):
    """One line of a case's timeline: who did what, through which channel, when."""

    __tablename__ = "case_event"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("case.id"), index=True)
    at: Mapped[datetime] = mapped_column(AwareUtc)
    #: "customer:<id>", "agent:<id>" or "system"
    actor: Mapped[str] = mapped_column(String(80))
    channel: Mapped[str] = mapped_column(String(16))
    #: created, status_changed, information_added, reply, assigned, escalated, complaint_filed,
    #: deadline_changed, reopened, auto_closed, overdue, extended, final_response
    kind: Mapped[str] = mapped_column(String(32))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    note: Mapped[str] = mapped_column(Text, default="")


class CaseNumberSequence(Base):
    """The last number handed out for one prefix on one Beijing day."""

    __tablename__ = "case_number_sequence"

    prefix: Mapped[str] = mapped_column(String(4), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    last: Mapped[int] = mapped_column(Integer)
