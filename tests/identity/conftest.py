"""A session on each backend."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from kefu.store import Database


@pytest.fixture
def session_db(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session
