"""Console sign-in sessions: signing in and out, finding the agent behind a session token, ending sessions.

- The token (``secrets.token_urlsafe(32)``: 256 bits) lives only in the agent's cookie; the database keeps
  its SHA-256, so a leaked table signs nobody in. Every sign-in makes a new token (no session fixation).
- An unknown username, a wrong password and a deactivated account get the same error, after the same work
  (a hash is checked either way), so sign-in does not tell which usernames exist.
- Each attempt is audited (``sign_in`` / ``sign_in_failed`` / ``sign_in_throttled``) and too many failures
  lock the username or the IP for a while (:mod:`kefu.agents.throttle`). A refused attempt is committed
  before the error is raised: the caller's rollback must not erase what throttling counts.
- A session ends after :data:`IDLE_TIMEOUT` without use or :data:`ABSOLUTE_TIMEOUT` after sign-in, when the
  agent signs out, or when an admin ends it; ``ended_at`` records when.
- :func:`csrf_token` derives the per-session token forms must send back (HMAC-SHA256 keyed by the session
  token, so it needs no storage and dies with the session).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kefu.agents import audit
from kefu.agents._clock import as_utc, stored_utc
from kefu.agents.access import actor
from kefu.agents.passwords import hash_password, needs_rehash, verify_password, waste_a_verification
from kefu.agents.records import Agent, AgentSession
from kefu.agents.throttle import check_sign_in_allowed
from kefu.agents.usernames import normalize_username
from kefu.errors import PermissionDenied, RateLimited

__all__ = [
    "ABSOLUTE_TIMEOUT",
    "IDLE_TIMEOUT",
    "TOUCH_EVERY",
    "SignedIn",
    "check_csrf",
    "close_sessions",
    "csrf_token",
    "end_sessions",
    "open_session_counts",
    "resolve",
    "sign_in",
    "sign_out",
    "token_hash",
]

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
#: ``last_seen_at`` is written at most this often (a console polls; most requests need no write).
TOUCH_EVERY = timedelta(minutes=1)

#: Longer than any token this module makes; anything longer is not looked up.
_MAX_TOKEN = 128


@dataclass(frozen=True)
class SignedIn:
    """A live session and the agent it belongs to."""

    agent: Agent
    agent_session: AgentSession


def token_hash(token: str) -> str:
    """What the database stores for ``token``: its SHA-256, hex."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def sign_in(
    session: Session,
    username: str,
    password: str,
    *,
    ip: str | None = None,
    user_agent: str | None = None,
    at: datetime | None = None,
) -> tuple[str, AgentSession]:
    """A new session for the agent whose username and password these are: ``(token, row)``.

    PermissionDenied ``sign_in_failed`` (one message for every reason) or RateLimited ``sign_in_throttled``.
    """
    at = as_utc(at)
    name = normalize_username(username)[:120]
    try:
        check_sign_in_allowed(session, name, ip, at)
    except RateLimited:
        _refuse(session, "sign_in_throttled", name, ip, at)
        raise
    agent = session.scalar(select(Agent).where(Agent.username == name))
    if agent is None:
        waste_a_verification(password)
        matched = False
    else:
        matched = verify_password(agent.password_hash, password)
    if agent is None or not matched or not agent.active:
        reason = "unknown_user" if agent is None else "wrong_password" if not matched else "inactive"
        _refuse(session, "sign_in_failed", name, ip, at, reason=reason)
        raise _sign_in_failed()
    if needs_rehash(agent.password_hash):
        agent.password_hash = hash_password(password)
    token = secrets.token_urlsafe(32)
    row = AgentSession(
        token_hash=token_hash(token),
        agent_id=agent.id,
        created_at=at,
        last_seen_at=at,
        ip=ip[:64] if ip else None,
        user_agent=user_agent[:300] if user_agent else None,
    )
    session.add(row)
    audit.record(session, actor(agent), "sign_in", name, ip, at=at)
    return token, row


