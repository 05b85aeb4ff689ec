"""The ``customer`` table: one row per wallet customer, keyed by the wallet's own customer id.

No ID number is stored: only a salted scrypt hash of its last four characters (see
:mod:`kefu.identity.id_digits`), enough to check what a caller says, useless to read back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import Base, UtcDateTime, utcnow

__all__ = ["Customer"]


class Customer(Base):
    __tablename__ = "customer"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: The wallet's customer id (the wallet backend syncs customers by it).
    external_id: Mapped[str] = mapped_column(String(64), unique=True)
    #: E.164 (``+8613800000000``); several customers may share one (family phones), so not unique.
    phone: Mapped[str | None] = mapped_column(String(16), index=True)
    email: Mapped[str | None] = mapped_column(String(320))
    name: Mapped[str | None] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(16), default="zh-CN")
    region: Mapped[str] = mapped_column(String(8), default="CN")
    #: ``scrypt$n$r$p$<salt hex>$<hash hex>`` of the last four ID characters, or None.
    id_last4_hash: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
