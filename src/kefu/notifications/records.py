"""The ``notification`` table: the outbox. Every message to a customer is a row here first, and a sender
that is down only delays it (see :mod:`kefu.notifications.outbox`)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

import kefu.cases.records  # noqa: F401  (notification.case_id refers to case.id)
from kefu.cases.records import AwareUtc
from kefu.store.base import Base, utcnow

__all__ = ["CHANNELS", "STATUSES", "Notification"]

#: sms (a phone, E.164), email (an address), inapp (the customer's id, shown in the app's inbox).
CHANNELS: tuple[str, ...] = ("sms", "email", "inapp")
STATUSES: tuple[str, ...] = ("pending", "sent", "failed")


class Notification(Base):
    __tablename__ = "notification"
    # What deliver_due asks for on every run: pending rows by due time.
    __table_args__ = (Index("ix_notification_status_next_attempt_at", "status", "next_attempt_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: Who sends what, once: "case:C261125000001:status:resolved:sms". Enqueueing it again is a no-op.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    #: A phone (E.164), an email address or a customer id, depending on the channel.
    recipient: Mapped[str] = mapped_column(String(320))
    locale: Mapped[str] = mapped_column(String(16))
    subject: Mapped[str] = mapped_column(String(300), default="")
    body: Mapped[str] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    #: pending → sent, or failed after the last attempt.
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(AwareUtc)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(AwareUtc)