def resolve(session: Session, token: str | None, at: datetime | None = None) -> SignedIn | None:
    """The live session ``token`` belongs to, else None (unknown, ended, timed out, agent deactivated).

    A session found timed out is ended then and there; a live one has ``last_seen_at`` moved on.
    """
    if not token or len(token) > _MAX_TOKEN:
        return None
    at = as_utc(at)
    row = session.scalar(select(AgentSession).where(AgentSession.token_hash == token_hash(token)))
    if row is None or row.ended_at is not None:
        return None
    expires = _expires_at(row)
    if at >= expires:
        row.ended_at = expires
        return None
    agent = session.get(Agent, row.agent_id)
    if agent is None or not agent.active:
        row.ended_at = at
        return None
    if at - stored_utc(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = at
    return SignedIn(agent, row)


def sign_out(
    session: Session, token: str | None, *, ip: str | None = None, at: datetime | None = None
) -> bool:
    """End the session ``token`` belongs to; False when there was none to end."""
    at = as_utc(at)
    signed_in = resolve(session, token, at)
    if signed_in is None:
        return False
    signed_in.agent_session.ended_at = at
    audit.record(session, actor(signed_in.agent), "sign_out", signed_in.agent.username, ip, at=at)
    return True


def end_sessions(
    session: Session, agent_id: int, by: str, *, ip: str | None = None, at: datetime | None = None
) -> int:
    """End every open session of agent ``agent_id`` (an admin's action, audited); how many were open."""
    at = as_utc(at)
    agent = session.get(Agent, agent_id)
    username = agent.username if agent else str(agent_id)
    ended = close_sessions(session, agent_id, at)
    audit.record(session, by, "sessions_ended", username, ip, {"sessions": ended}, at=at)
    return ended


def close_sessions(session: Session, agent_id: int, at: datetime, *, keep: int | None = None) -> int:
    """End ``agent_id``'s open sessions except ``keep`` (not audited: the caller records why)."""
    statement = update(AgentSession).where(AgentSession.agent_id == agent_id, AgentSession.ended_at.is_(None))
    if keep is not None:
        statement = statement.where(AgentSession.id != keep)
    # synchronize_session (the default, "auto"): rows already loaded in this session see the new ended_at
    result = session.execute(statement.values(ended_at=as_utc(at)))
    return int(getattr(result, "rowcount", 0) or 0)


def open_session_counts(session: Session, at: datetime | None = None) -> dict[int, int]:
    """Live sessions per agent id (not ended, not timed out)."""
    at = as_utc(at)
    rows = session.execute(
        select(AgentSession.agent_id).where(
            AgentSession.ended_at.is_(None),
            AgentSession.last_seen_at > at - IDLE_TIMEOUT,
            AgentSession.created_at > at - ABSOLUTE_TIMEOUT,
        )
    )
    counts: dict[int, int] = {}
    for (agent_id,) in rows:
        counts[agent_id] = counts.get(agent_id, 0) + 1
    return counts


def csrf_token(token: str) -> str:
    """The anti-forgery token for the session ``token``: forms and scripts send it back with each change."""
    return hmac.new(token.encode("utf-8"), b"kefu console csrf v1", hashlib.sha256).hexdigest()


def check_csrf(token: str | None, presented: str | None) -> bool:
    """Whether ``presented`` is the session's anti-forgery token (compared in constant time)."""
    if not token or not presented:
        return False
    return hmac.compare_digest(csrf_token(token).encode("ascii"), presented.encode("utf-8", "replace"))


def _expires_at(row: AgentSession) -> datetime:
    idle = stored_utc(row.last_seen_at) + IDLE_TIMEOUT
    absolute = stored_utc(row.created_at) + ABSOLUTE_TIMEOUT
    return min(idle, absolute)


def _refuse(session: Session, action: str, name: str, ip: str | None, at: datetime, **detail: str) -> None:
    # Committed at once: the error that follows rolls the caller's transaction back, and throttling must
    # still see this attempt.
    audit.record(session, audit.ANONYMOUS, action, name, ip, dict(detail), at=at)
    session.commit()


def _sign_in_failed() -> PermissionDenied:
    return PermissionDenied(
        "The username or password is not right, or the account is not active. Check them and try again; "
        "an admin can reset your password.",
        "用户名或密码不正确，或账号已停用。请检查后重试；管理员可以为您重置密码。",
        code="sign_in_failed",
    )
