"""The knowledge base's tables: every article file as it was imported, and the KB's revision counter.

An article row keeps the file's exact text (``source``) and where it lives (``path``), so an export
writes back the same bytes; the parsed fields beside it are for listing and querying. ``kb_state`` holds
one row whose ``revision`` goes up with every change, which each server process polls to know when to
rebuild its search index.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import Base, UtcDateTime, utcnow

__all__ = ["ArticleRecord", "KbState"]


class ArticleRecord(Base):
    __tablename__ = "article"
    __table_args__ = (UniqueConstraint("slug", "locale"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(500))
    category: Mapped[str] = mapped_column(String(64), index=True)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    translation_key: Mapped[str] = mapped_column(String(200), index=True)
    #: Path relative to the imported directory, with forward slashes (``support/contact.en.md``).
    path: Mapped[str] = mapped_column(String(500))
    #: The file's text exactly as read (decoded as UTF-8, BOM and line endings kept).
    source: Mapped[str] = mapped_column(Text)
    #: SHA-256 of the file's bytes.
    content_hash: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)


class KbState(Base):
    __tablename__ = "kb_state"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, onupdate=utcnow)
