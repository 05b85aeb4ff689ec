"""Signing in and out: tokens, one error for every failure, rehash, timeouts, ending sessions, CSRF tokens."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.agents import sessions
from kefu.agents.audit import recent
from kefu.agents.passwords import needs_rehash, verify_password
from kefu.agents.records import AgentSession, AuditEntry
from kefu.agents.sessions import (
    ABSOLUTE_TIMEOUT,
    IDLE_TIMEOUT,
    check_csrf,
    csrf_token,
    end_sessions,
    resolve,
    sign_in,
    sign_out,
    token_hash,
)
from kefu.errors import PermissionDenied
from kefu.store import Database

from .conftest import T0
from .people import PASSWORD, make_agent


def test_sign_in_makes_a_new_token_and_stores_only_its_hash(session: Session) -> None:
    make_agent(session, "lina")
    token, row = sign_in(session, "LiNa", PASSWORD, ip="10.0.0.7", user_agent="Firefox", at=T0)
    again, second = sign_in(session, "lina", PASSWORD, at=T0)
    assert len(token) >= 43  # 32 random bytes, base64url
    assert token != again and row.id != second.id
    assert row.token_hash == token_hash(token) != token
    assert (row.ip, row.user_agent, row.ended_at) == ("10.0.0.7", "Firefox", None)
    stored = session.scalars(select(AgentSession.token_hash)).all()
    assert token not in stored
    [entry, _] = recent(session, action="sign_in", limit=2)[::-1]
    assert (entry.actor, entry.subject, entry.ip) == ("agent:KF1001", "lina", "10.0.0.7")


def _failure(session: Session, username: str, password: str) -> PermissionDenied:
    with pytest.raises(PermissionDenied) as failed:
        sign_in(session, username, password, ip="10.0.0.7", at=T0)
    return failed.value


def test_one_error_for_unknown_user_wrong_password_and_inactive_account(session: Session) -> None:
    make_agent(session, "lina")
    inactive = make_agent(session, "gone")
    inactive.active = False
    errors = [
        _failure(session, "nobody", PASSWORD),
        _failure(session, "lina", "not the password"),
        _failure(session, "gone", PASSWORD),
    ]
    assert {(e.code, e.message_en, e.message_zh, type(e)) for e in errors} == {
        ("sign_in_failed", errors[0].message_en, errors[0].message_zh, PermissionDenied)
    }
    failed = recent(session, action="sign_in_failed")
    assert [(e.subject, e.actor, e.detail["reason"]) for e in failed] == [
        ("gone", "anonymous", "inactive"),
        ("lina", "anonymous", "wrong_password"),
        ("nobody", "anonymous", "unknown_user"),
    ]


def test_a_failed_attempt_survives_the_callers_rollback(database: Database) -> None:
    with database.session() as session:
        make_agent(session, "lina")
    with pytest.raises(PermissionDenied), database.session() as session:
        sign_in(session, "lina", "not the password", ip="10.0.0.7", at=T0)
    with database.session() as session:
        assert [e.subject for e in recent(session, action="sign_in_failed")] == ["lina"]


def test_an_old_hash_is_replaced_at_sign_in(session: Session) -> None:
    lina = make_agent(session, "lina")
    lina.password_hash = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash(PASSWORD)
    assert needs_rehash(lina.password_hash)
    sign_in(session, "lina", PASSWORD, at=T0)
    assert not needs_rehash(lina.password_hash)
    assert verify_password(lina.password_hash, PASSWORD)


def test_resolve_finds_the_agent_and_touches_at_most_once_a_minute(session: Session) -> None:
    lina = make_agent(session, "lina")
    token, row = sign_in(session, "lina", PASSWORD, at=T0)
    found = resolve(session, token, T0 + timedelta(seconds=30))
    assert found is not None and found.agent is lina and found.agent_session is row
    assert sessions.stored_utc(row.last_seen_at) == T0  # not written: less than a minute
    resolve(session, token, T0 + timedelta(seconds=61))
    assert sessions.stored_utc(row.last_seen_at) == T0 + timedelta(seconds=61)
    assert resolve(session, "not-a-token", T0) is None
    assert resolve(session, None, T0) is None
    assert resolve(session, "x" * 500, T0) is None


def test_idle_timeout(session: Session) -> None:
    make_agent(session, "lina")
    token, row = sign_in(session, "lina", PASSWORD, at=T0)
    assert resolve(session, token, T0 + IDLE_TIMEOUT - timedelta(seconds=1)) is not None
    later = T0 + IDLE_TIMEOUT - timedelta(seconds=1) + IDLE_TIMEOUT
    assert resolve(session, token, later) is None  # idle for exactly 30 minutes since last seen
    session.flush()
    session.expire_all()
    assert sessions.stored_utc(row.ended_at) == T0 + IDLE_TIMEOUT - timedelta(seconds=1) + IDLE_TIMEOUT
    assert resolve(session, token, T0 + IDLE_TIMEOUT) is None  # ended stays ended


def test_absolute_timeout_even_when_busy(session: Session) -> None:
    make_agent(session, "lina")
    token, row = sign_in(session, "lina", PASSWORD, at=T0)
    at = T0
    while at + timedelta(minutes=20) < T0 + ABSOLUTE_TIMEOUT:
        at += timedelta(minutes=20)
        assert resolve(session, token, at) is not None
    assert resolve(session, token, T0 + ABSOLUTE_TIMEOUT) is None
    session.flush()
    session.expire_all()
    assert sessions.stored_utc(row.ended_at) == T0 + ABSOLUTE_TIMEOUT


def test_sign_out(session: Session) -> None:
    make_agent(session, "lina")
    token, row = sign_in(session, "lina", PASSWORD, at=T0)
    assert sign_out(session, token, ip="10.0.0.7", at=T0 + timedelta(minutes=5))
    assert resolve(session, token, T0 + timedelta(minutes=6)) is None
    assert sessions.stored_utc(row.ended_at) == T0 + timedelta(minutes=5)
    assert not sign_out(session, token, at=T0 + timedelta(minutes=7))
    [entry] = recent(session, action="sign_out")
    assert (entry.actor, entry.subject, entry.ip) == ("agent:KF1001", "lina", "10.0.0.7")


def test_an_admin_ends_someones_sessions(session: Session) -> None:
    make_agent(session, "boss", role="admin")
    lina = make_agent(session, "lina")
    tokens = [sign_in(session, "lina", PASSWORD, at=T0)[0] for _ in range(2)]
    boss_token, _ = sign_in(session, "boss", PASSWORD, at=T0)
    assert end_sessions(session, lina.id, "agent:KF1001", ip="10.0.0.1", at=T0 + timedelta(minutes=1)) == 2
    assert all(resolve(session, token, T0 + timedelta(minutes=2)) is None for token in tokens)
    assert resolve(session, boss_token, T0 + timedelta(minutes=2)) is not None
    entry = session.scalars(select(AuditEntry).where(AuditEntry.action == "sessions_ended")).one()
    assert (entry.actor, entry.subject, entry.ip, entry.detail) == (
        "agent:KF1001",
        "lina",
        "10.0.0.1",
        {"sessions": 2},
    )


def test_open_session_counts(session: Session) -> None:
    lina = make_agent(session, "lina")
    boss = make_agent(session, "boss", role="admin")
    sign_in(session, "lina", PASSWORD, at=T0)
    sign_in(session, "lina", PASSWORD, at=T0 + timedelta(minutes=20))
    sign_in(session, "boss", PASSWORD, at=T0)
    assert sessions.open_session_counts(session, T0 + timedelta(minutes=25)) == {lina.id: 2, boss.id: 1}
    assert sessions.open_session_counts(session, T0 + timedelta(minutes=40)) == {lina.id: 1}


def test_csrf_tokens_belong_to_their_session() -> None:
    one, two = "session-token-one", "session-token-two"
    assert csrf_token(one) == csrf_token(one) != csrf_token(two)
    assert one not in csrf_token(one)
    assert check_csrf(one, csrf_token(one))
    assert not check_csrf(one, csrf_token(two))
    assert not check_csrf(one, "")
    assert not check_csrf(one, None)
    assert not check_csrf(None, csrf_token(one))
    assert not check_csrf(one, "é" + csrf_token(one)[1:])  # non-ASCII does not raise
