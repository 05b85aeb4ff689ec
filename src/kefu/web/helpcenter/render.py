"""Turning a page's data into HTML: the Jinja2 environment over ``templates/``, the context every page
shares (locale, ``t()``, language switch, hotline), and the error page every non-API error is shown on.

Autoescaping is on for every template. The only values marked safe are built in Python, never in a template:
article bodies (:func:`kefu.kb.render.render_article`, raw HTML disabled) and search snippets (escaped by the
engine, query words in ``<mark>``); see :mod:`kefu.web.helpcenter.views`.
"""

from __future__ import annotations

import hashlib
import html
import logging
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import jinja2
from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from kefu.helpcenter.contact import Channel, official_channels
from kefu.kb.model import LOCALES
from kefu.web.helpcenter.strings import LANGUAGE_NAMES, plural, translate
from kefu.web.locale import DEFAULT_LOCALE, preferred_locale
from kefu.web.urls import article_url, category_url, contact_url, home_url, search_url

__all__ = [
    "NO_STORE",
    "SHORT_CACHE",
    "STATIC_DIR",
    "TEMPLATES_DIR",
    "LanguageLink",
    "hotline",
    "other_locales",
    "render_error_page",
    "render_page",
    "static_url",
    "switch_url",
    "templates",
]

log = logging.getLogger("kefu.web")

TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_DIR = Path(__file__).parent / "static"

#: Pages that depend on the visitor's query or choices (search, an article with a vote, redirects, errors).
NO_STORE = {"Cache-Control": "no-store"}
#: Pages that are the same for everyone (home, category, contact): a minute is fresh enough after a KB edit.
SHORT_CACHE = {"Cache-Control": "public, max-age=60"}

#: Where the language switch sends the visitor: ``/locale/<locale>?next=<path>`` (sets the cookie first).
SwitchTo = Callable[[str], str]


def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,  # a typo in a template fails the tests instead of rendering ""
        trim_blocks=True,
        lstrip_blocks=True,
    )


templates = Jinja2Templates(env=_environment())


@cache
def _fingerprint(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """``/static/<name>?v=<content hash>``: a new file is a new URL, so browsers may cache the old one."""
    return f"/static/{name}?v={_fingerprint(name)}"


templates.env.globals.update(
    static_url=static_url,
    article_url=article_url,
    category_url=category_url,
    search_url=search_url,
    home_url=home_url,
    contact_url=contact_url,
)


@dataclass(frozen=True)
class LanguageLink:
    locale: str
    label: str
    href: str


def other_locales(locale: str) -> list[str]:
    return [other for other in LOCALES if other != locale]


def switch_url(locale: str, next_path: str) -> str:
    return f"/locale/{locale}?" + urlencode({"next": next_path})


def hotline(locale: str) -> Channel | None:
    """The first hotline in the official channels, offered wherever a visitor may need a person."""
    return next((channel for channel in official_channels(locale) if channel.kind == "hotline"), None)


def _shared(request: Request, locale: str, switch_to: SwitchTo) -> dict[str, Any]:
    return {
        "request": request,
        "locale": locale,
        "t": partial(translate, locale),
        "tn": partial(plural, locale),
        "language_links": [
            LanguageLink(other, LANGUAGE_NAMES[other], switch_url(other, switch_to(other)))
            for other in other_locales(locale)
        ],
        "alternates": [],
        "home_href": home_url(locale),
        "contact_href": contact_url(locale),
        "search_action": search_url(locale),
        "query": "",
        "show_header_search": True,
        "hotline": hotline(locale),
        "request_id": getattr(request.state, "request_id", "-"),
    }


def render_page(
    request: Request,
    name: str,
    locale: str,
    *,
    switch_to: SwitchTo,
    status_code: int = 200,
    headers: Mapping[str, str] = NO_STORE,
    **context: Any,
) -> HTMLResponse:
    """Render template ``name`` for ``locale``; ``switch_to(other)`` is this page's path in another locale."""
    full = _shared(request, locale, switch_to)
    full.update(context)
    return templates.TemplateResponse(request, name, full, status_code=status_code, headers=dict(headers))


_ERROR_TITLES = {404: "error_title_404", 422: "error_title_422"}


def _error_locale(request: Request) -> str:
    """The locale in the URL (``/en/...``), else the visitor's preferred one."""
    first = request.url.path.strip("/").split("/", 1)[0]
    return first if first in LOCALES else preferred_locale(request)


def render_error_page(
    request: Request, status: int, body: dict[str, Any], headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The HTML page for an error (``body`` as :func:`kefu.web.errors.error_body` makes it): the message in
    the page's language, then in the other, the request id, and a search box. Never raises."""
    all_headers = {**(headers or {}), **NO_STORE}
    try:
        locale = _error_locale(request)
        error = body.get("error", {})
        messages: dict[str, str] = error.get("message", {})
        key = _ERROR_TITLES.get(status, "error_title_5xx" if status >= 500 else "error_title_other")
        others = [
            (other, messages[other])
            for other in other_locales(locale)
            if messages.get(other) and messages.get(other) != messages.get(locale)
        ]
        return render_page(
            request,
            "error.html",
            locale,
            switch_to=home_url,
            status_code=status,
            headers=all_headers,
            title=translate(locale, key),
            message=messages.get(locale) or messages.get("en", ""),
            other_messages=others,
            error_request_id=str(error.get("request_id", "-")),
            show_header_search=False,
        )
    except Exception:  # the error page must not fail; say it plainly instead
        log.exception("rendering the error page failed")
        return HTMLResponse(_plain_error(status, body), status_code=status, headers=all_headers)


def _plain_error(status: int, body: dict[str, Any]) -> str:
    try:
        error = body.get("error", {})
        messages = error.get("message", {})
        zh = html.escape(str(messages.get("zh-CN", "")))
        en = html.escape(str(messages.get("en", "")))
        request_id = html.escape(str(error.get("request_id", "-")))
    except Exception:
        zh, en, request_id = "请求失败。", "The request failed.", "-"
    return (
        f'<!doctype html><html lang="{DEFAULT_LOCALE}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{status}</title></head><body><main><h1>{status}</h1>"
        f'<p>{zh}</p><p lang="en">{en}</p><p>请求编号 / Request ID: <code>{request_id}</code></p>'
        '<p><a href="/">钱包帮助中心 / Wallet Help Center</a></p></main></body></html>'
    )
