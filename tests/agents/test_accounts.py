"""Agent accounts: creation (codes, checks), role and password changes, deactivation, the demo accounts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.agents import accounts
from kefu.agents.audit import recent
from kefu.agents.passwords import verify_password
from kefu.agents.records import Agent, AgentSession
from kefu.agents.sessions import resolve, sign_in
from kefu.errors import Conflict, InvalidInput, NotFound, PermissionDenied

from .conftest import T0
from .people import PASSWORD, make_agent


def test_create_gives_codes_in_order_and_stores_a_hash(session: Session) -> None:
    first = accounts.create_agent(
        session, "  LiNa ", PASSWORD, " 李娜   Li Na ", languages=["zh-CN", "en"], at=T0
    )
    second = make_agent(session, "emma", languages=["en"])
    assert (first.code, second.code) == ("KF1001", "KF1002")
    assert first.username == "lina"
    assert first.display_name == "李娜 Li Na"
    assert (first.role, first.team, first.languages, first.active) == ("agent", "support", "zh-CN,en", True)
    assert first.password_hash.startswith("$argon2id$")
    assert verify_password(first.password_hash, PASSWORD)
    created = recent(session, action="agent_created")
    assert [entry.subject for entry in created] == ["emma", "lina"]
    assert created[-1].actor == "system"
    assert created[-1].detail == {"code": "KF1001", "role": "agent", "team": "support"}


def test_a_taken_username_is_a_conflict_whatever_its_case(session: Session) -> None:
    make_agent(session, "lina")
    with pytest.raises(Conflict) as taken:
        accounts.create_agent(session, "LINA", PASSWORD, "Another Lina")
    assert taken.value.code == "agent_exists"


@pytest.mark.parametrize(
    ("field", "value", "code"),
    [
        ("username", "x", "invalid_username"),
        ("username", "li na", "invalid_username"),
        ("username", "-lina", "invalid_username"),
        ("password", "password123", "password_too_common"),
        ("password", "lina", "password_too_short"),
        ("display_name", "   ", "invalid_display_name"),
        ("role", "owner", "invalid_role"),
        ("team", "sales", "invalid_team"),
        ("languages", ["fr"], "invalid_languages"),
        ("languages", [], "invalid_languages"),
    ],
)
def test_bad_values_are_refused(session: Session, field: str, value: object, code: str) -> None:
    values: dict[str, object] = {
        "username": "lina",
        "password": PASSWORD,
        "display_name": "Li Na",
        "role": "agent",
        "team": "support",
        "languages": ["zh-CN"],
    }
    values[field] = value
    with pytest.raises(InvalidInput) as refused:
        accounts.create_agent(session, **values)  # type: ignore[arg-type]
    assert refused.value.code == code
    assert session.scalar(select(Agent.id)) is None


def test_lookups(session: Session) -> None:
    agent = make_agent(session, "lina")
    assert accounts.get_agent(session, " LINA ") is agent
    assert accounts.agent_by_code(session, "kf1001") is agent
    with pytest.raises(NotFound) as absent:
        accounts.get_agent(session, "nobody")
    assert absent.value.code == "agent_not_found"
    with pytest.raises(NotFound):
        accounts.agent_by_code(session, "KF9")
    make_agent(session, "emma")
    accounts.deactivate(session, accounts.get_agent(session, "emma"), by="system")
    assert [a.username for a in accounts.list_agents(session)] == ["lina", "emma"]
    assert [a.username for a in accounts.list_agents(session, active_only=True)] == ["lina"]


def test_role_changes_are_audited(session: Session) -> None:
    make_agent(session, "boss", role="admin")
    lina = make_agent(session, "lina")
    accounts.set_role(session, lina, "supervisor", by="agent:KF1001", ip="10.0.0.1")
    accounts.set_role(session, lina, "supervisor", by="agent:KF1001")  # no change, no entry
    assert lina.role == "supervisor"
    [entry] = recent(session, action="role_changed")
    assert (entry.actor, entry.subject, entry.ip) == ("agent:KF1001", "lina", "10.0.0.1")
    assert entry.detail == {"from": "agent", "to": "supervisor"}
    with pytest.raises(InvalidInput):
        accounts.set_role(session, lina, "root", by="system")


def test_the_last_admin_stays_an_admin(session: Session) -> None:
    boss = make_agent(session, "boss", role="admin")
    with pytest.raises(Conflict) as last:
        accounts.set_role(session, boss, "agent", by="system")
    assert last.value.code == "last_admin"
    with pytest.raises(Conflict):
        accounts.deactivate(session, boss, by="system")
    make_agent(session, "deputy", role="admin")
    accounts.set_role(session, boss, "agent", by="system")
    assert boss.role == "agent"


def test_a_new_password_ends_the_other_sessions(session: Session) -> None:
    lina = make_agent(session, "lina")
    _, here = sign_in(session, "lina", PASSWORD, at=T0)
    other_token, _ = sign_in(session, "lina", PASSWORD, at=T0)
    new = "a brand new phrase"
    ended = accounts.set_password(session, lina, new, by="agent:KF1001", keep_session=here.id)
    assert ended == 1
    assert here.ended_at is None
    assert resolve(session, other_token, T0 + timedelta(minutes=1)) is None
    assert verify_password(lina.password_hash, "a brand new phrase")
    [entry] = recent(session, action="password_changed")
    assert (entry.subject, entry.detail) == ("lina", {"sessions_ended": 1})
    with pytest.raises(InvalidInput):
        accounts.set_password(session, lina, "lina", by="system")


def test_deactivating_ends_every_session_and_sign_in(session: Session) -> None:
    lina = make_agent(session, "lina")
    token, _ = sign_in(session, "lina", PASSWORD, at=T0)
    assert accounts.deactivate(session, lina, by="system", at=T0) == 1
    assert resolve(session, token, T0) is None
    assert all(row.ended_at is not None for row in session.scalars(select(AgentSession)))
    with pytest.raises(PermissionDenied):
        sign_in(session, "lina", PASSWORD, at=T0 + timedelta(minutes=1))
    [entry] = recent(session, action="agent_deactivated")
    assert entry.detail == {"sessions_ended": 1}


def test_demo_agents_are_created_once(session: Session) -> None:
    created = accounts.ensure_demo_agents(session, at=T0)
    roles = {(demo.role, demo.team) for demo in created}
    assert len(created) == 6
    assert {("agent", "support"), ("supervisor", "support"), ("admin", "support")} <= roles
    assert {("agent", "complaints"), ("agent", "senior")} <= roles
    assert any(demo.languages == ("en",) for demo in created)
    assert any(set(demo.languages) == {"zh-CN", "en"} and demo.role == "agent" for demo in created)
    assert [demo.code for demo in created] == [f"KF{1001 + n}" for n in range(6)]
    for demo in created:  # the documented passwords work
        sign_in(session, demo.username, demo.password, at=T0)
    assert accounts.ensure_demo_agents(session) == []
    assert len(accounts.list_agents(session)) == 6


def test_no_demo_agents_once_anyone_exists(session: Session) -> None:
    make_agent(session, "lina")
    assert accounts.ensure_demo_agents(session) == []
    assert [a.username for a in accounts.list_agents(session)] == ["lina"]
    assert [demo.code for demo in accounts.demo_accounts()] == [None] * 6
