"""A session per test on each backend, cheap password hashes, and a fixed clock.

Hashes made here use argon2id with the smallest parameters (hashing at the real ones costs ~0.1 s each);
the code under test hashes with whatever :data:`kefu.agents.passwords.HASHER` holds, so nothing else
changes. test_passwords.py checks the real parameters.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from argon2 import PasswordHasher
from sqlalchemy.orm import Session

from kefu.agents import passwords
from kefu.store import Database

#: A Monday morning, Beijing 17:00; tests move from here with timedelta.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", CHEAP)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session
