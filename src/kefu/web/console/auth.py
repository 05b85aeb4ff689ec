"""Who is signed in to the console, as FastAPI dependencies.

    current_agent          the signed-in :class:`ConsoleAgent`, else SignInRequired (303 to the sign-in
                           form for a page, 401 JSON under /console/api/)
    require_csrf           every state-changing request: form field ``csrf_token`` or header
                           ``X-CSRF-Token`` must be the session's token, else 403 before the route runs
    require_roles(*roles)  the agent's role must be one of ``roles``, else 403

Use them as ``agent: CurrentAgent`` (or ``Annotated[ConsoleAgent, Depends(require_roles("admin"))]``) and
``dependencies=[Depends(require_csrf)]`` on every POST. FastAPI resolves ``current_agent`` once per request.

The session cookie (``kefu_console``) is HttpOnly, SameSite=Lax, Path=/console, and Secure when the request
came over HTTPS or the setting ``console_secure_cookies`` is on (behind a proxy that terminates TLS without
forwarding the scheme). Looking the session up is a transaction of its own, so a session found timed out
stays ended whatever the route does.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request, Response

from kefu.agents.access import require_role
from kefu.agents.sessions import ABSOLUTE_TIMEOUT, SignedIn, check_csrf, csrf_token, resolve
from kefu.cases.access import Viewer
from kefu.errors import PermissionDenied
from kefu.store import utcnow
from kefu.web.console.routing import HOME_PATH, ConsoleRefusal, SignInRequired
from kefu.web.services import services

__all__ = [
    "COOKIE",
    "CSRF_FIELD",
    "CSRF_HEADER",
    "ConsoleAgent",
    "CurrentAgent",
    "clear_session_cookie",
    "client_ip",
    "current_agent",
    "require_csrf",
    "require_roles",
    "session_token",
    "set_session_cookie",
    "signed_in_agent",
    "use_secure_cookies",
]

COOKIE = "kefu_console"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "X-CSRF-Token"


@dataclass(frozen=True)
class ConsoleAgent:
    """The signed-in agent, as plain values (no database row): safe to keep for the whole request."""

    id: int
    code: str
    username: str
    display_name: str
    role: str
    team: str
    languages: tuple[str, ...]
    #: The value forms send back as ``csrf_token`` (and scripts as ``X-CSRF-Token``).
    csrf_token: str
    session_id: int

    @property
    def viewer(self) -> Viewer:
        """How this agent acts on cases (:mod:`kefu.cases`)."""
        return Viewer.agent(self.code, self.team, role=self.role)

    @property
    def actor(self) -> str:
        """How timelines and the audit log name this agent: ``agent:<code>``."""
        return f"agent:{self.code}"


def session_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE) or None


def client_ip(request: Request) -> str | None:
    """The peer address (uvicorn puts the proxy's X-Forwarded-For here when the proxy is trusted)."""
    return request.client.host if request.client else None


def signed_in_agent(request: Request) -> ConsoleAgent | None:
    """The agent whose live session the request's cookie holds, else None."""
    token = session_token(request)
    if not token:
        return None
    with services(request).database.session() as session:
        found = resolve(session, token, utcnow())
        return _console_agent(found, token) if found else None


def current_agent(request: Request) -> ConsoleAgent:
    """Dependency: the signed-in agent, else :class:`SignInRequired`."""
    agent = signed_in_agent(request)
    if agent is None:
        raise SignInRequired()
    return agent


CurrentAgent = Annotated[ConsoleAgent, Depends(current_agent)]


async def require_csrf(request: Request, agent: CurrentAgent) -> None:
    """Dependency for every state-changing request: the session's CSRF token must come with it."""
    presented = request.headers.get(CSRF_HEADER)
    if not presented and _is_form(request):
        value = (await request.form()).get(CSRF_FIELD)
        presented = value if isinstance(value, str) else None
    if not check_csrf(session_token(request), presented):
        raise ConsoleRefusal(
            403,
            "csrf_failed",
            "This form has expired or did not come from the console. Go back, reload the page and try again.",
            "该表单已过期或并非来自客服工作台。请返回并刷新页面后重试。",
        )


def require_roles(*roles: str) -> Callable[..., Awaitable[ConsoleAgent]]:
    """A dependency: the signed-in agent when their role is one of ``roles``, else 403."""

    async def agent_with_role(agent: CurrentAgent) -> ConsoleAgent:
        try:
            require_role(agent, *roles)
        except PermissionDenied as denied:
            raise ConsoleRefusal(403, denied.code, denied.message_en, denied.message_zh) from denied
        return agent

    return agent_with_role


def use_secure_cookies(request: Request) -> bool:
    # console_secure_cookies is read if Settings has it (an optional setting, off by default).
    configured = getattr(services(request).settings, "console_secure_cookies", False)
    return request.url.scheme == "https" or bool(configured)


def set_session_cookie(response: Response, request: Request, token: str) -> None:
    response.set_cookie(
        COOKIE,
        token,
        max_age=int(ABSOLUTE_TIMEOUT.total_seconds()),
        path=HOME_PATH,
        secure=use_secure_cookies(request),
        httponly=True,
        samesite="lax",
    )


def clear_session_cookie(response: Response, request: Request) -> None:
    response.delete_cookie(
        COOKIE, path=HOME_PATH, secure=use_secure_cookies(request), httponly=True, samesite="lax"
    )


def _is_form(request: Request) -> bool:
    content_type = request.headers.get("content-type", "")
    return content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data"))


def _console_agent(found: SignedIn, token: str) -> ConsoleAgent:
    agent = found.agent
    return ConsoleAgent(
        id=agent.id,
        code=agent.code,
        username=agent.username,
        display_name=agent.display_name,
        role=agent.role,
        team=agent.team,
        languages=tuple(language for language in agent.languages.split(",") if language),
        csrf_token=csrf_token(token),
        session_id=found.agent_session.id,
    )
