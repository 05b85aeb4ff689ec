"""The console's route class and the refusals its auth dependencies raise.

Every console route is a :class:`ConsoleRoute` (make routers with :func:`console_routes`). Auth
dependencies (:mod:`kefu.web.console.auth`) raise a :class:`ConsoleRefusal` before the route runs; the route
class answers it, because the answer depends on where the console is, not on the kind of error:

    no valid session, a page         → 303 to /console/sign-in?next=<this page>
    no valid session, /console/api/  → 401 JSON
    bad CSRF token / wrong role      → 403, the console's error page or JSON under /console/api/

JSON bodies have the shape of :func:`kefu.web.errors.error_body`. Other errors (a KefuError from a domain
verb) go to the app's handlers in :mod:`kefu.web.errors`, as everywhere else.
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.routing import APIRoute

from kefu.web.errors import error_body

__all__ = [
    "API_PREFIX",
    "HOME_PATH",
    "SIGN_IN_PATH",
    "ConsoleRefusal",
    "ConsoleRoute",
    "SignInRequired",
    "console_routes",
    "is_api",
    "sign_in_url",
]

HOME_PATH = "/console"
SIGN_IN_PATH = "/console/sign-in"
API_PREFIX = "/console/api/"

_NO_STORE = {"Cache-Control": "no-store"}


class ConsoleRefusal(Exception):
    """A request the console refuses before running its route: ``status``, ``code``, en and zh messages."""

    def __init__(self, status: int, code: str, message_en: str, message_zh: str) -> None:
        super().__init__(message_en)
        self.status = status
        self.code = code
        self.message_en = message_en
        self.message_zh = message_zh


class SignInRequired(ConsoleRefusal):
    """No valid console session: a page is sent to the sign-in form, an API call gets 401."""

    def __init__(self) -> None:
        super().__init__(
            401,
            "sign_in_required",
            "Please sign in to the console first (sessions end after 30 minutes without use).",
            "请先登录客服工作台（30 分钟无操作会自动退出）。",
        )


def is_api(request: Request) -> bool:
    """Whether ``request`` is for the console's JSON API (errors answered as JSON)."""
    return request.url.path.startswith(API_PREFIX)


def sign_in_url(next_path: str | None = None) -> str:
    """The sign-in form, coming back to ``next_path`` afterwards."""
    if not next_path or next_path == HOME_PATH:
        return SIGN_IN_PATH
    return f"{SIGN_IN_PATH}?" + urlencode({"next": next_path})


def refusal_response(request: Request, refusal: ConsoleRefusal) -> Response:
    if is_api(request):
        body = error_body(request, refusal.code, refusal.message_en, refusal.message_zh)
        return JSONResponse(body, status_code=refusal.status, headers=_NO_STORE)
    if isinstance(refusal, SignInRequired):
        # After signing in, come back here, but only to something a GET can show again.
        back = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        target = sign_in_url(back if request.method in ("GET", "HEAD") else None)
        return RedirectResponse(target, status_code=303, headers=_NO_STORE)
    from kefu.web.console.render import render_refusal  # the page layer, only when a page is refused

    return render_refusal(request, refusal.status, refusal.code, refusal.message_en, refusal.message_zh)


class ConsoleRoute(APIRoute):
    """An APIRoute that answers :class:`ConsoleRefusal` (raised by auth dependencies) itself."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()

        async def handle(request: Request) -> Response:
            try:
                return await handler(request)
            except ConsoleRefusal as refusal:
                return refusal_response(request, refusal)

        return handle


def console_routes() -> APIRouter:
    """A router for console pages or API routes (paths written in full: ``/console/...``)."""
    return APIRouter(route_class=ConsoleRoute, include_in_schema=False)
