"""The agent console (``/console``), rendered on the server: sign-in, the home page, the admins' Agents page,
and its JSON API for scripts.

routing     ConsoleRoute (answers auth refusals: redirect to sign-in, 401/403, JSON under /console/api/),
            console_routes() to make a router of console routes
auth        current_agent / CurrentAgent, require_csrf, require_roles, ConsoleAgent; the session cookie
render      the template environment, what every page shares (agent, nav, locale), NAV, the error page
strings     every UI string in zh-CN and en
signin      GET/POST /console/sign-in, POST /console/sign-out
home        GET /console
team        GET /console/agents; POST .../{code}/role and .../{code}/end-sessions (admins)
api         GET /console/api/me
cases       GET /console/cases (queues, lookup), GET /console/cases/{number}, POST .../{number}/{action}
templates/  console_base.html (header: agent, role, sign-out, nav block, language switch; content block)
static/     console.css, served from /console/static (mount :data:`STATIC_DIR` there)

To add a section: a module with ``router = console_routes()``, pages taking ``agent: CurrentAgent`` and
rendering ``render_console(request, "x.html", agent=agent, active="<nav key>")`` with templates extending
``console_base.html``; POSTs with ``dependencies=[Depends(require_csrf)]``; include the router below and give
its :data:`~kefu.web.console.render.NAV` item an href.
"""

from __future__ import annotations

from fastapi import APIRouter

from kefu.web.console import api, cases, chats, chats_api, evidence, home, signin, team
from kefu.web.console.auth import (
    ConsoleAgent,
    CurrentAgent,
    current_agent,
    require_csrf,
    require_roles,
)
from kefu.web.console.render import NAV, STATIC_DIR, STATIC_PREFIX, render_console
from kefu.web.console.routing import console_routes

__all__ = [
    "NAV",
    "STATIC_DIR",
    "STATIC_PREFIX",
    "ConsoleAgent",
    "CurrentAgent",
    "console_router",
    "console_routes",
    "current_agent",
    "render_console",
    "require_csrf",
    "require_roles",
]

console_router = APIRouter(include_in_schema=False)
for _section in (signin, home, team, api, chats, chats_api, cases, evidence):
    console_router.include_router(_section.router)
console_router.include_router(chats_api.socket_router)
