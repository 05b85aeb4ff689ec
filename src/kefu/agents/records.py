"""Tables of the support team: agent accounts, their sign-in sessions and the audit log.

``agent``          one row per person who works in the console; ``code`` is the public agent ID customers
                   see in chat (and can check with Verify a contact), and what case timelines record
                   (``agent:<code>``)
``agent_session``  one row per console sign-in; only the SHA-256 of the session token is stored
``audit_entry``    sign-ins (also failed ones, which throttling counts), sign-outs, role changes, exports,
                   reassignments: who, when, from where, what
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import Base, UtcDateTime, utcnow

__all__ = ["Agent", "AgentSession", "AuditEntry"]


class Agent(Base):
    __tablename__ = "agent"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Sign-in name, stored lower-case.
    username: Mapped[str] = mapped_column(String(64), unique=True)
    #: Public agent ID, e.g. ``KF1001``: shown to customers, recorded in timelines.
    code: Mapped[str] = mapped_column(String(16), unique=True)
    display_name: Mapped[str] = mapped_column(String(100))
    #: argon2id hash (argon2-cffi's encoded form, parameters included).
    password_hash: Mapped[str] = mapped_column(String(200))
    #: agent | supervisor | admin
    role: Mapped[str] = mapped_column(String(16), default="agent")
    #: support | senior | complaints | disputes (the case queues this person works)
    team: Mapped[str] = mapped_column(String(16), default="support")
    #: Chat languages, comma-separated: ``zh-CN,en``.
    languages: Mapped[str] = mapped_column(String(64), default="zh-CN")
    #: How many chats at once this agent takes.
    max_chats: Mapped[int] = mapped_column(Integer, default=3)
    #: offline | available | away (set from the console)
    status: Mapped[str] = mapped_column(String(16), default="offline")
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Base32 TOTP secret when the second factor is on.
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class AgentSession(Base):
    __tablename__ = "agent_session"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: SHA-256 hex of the session token (the cookie holds the token, the database never does).
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    agent_id: Mapped[int] = mapped_column(ForeignKey("agent.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: Set when the agent signs out, an admin ends it, or it times out.
    ended_at: Mapped[datetime | None] = mapped_column(UtcDateTime)
    ip: Mapped[str | None] = mapped_column(String(64))
    user_agent: Mapped[str | None] = mapped_column(String(300))


class AuditEntry(Base):
    __tablename__ = "audit_entry"
    __table_args__ = (Index("ix_audit_entry_action_subject_at", "action", "subject", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    #: ``agent:<code>``, ``system`` or ``anonymous``.
    actor: Mapped[str] = mapped_column(String(64))
    #: sign_in, sign_in_failed, sign_out, session_ended, role_changed, export, case_reassigned, ...
    action: Mapped[str] = mapped_column(String(32))
    #: What it was done to: a username, ``case:<number>``, ...
    subject: Mapped[str] = mapped_column(String(120), default="")
    ip: Mapped[str | None] = mapped_column(String(64))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
