"""Attachments as case evidence: attachment.case_id, and conversation_id optional.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25 10:31:10.743453
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("case_id", sa.Integer(), nullable=True))
        batch_op.alter_column("conversation_id", existing_type=sa.INTEGER(), nullable=True)
        batch_op.create_index(batch_op.f("ix_attachment_case_id"), ["case_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_attachment_case_id_case"), "case", ["case_id"], ["id"])

    # ### end Alembic commands ###


def downgrade() -> None:
    with op.batch_alter_table("attachment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_attachment_case_id_case"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_attachment_case_id"))
        batch_op.alter_column("conversation_id", existing_type=sa.INTEGER(), nullable=False)
        batch_op.drop_column("case_id")

    # ### end Alembic commands ###
