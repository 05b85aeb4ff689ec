"""Signing in and out of the console.

    GET  /console/sign-in?next=/console/...   the form (straight on to ``next`` when already signed in)
    POST /console/sign-in                      username, password → a new session cookie, 303 to ``next``
    POST /console/sign-out                     ends the session (CSRF-checked), 303 to the form

``next`` is followed only to a local console path (never another site). The form carries its own
anti-forgery token, paired with a short-lived cookie, so another site cannot sign a browser in to an account
of its choosing. Every sign-in makes a new token and ends the session the browser had before.
"""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kefu.agents.sessions import sign_in, sign_out
from kefu.errors import KefuError, PermissionDenied, RateLimited
from kefu.store import utcnow
from kefu.web.console.auth import (
    CSRF_FIELD,
    clear_session_cookie,
    client_ip,
    require_csrf,
    session_token,
    set_session_cookie,
    signed_in_agent,
    use_secure_cookies,
)
from kefu.web.console.render import PRIVATE, render_console
from kefu.web.console.routing import HOME_PATH, SIGN_IN_PATH, console_routes
from kefu.web.console.strings import translate
from kefu.web.helpcenter.params import local_path
from kefu.web.locale import preferred_locale
from kefu.web.services import db_session

__all__ = ["FORM_COOKIE", "router", "safe_next"]

router = console_routes()

#: Pairs with the sign-in form's hidden token (double submit); only sent back to the sign-in path.
FORM_COOKIE = "kefu_console_form"

DbSession = Annotated[Session, Depends(db_session)]


def safe_next(value: str | None) -> str:
    """Where to go after signing in: ``value`` when it is a console path on this site, else the home page."""
    path = local_path(value)
    if not path or path.startswith(SIGN_IN_PATH):
        return HOME_PATH
    if path == HOME_PATH or path.startswith((HOME_PATH + "/", HOME_PATH + "?")):
        return path
    return HOME_PATH


@router.get(SIGN_IN_PATH)
def sign_in_page(request: Request, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    target = safe_next(next_path)
    if signed_in_agent(request) is not None:
        return RedirectResponse(target, status_code=303, headers=PRIVATE)
    return _form(request, target)


@router.post(SIGN_IN_PATH)
def sign_in_submit(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form(max_length=200)] = "",
    password: Annotated[str, Form(max_length=1000)] = "",
    next_path: Annotated[str, Form(alias="next", max_length=2000)] = "",
    form_token: Annotated[str, Form(alias=CSRF_FIELD, max_length=200)] = "",
) -> Response:
    target = safe_next(next_path)
    expected = request.cookies.get(FORM_COOKIE, "")
    if not expected or not hmac.compare_digest(expected.encode(), form_token.encode()):
        locale = preferred_locale(request)
        return _form(request, target, status=403, error=translate(locale, "form_expired"), username=username)
    try:
        token, _ = sign_in(
            session,
            username,
            password,
            ip=client_ip(request),
            user_agent=request.headers.get("user-agent"),
            at=utcnow(),
        )
    except RateLimited as limited:
        error, headers = _message(request, limited), {"Retry-After": str(limited.retry_after)}
        return _form(request, target, status=429, error=error, username=username, headers=headers)
    except PermissionDenied as denied:
        return _form(request, target, status=403, error=_message(request, denied), username=username)
    previous = session_token(request)
    if previous:  # this browser's old session (another agent's, perhaps) ends with the new one
        sign_out(session, previous, ip=client_ip(request))
    response = RedirectResponse(target, status_code=303, headers=PRIVATE)
    set_session_cookie(response, request, token)
    response.delete_cookie(FORM_COOKIE, path=SIGN_IN_PATH)
    return response


@router.post("/console/sign-out", dependencies=[Depends(require_csrf)])
def sign_out_submit(request: Request, session: DbSession) -> Response:
    sign_out(session, session_token(request), ip=client_ip(request))
    response = RedirectResponse(SIGN_IN_PATH, status_code=303, headers=PRIVATE)
    clear_session_cookie(response, request)
    return response


def _form(
    request: Request,
    target: str,
    *,
    status: int = 200,
    error: str | None = None,
    username: str = "",
    headers: dict[str, str] | None = None,
) -> HTMLResponse:
    form_token = secrets.token_urlsafe(32)
    response = render_console(
        request,
        "sign_in.html",
        agent=None,
        status_code=status,
        headers=headers,
        next=target,
        form_token=form_token,
        error=error,
        username=username[:64],
    )
    response.set_cookie(
        FORM_COOKIE,
        form_token,
        max_age=3600,
        path=SIGN_IN_PATH,
        secure=use_secure_cookies(request),
        httponly=True,
        samesite="strict",
    )
    return response


def _message(request: Request, error: KefuError) -> str:
    return error.message_zh if preferred_locale(request) == "zh-CN" else error.message_en
