"""knowledge base and search analytics

Revision ID: 0001
Revises:
Create Date: 2026-11-25 07:37:28.645435
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table(
        "article",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("translation_key", sa.String(length=200), nullable=False),
        sa.Column("path", sa.String(length=500), nullable=False),
        sa.Column("source", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article")),
        sa.UniqueConstraint("slug", "locale", name=op.f("uq_article_slug_locale")),
    )
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_category"), ["category"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_translation_key"), ["translation_key"], unique=False)

    op.create_table(
        "article_feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("helpful", sa.Boolean(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("search_id", sa.String(length=32), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_feedback")),
    )
    with op.batch_alter_table("article_feedback", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_feedback_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_feedback_slug"), ["slug"], unique=False)

    op.create_table(
        "article_view",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_article_view")),
    )
    with op.batch_alter_table("article_view", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_article_view_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_article_view_slug"), ["slug"], unique=False)

    op.create_table(
        "kb_state",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_kb_state")),
    )
    op.create_table(
        "search_click",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("search_id", sa.String(length=32), nullable=False),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("rank", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_click")),
    )
    with op.batch_alter_table("search_click", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_click_search_id"), ["search_id"], unique=False)

    op.create_table(
        "search_event",
        sa.Column("id", sa.String(length=32), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("query", sa.Text(), nullable=False),
        sa.Column("normalized", sa.String(length=500), nullable=False),
        sa.Column("locale", sa.String(length=16), nullable=False),
        sa.Column("query_locale", sa.String(length=16), nullable=False),
        sa.Column("result_slugs", sa.JSON(), nullable=False),
        sa.Column("hit_count", sa.Integer(), nullable=False),
        sa.Column("confidence", sa.String(length=16), nullable=False),
        sa.Column("confidence_score", sa.Float(), nullable=False),
        sa.Column("took_ms", sa.Float(), nullable=False),
        sa.Column("channel", sa.String(length=32), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_search_event")),
    )
    with op.batch_alter_table("search_event", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_search_event_created_at"), ["created_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_search_event_normalized"), ["normalized"], unique=False)


def downgrade() -> None:

    with op.batch_alter_table("search_event", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_event_normalized"))
        batch_op.drop_index(batch_op.f("ix_search_event_created_at"))

    op.drop_table("search_event")
    with op.batch_alter_table("search_click", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_search_click_search_id"))

    op.drop_table("search_click")
    op.drop_table("kb_state")
    with op.batch_alter_table("article_view", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_view_slug"))
        batch_op.drop_index(batch_op.f("ix_article_view_created_at"))

    op.drop_table("article_view")
    with op.batch_alter_table("article_feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_feedback_slug"))
        batch_op.drop_index(batch_op.f("ix_article_feedback_created_at"))

    op.drop_table("article_feedback")
    with op.batch_alter_table("article", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_article_translation_key"))
        batch_op.drop_index(batch_op.f("ix_article_category"))

    op.drop_table("article")
