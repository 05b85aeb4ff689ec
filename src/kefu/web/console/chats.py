"""``/console/chats``: the agent's chat screen (the queue, one live conversation, the customer beside it).

The page is a shell; its script (static/chats.js) fills it from the console's chat API (chats_api.py) and
the conversation's WebSocket.
"""

from __future__ import annotations

import json

from fastapi import Request
from fastapi.responses import HTMLResponse

from kefu.web.console.auth import CurrentAgent
from kefu.web.console.chat_strings import chat_strings
from kefu.web.console.render import render_console
from kefu.web.console.routing import console_routes
from kefu.web.locale import preferred_locale

__all__ = ["router"]

router = console_routes()


@router.get("/console/chats", response_class=HTMLResponse)
def chats_page(request: Request, agent: CurrentAgent) -> HTMLResponse:
    strings = chat_strings(preferred_locale(request))
    return render_console(
        request,
        "chats.html",
        agent=agent,
        active="chats",
        s=strings,
        # </script> cannot appear: json.dumps escapes nothing HTML-ish, so "<" and "/" are escaped here
        strings_json=json.dumps(strings, ensure_ascii=False).replace("<", "\\u003c"),
        supervisor=agent.role in ("supervisor", "admin"),
    )
