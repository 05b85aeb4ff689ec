"""The analytics tables: searches, clicks on their results, and article feedback votes.

Search and click rows are written in batches off the request path (see :mod:`kefu.analytics.recorder`),
so a click may be stored before the search it belongs to: ``search_click.search_id`` is an indexed
reference, not a foreign key.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, Float, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import Base, UtcDateTime, utcnow

__all__ = ["ArticleFeedback", "ArticleView", "SearchClick", "SearchEvent"]


class SearchEvent(Base):
    __tablename__ = "search_event"

    #: A random hex id made when the search runs (the page and API hand it back for click tracking).
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
    query: Mapped[str] = mapped_column(Text)
    #: The query as the engine normalised it, for grouping "the same" query typed differently.
    normalized: Mapped[str] = mapped_column(String(500), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    query_locale: Mapped[str] = mapped_column(String(16), default="")
    result_slugs: Mapped[list[str]] = mapped_column(JSON, default=list)
    hit_count: Mapped[int] = mapped_column(Integer, default=0)
    confidence: Mapped[str] = mapped_column(String(16))
    confidence_score: Mapped[float] = mapped_column(Float, default=0.0)
    took_ms: Mapped[float] = mapped_column(Float, default=0.0)
    #: Where the search came from: "helpcenter", "api", "suggest", later "chat", "sms", "voice".
    channel: Mapped[str] = mapped_column(String(32), default="api")


class SearchClick(Base):
    __tablename__ = "search_click"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    search_id: Mapped[str] = mapped_column(String(32), index=True)
    slug: Mapped[str] = mapped_column(String(200))
    locale: Mapped[str] = mapped_column(String(16))
    #: 1-based position of the clicked result.
    rank: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)


class ArticleFeedback(Base):
    __tablename__ = "article_feedback"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    helpful: Mapped[bool] = mapped_column(Boolean)
    comment: Mapped[str] = mapped_column(Text, default="")
    #: The search that led to the article, when there was one.
    search_id: Mapped[str | None] = mapped_column(String(32), nullable=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)


class ArticleView(Base):
    """One page view of an article in the help center (for "popular articles")."""

    __tablename__ = "article_view"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), index=True)
    locale: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow, index=True)
