"""The customer's "My cases" pages, for the wallet app's webview (and the demo wallet).

    GET /cases                  My cases and My complaints (``tab=complaints``); ``number=`` finds one of the
                                customer's own by number (found → its page, otherwise a notice; someone
                                else's number is "not found" like one never issued)
    GET /cases/complaint/new    the complaint form (``case=``: the case it is about, ``transaction=``)
    GET /cases/{number}         one case: status, expected date, timeline, evidence and the buttons its
                                ``actions`` allow; someone else's number is the 404 page

Who is asking is the chat pass in the ``kefu_chat`` cookie, as on the chat pages (the wallet app, or
/demo/wallet, trades its signed identity for it first). Guests and visitors without a pass get a page, in
both languages, saying to open My cases from the app. The pages are shells in the chat pages' frame
(their base template, common.js and chat.css, plus cases.css): cases.js fills them from the pass-based API
(:mod:`kefu.web.api.me_pass`, ``/api/v1/my``). Words come from :mod:`kefu.web.cases.strings` as JSON in the
page configuration; no script runs inline, and the chat pages' strict Content-Security-Policy holds.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote, urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from kefu.cases import Viewer, case_by_number, cases_of_customer
from kefu.cases.deadlines import calendar
from kefu.cases.states import STATUSES, status_name
from kefu.errors import InvalidInput, NotFound
from kefu.helpcenter.categories import all_categories
from kefu.identity.customers import get_customer
from kefu.identity.records import Customer
from kefu.kb.model import LOCALES
from kefu.store import utcnow
from kefu.web.cases.strings import COMPLAINT_TOPICS, page_strings, translate
from kefu.web.chat.auth import CHAT_COOKIE, participant_from_token
from kefu.web.chat.pages import CONTENT_SECURITY_POLICY, static_url
from kefu.web.chat.pages import TEMPLATES_DIR as CHAT_TEMPLATES_DIR
from kefu.web.chat.strings import LANGUAGE_NAMES
from kefu.web.locale import preferred_locale, valid_locale
from kefu.web.services import DbSession, ServicesDep
from kefu.web.urls import home_url

__all__ = ["STATIC_DIR", "STATIC_PREFIX", "TEMPLATES_DIR", "router"]

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_PREFIX = "/static/cases"

#: Where cases.js finds the customer's cases (the chat pass travels as the cookie).
API = "/api/v1/my"

_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)

# These templates first, then the chat pages' (base.html, _language.html, _icons.html: the same frame).
_templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.ChoiceLoader(
            [jinja2.FileSystemLoader(TEMPLATES_DIR), jinja2.FileSystemLoader(CHAT_TEMPLATES_DIR)]
        ),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)


@cache
def _fingerprint(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def cases_static_url(name: str) -> str:
    """``/static/cases/<name>?v=<content hash>``: a changed file is a new URL."""
    return f"{STATIC_PREFIX}/{name}?v={_fingerprint(name)}"


_templates.env.globals["static_url"] = static_url  # the chat frame's chat.css and common.js
_templates.env.globals["cases_static_url"] = cases_static_url


def _with_query(path: str, **params: str | int | None) -> str:
    given = {key: value for key, value in params.items() if value not in (None, "")}
    return path + ("?" + urlencode(given) if given else "")


def case_href(number: str, locale: str, **params: str | None) -> str:
    return _with_query(f"/cases/{quote(number)}", locale=locale, **params)


# -- who is asking ------------------------------------------------------------------------------------------


def _visitor(request: Request, svc: ServicesDep, session: Session) -> tuple[str, Customer | None]:
    """customer | guest | none, and the customer: what the chat cookie says the visitor is."""
    participant = participant_from_token(
        session, svc.settings.identity_secret, request.cookies.get(CHAT_COOKIE)
    )
    if participant is None:
        return "none", None
    if participant.role != "customer" or participant.customer_id is None:
        return "guest", None
    try:
        return "customer", get_customer(session, participant.customer_id)
    except NotFound:
        return "none", None


def _locale(request: Request, locale: str | None, customer: Customer | None) -> str:
    """``?locale=``, else the customer's own language, else the visitor's preferred one."""
    own = valid_locale(customer.locale) if customer is not None else None
    return valid_locale(locale) or own or preferred_locale(request)


def _topics(locale: str) -> dict[str, str]:
    """Topic keys → names: the help center's categories and the complaint form's topics."""
    names = {info.key: info.name for info in all_categories(locale)}
    names.update({key: translate(locale, f"cases_topic_{key}") for key in COMPLAINT_TOPICS})
    return names


def _render(
    request: Request,
    template: str,
    locale: str,
    *,
    page: str,
    role: str,
    config: dict[str, Any] | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    def switch(other: str) -> str:
        query = dict(request.query_params)
        query["locale"] = other
        return request.url.path + "?" + urlencode(query)

    signed_out_key = "cases_guest" if role == "guest" else "cases_signed_out"
    full = {
        "locale": locale,
        "t": lambda key, **params: translate(locale, key, **params),
        "page": page,
        "role": role,
        "language_links": [
            (other, LANGUAGE_NAMES[other], switch(other)) for other in LOCALES if other != locale
        ],
        "help_center_href": home_url(locale),
        "list_href": _with_query("/cases", locale=locale),
        # the way in, said in every language: a visitor without a pass may read either
        "signed_out_text": translate(locale, signed_out_key),
        "signed_out_others": [(code, translate(code, signed_out_key)) for code in LOCALES if code != locale],
        "config": {
            "page": page,
            "locale": locale,
            "role": role,
            "api": API,
            "strings": page_strings(locale),
            "statuses": {status: status_name(status, locale) for status in STATUSES},
            "topics": _topics(locale),
            "today": calendar().local_date(utcnow()).isoformat(),
            **(config or {}),
        },
        **context,
    }
    return _templates.TemplateResponse(
        request, template, full, status_code=status_code, headers=dict(_HEADERS)
    )


# -- My cases -----------------------------------------------------------------------------------------------


@router.get("/cases")
def cases_page(
    request: Request,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
    tab: str = "cases",
    number: Annotated[str, Query(max_length=40)] = "",
) -> Response:
    role, customer = _visitor(request, svc, session)
    chosen = _locale(request, locale, customer)
    shown = "complaints" if tab == "complaints" else "cases"
    lookup_error = ""
    if customer is not None and number.strip():
        try:
            found = case_by_number(session, number, Viewer.customer(customer.id))
        except (NotFound, InvalidInput) as error:
            lookup_error = error.messages().get(chosen) or error.message_en
        else:
            return RedirectResponse(case_href(found.number, chosen), status_code=303, headers=_HEADERS)
    return _render(
        request,
        "cases.html",
        chosen,
        page="cases",
        role=role,
        config={"tab": shown},
        status_code=404 if lookup_error else 200,
        tab=shown,
        tab_hrefs={key: _with_query("/cases", locale=chosen, tab=key) for key in ("cases", "complaints")},
        number=number,
        lookup_error=lookup_error,
        complaint_href=_with_query("/cases/complaint/new", locale=chosen),
    )


# -- a new complaint ----------------------------------------------------------------------------------------


@router.get("/cases/complaint/new")
def complaint_page(
    request: Request,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
    case: Annotated[str, Query(max_length=40)] = "",
    transaction: Annotated[str, Query(max_length=64)] = "",
) -> HTMLResponse:
    role, customer = _visitor(request, svc, session)
    chosen = _locale(request, locale, customer)
    topics = _topics(chosen)
    # a complaint can be about one of the customer's own cases or disputes (never another complaint)
    related = [
        (c.number, f"{c.number} · {topics.get(c.topic, c.topic)} · {status_name(c.status, chosen)}")
        for c in (cases_of_customer(session, customer.id) if customer is not None else [])
        if c.kind != "complaint"
    ]
    wanted = case.strip().upper()
    return _render(
        request,
        "complaint.html",
        chosen,
        page="complaint",
        role=role,
        complaint_topics=[(key, topics[key]) for key in COMPLAINT_TOPICS],
        related=related,
        selected=wanted if any(n == wanted for n, _ in related) else "",
        transaction=transaction.strip(),
    )


# -- one case -----------------------------------------------------------------------------------------------


@router.get("/cases/{number}")
def case_page(
    request: Request,
    number: str,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
    filed: str = "",
) -> HTMLResponse:
    role, customer = _visitor(request, svc, session)
    chosen = _locale(request, locale, customer)
    if customer is None:
        # no pass: say how to get one, and nothing about whether the number exists
        return _render(
            request,
            "case.html",
            chosen,
            page="case",
            role=role,
            title=translate(chosen, "cases_title"),
            kind_name="",
            filed="",
            file_href="",
        )
    case = case_by_number(session, number, Viewer.customer(customer.id))  # someone else's: the 404 page
    title = translate(chosen, f"cases_{case.kind}_title", number=case.number)
    return _render(
        request,
        "case.html",
        chosen,
        page="case",
        role=role,
        config={
            "number": case.number,
            "kind": case.kind,
            "complaintUrl": _with_query("/cases/complaint/new", locale=chosen, case=case.number),
        },
        title=title,
        kind_name=translate(chosen, f"cases_kind_{case.kind}"),
        filed=translate(chosen, "cases_filed", number=case.number)
        if filed and case.kind == "complaint"
        else "",
        file_href=f"{API}/cases/{quote(case.number)}/file",
    )
