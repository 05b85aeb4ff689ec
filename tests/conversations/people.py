"""Customers, agents and Beijing clocks for the conversation tests."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.agents.records import Agent
from kefu.conversations.access import Participant
from kefu.identity.customers import upsert_customer

BEIJING = ZoneInfo("Asia/Shanghai")


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


#: A Wednesday afternoon: agents are working.
OPEN = bj(2026, 12, 2, 15, 0)
#: The same night after 22:00: agents are not.
CLOSED = bj(2026, 12, 2, 23, 30)


def make_customer(
    session: Session, external_id: str, *, locale: str = "zh-CN", email: str | None = None
) -> int:
    return upsert_customer(session, external_id=external_id, locale=locale, email=email).id


def make_agent(
    session: Session,
    username: str,
    code: str,
    *,
    languages: tuple[str, ...] = ("zh-CN",),
    role: str = "agent",
    max_chats: int = 3,
) -> Participant:
    agent = Agent(
        username=username,
        code=code,
        display_name=username.title(),
        password_hash="-",
        role=role,
        languages=",".join(languages),
        max_chats=max_chats,
        status="available",
    )
    session.add(agent)
    session.flush()
    return Participant.staff(agent.id, code, role=role, name=agent.display_name, languages=languages)
