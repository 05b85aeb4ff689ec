"""One :class:`Database` per process: engine, session factory, and migrations to the newest schema.

The default is a SQLite file under the data directory (``<data_dir>/kefu.db``), created and migrated on first
start; ``KEFU_DATABASE_URL`` points at PostgreSQL (``postgresql+psycopg://…``) for production. Both run the
same Alembic migrations (``kefu/store/migrations``).
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, event, inspect
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

from kefu.config import Settings

__all__ = ["Database", "database_url"]

log = logging.getLogger("kefu.store")


def database_url(settings: Settings) -> str:
    """``KEFU_DATABASE_URL``, or the SQLite file ``<data_dir>/kefu.db``."""
    if settings.database_url:
        return settings.database_url
    return f"sqlite:///{(settings.data_dir / 'kefu.db').as_posix()}"


class Database:
    """The engine and session factory for one database URL."""

    def __init__(self, url: str, *, engine_options: dict[str, Any] | None = None) -> None:
        self.url = make_url(url)
        # Up to 30 connections a process: the web layer runs up to 40 blocking calls at once in its thread
        # pool (chat sockets, routes), and waiting for a pooled connection was measured as the chat tail.
        options: dict[str, Any] = {"pool_pre_ping": True, "pool_size": 10, "max_overflow": 20}
        if self.is_sqlite:
            database = self.url.database or ""
            if database and database != ":memory:":
                Path(database).parent.mkdir(parents=True, exist_ok=True)
            options = {"connect_args": {"check_same_thread": False, "timeout": 30}}
        options.update(engine_options or {})
        self.engine: Engine = create_engine(self.url, **options)
        if self.is_sqlite:
            event.listen(self.engine, "connect", _sqlite_pragmas)
        self.sessions = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def is_sqlite(self) -> bool:
        return self.url.get_backend_name() == "sqlite"

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends normally and rolls back when it raises."""
        with self.sessions() as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise

    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision (safe to run on every start)."""
        with self.engine.begin() as connection:
            config = _alembic_config()
            config.attributes["connection"] = connection
            command.upgrade(config, "head")

    def current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()

    def dispose(self) -> None:
        self.engine.dispose()


def _alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(files("kefu.store").joinpath("migrations")))
    return config


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")  # readers do not block the writer (several workers)
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
