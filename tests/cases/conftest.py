"""One session per test on each backend, and two customers, Alice and Bob, who must never see each
other's cases."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from kefu.store import Database

from .scenes import make_customer


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


@pytest.fixture
def alice(session: Session) -> int:
    return make_customer(session, "w-alice", phone="+86 138 0000 0001", locale="zh-CN")


@pytest.fixture
def bob(session: Session) -> int:
    return make_customer(session, "w-bob", phone="13800000002", locale="en")
