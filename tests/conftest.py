"""Fixtures shared by every test package.

- ``database_url`` / ``database``: a fresh, migrated database per test. Always SQLite (a file in the test's
  temporary directory); when ``KEFU_TEST_DATABASE_URL`` is set (CI sets it to the machine's PostgreSQL), every
  database test runs a second time on PostgreSQL, in a schema of its own that is dropped afterwards.
- ``vector_cache_dir``: one document-vector cache for the session (``KEFU_TEST_VECTOR_CACHE`` keeps it
  across runs), so only the first build of a given text pays to encode it.
- ``use_encoder``: the USE encoder, loaded once for the session.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import create_engine, text

from kefu.search.dense import Encoder, UseEncoder
from kefu.store import Database
from search.fakes import MemoQueries

POSTGRES_URL = os.environ.get("KEFU_TEST_DATABASE_URL", "")


#: Every database test runs on each of these.
BACKENDS = ["sqlite", "postgresql"] if POSTGRES_URL else ["sqlite"]


@contextmanager
def fresh_database_url(backend: str, directory: Path) -> Iterator[str]:
    """The URL of an empty database on ``backend``: a SQLite file in ``directory``, or a PostgreSQL schema
    of its own (dropped afterwards)."""
    if backend == "sqlite":
        yield f"sqlite:///{(directory / 'kefu.db').as_posix()}"
        return
    schema = f"test_{uuid.uuid4().hex[:16]}"
    admin = create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in POSTGRES_URL else "?"
    try:
        yield f"{POSTGRES_URL}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty database (not yet migrated), on each configured backend."""
    with fresh_database_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    """A migrated database on each configured backend."""
    db = Database(database_url)
    db.upgrade()
    try:
        yield db
    finally:
        db.dispose()


@pytest.fixture(scope="session")
def vector_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    configured = os.environ.get("KEFU_TEST_VECTOR_CACHE")
    if configured:
        path = Path(configured)
        path.mkdir(parents=True, exist_ok=True)
        return path
    return tmp_path_factory.mktemp("vectors")


@pytest.fixture(scope="session")
def use_encoder() -> Encoder:
    """The real USE encoder; query vectors are remembered by text, so a dev query searched on several
    engines is encoded once (encoding is deterministic: no result changes)."""
    return MemoQueries(UseEncoder())
