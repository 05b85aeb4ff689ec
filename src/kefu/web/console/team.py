"""The admins' Agents page: every account, its open sessions, and the recent audit log.

    GET  /console/agents                        the list (admins only)
    POST /console/agents/{code}/role            role=agent|supervisor|admin   (CSRF-checked, audited)
    POST /console/agents/{code}/end-sessions    sign the agent out everywhere (CSRF-checked, audited)

Both POSTs answer 303 back to the list, which says what was done. Adding agents and resetting passwords is
``kefu agents`` for now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kefu.agents.accounts import STAFF_ROLES, agent_by_code, list_agents, set_role
from kefu.agents.audit import recent
from kefu.agents.sessions import end_sessions, open_session_counts
from kefu.store import utcnow
from kefu.web.console.auth import ConsoleAgent, client_ip, require_csrf, require_roles
from kefu.web.console.render import PRIVATE, render_console
from kefu.web.console.routing import console_routes
from kefu.web.services import db_session

__all__ = ["AGENTS_PATH", "router"]

router = console_routes()

AGENTS_PATH = "/console/agents"

#: What the page's activity list shows.
_ACTIVITY = (
    "sign_in",
    "sign_in_failed",
    "sign_in_throttled",
    "sign_out",
    "sessions_ended",
    "agent_created",
    "role_changed",
    "password_changed",
    "agent_deactivated",
)
_DONE = ("role_changed", "sessions_ended")

AdminAgent = Annotated[ConsoleAgent, Depends(require_roles("admin"))]
DbSession = Annotated[Session, Depends(db_session)]


@dataclass(frozen=True)
class AgentRow:
    code: str
    username: str
    display_name: str
    role: str
    team: str
    languages: tuple[str, ...]
    active: bool
    sessions: int
    is_you: bool


@dataclass(frozen=True)
class ActivityRow:
    at: datetime
    actor: str
    action: str
    subject: str
    ip: str


@router.get(AGENTS_PATH)
def agents_page(request: Request, admin: AdminAgent, session: DbSession, done: str = "") -> HTMLResponse:
    counts = open_session_counts(session, utcnow())
    rows = [
        AgentRow(
            code=agent.code,
            username=agent.username,
            display_name=agent.display_name,
            role=agent.role,
            team=agent.team,
            languages=tuple(agent.languages.split(",")),
            active=agent.active,
            sessions=counts.get(agent.id, 0),
            is_you=agent.id == admin.id,
        )
        for agent in list_agents(session)
    ]
    activity = [
        ActivityRow(entry.at, entry.actor, entry.action, entry.subject, entry.ip or "")
        for entry in recent(session, action=_ACTIVITY, limit=30)
    ]
    return render_console(
        request,
        "agents.html",
        agent=admin,
        active="agents",
        rows=rows,
        roles=STAFF_ROLES,
        activity=activity,
        done=done if done in _DONE else "",
    )


@router.post(AGENTS_PATH + "/{code}/role", dependencies=[Depends(require_csrf)])
def change_role(
    request: Request,
    code: str,
    admin: AdminAgent,
    session: DbSession,
    role: Annotated[str, Form(max_length=32)] = "",
) -> Response:
    set_role(session, agent_by_code(session, code), role, by=admin.actor, ip=client_ip(request))
    return RedirectResponse(f"{AGENTS_PATH}?done=role_changed", status_code=303, headers=PRIVATE)


@router.post(AGENTS_PATH + "/{code}/end-sessions", dependencies=[Depends(require_csrf)])
def end_agent_sessions(request: Request, code: str, admin: AdminAgent, session: DbSession) -> Response:
    target = agent_by_code(session, code)
    end_sessions(session, target.id, admin.actor, ip=client_ip(request))
    return RedirectResponse(f"{AGENTS_PATH}?done=sessions_ended", status_code=303, headers=PRIVATE)
