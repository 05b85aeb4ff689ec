"""The console's home page: who is signed in, and the sections they can open.

GET /console
"""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import HTMLResponse

from kefu.web.console.auth import CurrentAgent
from kefu.web.console.render import render_console
from kefu.web.console.routing import HOME_PATH, console_routes

__all__ = ["router"]

router = console_routes()


@router.get(HOME_PATH)
def console_home(request: Request, agent: CurrentAgent) -> HTMLResponse:
    return render_console(request, "home.html", agent=agent, active="home")
