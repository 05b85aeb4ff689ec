"""The database: migrations create the schema on both backends, match the models, and re-run safely."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect

import kefu.agents.records
import kefu.analytics.records
import kefu.cases.records
import kefu.conversations.records
import kefu.identity.records
import kefu.jobs.records
import kefu.kb.records
import kefu.notifications.records  # noqa: F401  (the tables register on Base)
from kefu.config import load_settings
from kefu.store import Base, Database, database_url


def test_upgrade_creates_every_table(database: Database) -> None:
    tables = set(inspect(database.engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert database.current_revision() is not None


def test_upgrade_twice_is_a_no_op(database: Database) -> None:
    before = database.current_revision()
    database.upgrade()
    assert database.current_revision() == before


def test_models_match_the_migrations(database: Database) -> None:
    with database.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []


def test_constraints_follow_the_naming_convention(database: Database) -> None:
    inspector = inspect(database.engine)
    assert inspector.get_pk_constraint("article")["name"] in ("pk_article", None)  # SQLite keeps no pk name
    names = {c["name"] for c in inspector.get_unique_constraints("article")}
    assert "uq_article_slug_locale" in names


def test_default_url_is_a_sqlite_file_in_the_data_dir(tmp_path) -> None:
    settings = load_settings(data_dir=tmp_path / "data")
    url = database_url(settings)
    assert url == f"sqlite:///{(tmp_path / 'data' / 'kefu.db').as_posix()}"
    db = Database(url)
    db.upgrade()
    assert (tmp_path / "data" / "kefu.db").is_file()
    db.dispose()


def test_explicit_url_wins(tmp_path) -> None:
    settings = load_settings(data_dir=tmp_path, database_url="postgresql+psycopg://u@h/db")
    assert database_url(settings) == "postgresql+psycopg://u@h/db"
