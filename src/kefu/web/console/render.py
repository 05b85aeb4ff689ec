"""Turning console pages into HTML: the Jinja2 environment over ``templates/``, what every page shares
(locale, ``t()``, the signed-in agent, navigation, language switch) and the console's error page.

Pages follow the visitor's language like the help center (:func:`kefu.web.locale.preferred_locale`: the
``kefu_locale`` cookie, then Accept-Language); the switch goes through the site's ``/locale/<locale>``.
Autoescaping is on and nothing is marked safe. Every console page is private: never cached, never framed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from functools import cache, partial
from pathlib import Path
from typing import Any

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kefu.web.console.auth import ConsoleAgent
from kefu.web.console.routing import HOME_PATH
from kefu.web.console.strings import translate
from kefu.web.helpcenter.render import other_locales, switch_url
from kefu.web.helpcenter.strings import LANGUAGE_NAMES
from kefu.web.locale import preferred_locale

__all__ = [
    "NAV",
    "PRIVATE",
    "STATIC_DIR",
    "STATIC_PREFIX",
    "TEMPLATES_DIR",
    "NavItem",
    "beijing_time",
    "render_console",
    "render_refusal",
    "static_url",
    "templates",
]

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"
#: Where whoever wires the app mounts STATIC_DIR.
STATIC_PREFIX = "/console/static"

#: Sent with every console page: private to the agent, and no other site may frame it (clickjacking).
PRIVATE = {
    "Cache-Control": "no-store",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "frame-ancestors 'none'",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

_BEIJING = timezone(timedelta(hours=8), "Asia/Shanghai")


@dataclass(frozen=True)
class NavItem:
    """A top-level console section: ``nav_<key>`` names it; no ``href`` yet shows it as coming soon."""

    key: str
    href: str | None
    roles: tuple[str, ...] = ()

    def shown_to(self, agent: ConsoleAgent) -> bool:
        return not self.roles or agent.role in self.roles


#: The console's sections, in order. Chats and cases get their pages (and hrefs) with their issues.
NAV: list[NavItem] = [
    NavItem("home", HOME_PATH),
    NavItem("chats", "/console/chats"),
    NavItem("cases", "/console/cases"),
    NavItem("agents", "/console/agents", roles=("admin",)),
]


@dataclass(frozen=True)
class LanguageLink:
    locale: str
    label: str
    href: str


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


templates = Jinja2Templates(env=_environment())


@cache
def _fingerprint(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """``/console/static/<name>?v=<content hash>``."""
    return f"{STATIC_PREFIX}/{name}?v={_fingerprint(name)}"


def beijing_time(value: datetime) -> str:
    """``2026-03-02 17:00`` in Beijing time (naive values, as SQLite returns them, are UTC)."""
    aware = value.replace(tzinfo=UTC) if value.tzinfo is None else value
    return aware.astimezone(_BEIJING).strftime("%Y-%m-%d %H:%M")


templates.env.globals.update(static_url=static_url)
templates.env.filters["beijing"] = beijing_time


def _here(request: Request) -> str:
    return request.url.path + (f"?{request.url.query}" if request.url.query else "")


def _shared(request: Request, locale: str, agent: ConsoleAgent | None) -> dict[str, Any]:
    here = _here(request)
    return {
        "request": request,
        "locale": locale,
        "t": partial(translate, locale),
        "agent": agent,
        "nav": [item for item in NAV if agent and item.shown_to(agent)],
        "active": "",
        "language_links": [
            LanguageLink(other, LANGUAGE_NAMES[other], switch_url(other, here))
            for other in other_locales(locale)
        ],
        "home_href": HOME_PATH,
        "request_id": getattr(request.state, "request_id", "-"),
    }


def render_console(
    request: Request,
    name: str,
    *,
    agent: ConsoleAgent | None,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
    **context: Any,
) -> HTMLResponse:
    """Render template ``name`` for ``agent`` (None on the sign-in form) in the visitor's language."""
    full = _shared(request, preferred_locale(request), agent)
    full.update(context)
    all_headers = {**PRIVATE, **(headers or {})}
    return templates.TemplateResponse(request, name, full, status_code=status_code, headers=all_headers)


def render_refusal(
    request: Request, status: int, code: str, message_en: str, message_zh: str
) -> HTMLResponse:
    """The console's error page: the message in the page's language, then in the other."""
    locale = preferred_locale(request)
    messages = {"en": message_en, "zh-CN": message_zh}
    return render_console(
        request,
        "error.html",
        agent=None,
        status_code=status,
        title=translate(locale, "error_title_403" if status == 403 else "error_title_other"),
        code=code,
        message=messages[locale],
        other_messages=[(other, messages[other]) for other in other_locales(locale) if messages[other]],
    )
