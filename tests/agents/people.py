"""Agents for the tests, made through the real create_agent."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from kefu.agents.accounts import create_agent
from kefu.agents.records import Agent

from .conftest import T0

PASSWORD = "blue tea at noon"


def make_agent(
    session: Session,
    username: str = "lina",
    *,
    role: str = "agent",
    team: str = "support",
    languages: Iterable[str] = ("zh-CN", "en"),
    password: str = PASSWORD,
) -> Agent:
    return create_agent(session, username, password, username.title(), role, team, languages, at=T0)
