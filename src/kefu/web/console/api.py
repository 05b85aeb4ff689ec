"""The console's JSON API (``/console/api/...``), for the console's own scripts.

    GET /console/api/me     the signed-in agent and the CSRF token to send as ``X-CSRF-Token``

Without a session: 401 JSON (never a redirect). Later issues add chat and case calls here.
"""

from __future__ import annotations

from fastapi.responses import JSONResponse

from kefu.web.console.auth import CurrentAgent
from kefu.web.console.render import PRIVATE
from kefu.web.console.routing import API_PREFIX, console_routes

__all__ = ["router"]

router = console_routes()


@router.get(API_PREFIX + "me")
async def me(agent: CurrentAgent) -> JSONResponse:
    return JSONResponse(
        {
            "code": agent.code,
            "username": agent.username,
            "display_name": agent.display_name,
            "role": agent.role,
            "team": agent.team,
            "languages": list(agent.languages),
            "csrf_token": agent.csrf_token,
        },
        headers=PRIVATE,
    )
