"""A session per test on each backend; Alice and Bob (customers), agents who serve Chinese and English."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from sqlalchemy.orm import Session

from kefu.conversations.access import Participant
from kefu.store import Database

from .people import make_agent, make_customer


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


@pytest.fixture
def alice(session: Session) -> int:
    return make_customer(session, "w-alice", locale="zh-CN", email="alice@example.com")


@pytest.fixture
def bob(session: Session) -> int:
    return make_customer(session, "w-bob", locale="en")


@pytest.fixture
def zhang(session: Session) -> Participant:
    return make_agent(session, "zhang", "KF2001", languages=("zh-CN",))


@pytest.fixture
def li(session: Session) -> Participant:
    return make_agent(session, "li", "KF2002", languages=("zh-CN", "en"))


@pytest.fixture
def emma(session: Session) -> Participant:
    return make_agent(session, "emma", "KF2003", languages=("en",))
