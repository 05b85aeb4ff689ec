"""Agent accounts: creating them, looking them up, changing role and password, deactivating.

Every change is audited (``agent_created``, ``role_changed``, ``password_changed``, ``agent_deactivated``)
with ``by``, the acting party (``agent:<code>`` or ``system``). A new password ends the agent's other
sessions; deactivating ends them all. The last active admin can be neither demoted nor deactivated, so the
console always has someone who can manage it.

Each agent gets a public code, ``KF`` + 4 digits (KF1001, KF1002, ... in order of creation): what customers
see in chat and what case timelines record (``agent:<code>``).

:func:`ensure_demo_agents` creates the demo accounts of ``data/demo-agents.yaml`` in an empty agent table,
for a first ``kefu serve``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.agents import audit
from kefu.agents._clock import as_utc
from kefu.agents.passwords import check_password, hash_password
from kefu.agents.records import Agent
from kefu.agents.sessions import close_sessions
from kefu.agents.usernames import check_username, normalize_username
from kefu.cases.access import TEAMS
from kefu.errors import Conflict, InvalidInput, NotFound
from kefu.kb.model import LOCALES

__all__ = [
    "STAFF_ROLES",
    "DemoAgent",
    "agent_by_code",
    "create_agent",
    "deactivate",
    "demo_accounts",
    "ensure_demo_agents",
    "get_agent",
    "list_agents",
    "set_password",
    "set_role",
]

#: What an agent account can be: works a queue (agent), sees every queue (supervisor), manages agents (admin).
STAFF_ROLES: tuple[str, ...] = ("agent", "supervisor", "admin")

_CODE = re.compile(r"KF(\d{4})")
_FIRST_CODE = 1001
_MAX_DISPLAY_NAME = 100


@dataclass(frozen=True)
class DemoAgent:
    """A demo account from ``data/demo-agents.yaml`` (``code`` once created)."""

    username: str
    password: str
    display_name: str
    role: str
    team: str
    languages: tuple[str, ...]
    code: str | None = None


def create_agent(
    session: Session,
    username: str,
    password: str,
    display_name: str,
    role: str = "agent",
    team: str = "support",
    languages: Iterable[str] = ("zh-CN",),
    *,
    by: str = audit.SYSTEM,
    ip: str | None = None,
    at: datetime | None = None,
) -> Agent:
    """A new active agent with the next free code. InvalidInput for a bad value, Conflict for a taken name."""
    at = as_utc(at)
    name = check_username(username)
    check_password(password, username=name)
    shown = _check_display_name(display_name)
    _check_role(role)
    _check_team(team)
    spoken = _check_languages(languages)
    if session.scalar(select(Agent.id).where(Agent.username == name)) is not None:
        raise Conflict(
            f"There is already an agent called {name!r}: choose another username.",
            f"用户名 {name!r} 已被使用，请换一个。",
            code="agent_exists",
        )
    agent = Agent(
        username=name,
        code=_next_code(session),
        display_name=shown,
        password_hash=hash_password(password),
        role=role,
        team=team,
        languages=",".join(spoken),
        created_at=at,
        password_changed_at=at,
    )
    session.add(agent)
    session.flush()
    detail = {"code": agent.code, "role": role, "team": team}
    audit.record(session, by, "agent_created", name, ip, detail, at=at)
    return agent


def list_agents(session: Session, *, active_only: bool = False) -> list[Agent]:
    """Every agent (or only active ones) in code order."""
    query = select(Agent).order_by(Agent.code)
    if active_only:
        query = query.where(Agent.active.is_(True))
    return list(session.scalars(query))


def get_agent(session: Session, username: str) -> Agent:
    """The agent with this username (any case), else NotFound."""
    name = normalize_username(username)
    agent = session.scalar(select(Agent).where(Agent.username == name))
    if agent is None:
        raise _no_agent(name)
    return agent


def agent_by_code(session: Session, code: str) -> Agent:
    """The agent with this public code (``KF1001``), else NotFound."""
    agent = session.scalar(select(Agent).where(Agent.code == code.strip().upper()))
    if agent is None:
        raise _no_agent(code)
    return agent


def set_role(
    session: Session, agent: Agent, role: str, *, by: str, ip: str | None = None, at: datetime | None = None
) -> Agent:
    """Give ``agent`` another role (audited; nothing happens when it is the same)."""
    _check_role(role)
    if role == agent.role:
        return agent
    if agent.role == "admin":
        _keep_an_admin(session, agent)
    detail = {"from": agent.role, "to": role}
    agent.role = role
    audit.record(session, by, "role_changed", agent.username, ip, detail, at=at)
    return agent


def set_password(
    session: Session,
    agent: Agent,
    password: str,
    *,
    by: str,
    ip: str | None = None,
    keep_session: int | None = None,
    at: datetime | None = None,
) -> int:
    """A new password for ``agent`` (policy checked; audited); ends their sessions except ``keep_session``
    (the one changing it). Returns how many sessions ended."""
    at = as_utc(at)
    check_password(password, username=agent.username)
    agent.password_hash = hash_password(password)
    agent.password_changed_at = at
    ended = close_sessions(session, agent.id, at, keep=keep_session)
    audit.record(session, by, "password_changed", agent.username, ip, {"sessions_ended": ended}, at=at)
    return ended


def deactivate(
    session: Session, agent: Agent, *, by: str, ip: str | None = None, at: datetime | None = None
) -> int:
    """Stop ``agent`` signing in and end their sessions (audited); how many sessions ended."""
    at = as_utc(at)
    if agent.role == "admin" and agent.active:
        _keep_an_admin(session, agent)
    agent.active = False
    ended = close_sessions(session, agent.id, at)
    audit.record(session, by, "agent_deactivated", agent.username, ip, {"sessions_ended": ended}, at=at)
    return ended


def demo_accounts() -> list[DemoAgent]:
    """The demo accounts as ``data/demo-agents.yaml`` lists them (no codes: those come with creation)."""
    return [
        DemoAgent(
            username=str(entry["username"]),
            password=str(entry["password"]),
            display_name=str(entry["display_name"]),
            role=str(entry["role"]),
            team=str(entry["team"]),
            languages=tuple(entry["languages"]),
        )
        for entry in _demo_data()["agents"]
    ]


def ensure_demo_agents(session: Session, *, at: datetime | None = None) -> list[DemoAgent]:
    """Create the demo accounts when there is no agent at all; the ones created (with codes), else [].

    Run it once per deployment (``kefu serve`` does, before its workers start).
    """
    if session.scalar(select(func.count()).select_from(Agent)):
        return []
    created = []
    for demo in demo_accounts():
        agent = create_agent(
            session,
            demo.username,
            demo.password,
            demo.display_name,
            demo.role,
            demo.team,
            demo.languages,
            at=at,
        )
        created.append(
            DemoAgent(
                demo.username,
                demo.password,
                demo.display_name,
                demo.role,
                demo.team,
                demo.languages,
                code=agent.code,
            )
        )
    return created


@cache
def _demo_data() -> dict[str, Any]:
    text = files("kefu.agents").joinpath("data/demo-agents.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def _next_code(session: Session) -> str:
    codes = session.scalars(select(Agent.code))
    numbers = [int(match.group(1)) for code in codes if (match := _CODE.fullmatch(code))]
    number = max(numbers, default=_FIRST_CODE - 1) + 1
    if number > 9999:
        raise Conflict(
            "Every agent code from KF1001 to KF9999 is taken.",
            "坐席工号 KF1001 至 KF9999 已全部用完。",
            code="agent_codes_exhausted",
        )
    return f"KF{number:04d}"


def _keep_an_admin(session: Session, agent: Agent) -> None:
    others = session.scalar(
        select(func.count())
        .select_from(Agent)
        .where(Agent.role == "admin", Agent.active.is_(True), Agent.id != agent.id)
    )
    if not others:
        raise Conflict(
            f"{agent.username} is the last active admin: make someone else an admin first.",
            f"{agent.username} 是最后一位在职管理员：请先把其他人设为管理员。",
            code="last_admin",
        )


def _check_display_name(display_name: str) -> str:
    shown = " ".join(display_name.split())
    if 0 < len(shown) <= _MAX_DISPLAY_NAME:
        return shown
    raise InvalidInput(
        f"Give a display name of 1 to {_MAX_DISPLAY_NAME} characters (customers see it in chat).",
        f"请填写 1 到 {_MAX_DISPLAY_NAME} 个字符的显示名称（客户会在对话中看到）。",
        code="invalid_display_name",
    )


def _check_role(role: str) -> None:
    if role not in STAFF_ROLES:
        raise InvalidInput(
            f"Unknown role {role!r}: use one of {', '.join(STAFF_ROLES)}.",
            f"未知角色 {role!r}：请使用 {'、'.join(STAFF_ROLES)} 之一。",
            code="invalid_role",
        )


def _check_team(team: str) -> None:
    if team not in TEAMS:
        raise InvalidInput(
            f"Unknown team {team!r}: use one of {', '.join(TEAMS)}.",
            f"未知团队 {team!r}：请使用 {'、'.join(TEAMS)} 之一。",
            code="invalid_team",
        )


def _check_languages(languages: Iterable[str]) -> list[str]:
    spoken = list(dict.fromkeys(languages))
    unknown = [language for language in spoken if language not in LOCALES]
    if spoken and not unknown:
        return spoken
    raise InvalidInput(
        f"Chat languages must be some of {', '.join(LOCALES)} (got {', '.join(spoken) or 'none'}).",
        f"对话语言须为 {'、'.join(LOCALES)} 中的一种或几种（收到：{'、'.join(spoken) or '无'}）。",
        code="invalid_languages",
    )


def _no_agent(name: str) -> NotFound:
    return NotFound(
        f"There is no agent {name!r}. `kefu agents list` shows them all.",
        f"没有名为 {name!r} 的坐席。可用 `kefu agents list` 查看全部坐席。",
        code="agent_not_found",
    )
