"""Alembic environment: runs on the connection :meth:`kefu.store.Database.upgrade` hands over.

``target_metadata`` is only needed to autogenerate a new revision; ``tests/store`` compares the models with
the migrated schema so the two cannot drift.
"""

from __future__ import annotations

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations through kefu.store.Database.upgrade() or `kefu db upgrade`")

context.configure(
    connection=connection,
    target_metadata=context.config.attributes.get("metadata"),
    render_as_batch=True,  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
