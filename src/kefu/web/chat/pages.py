"""The customer's chat pages: the demo wallet (/demo), the chat (/chat) and My conversations.

    GET /demo                           demo mode only (404 otherwise): choose a demo customer, or a guest
    GET /demo/wallet?as=<wallet id>     the demo wallet's home for that demo customer (``as=guest``: none):
                                        balance, recent transactions with "Get help", chat and history
                                        links; the page carries the customer's signed identity, which
                                        demo.js trades for the chat pass (POST /api/v1/chat/session)
    GET /chat                           the chat; ``locale``, the transaction fields of "Get help"
                                        (transaction_id, type, amount, currency, merchant, counterparty,
                                        time, status), ``conversation`` (open that one), ``transport=poll``
    GET /chat/history?q=                My conversations for the signed-in customer (a note for guests)
    GET /chat/conversations/{id}        one past conversation, read-only, with Continue / Email / Hide

The pages are shells: chat.js talks to the chat API (:mod:`kefu.web.chat.api`) and its WebSocket. Each page
gets its words (:mod:`kefu.web.chat.strings`) and settings as JSON in a ``<script type="application/json">``
block, so no script runs inline and the strict Content-Security-Policy sent with every page holds.
The language is ``?locale=``, then the ``kefu_locale`` cookie, then Accept-Language (as in the help center).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from sqlalchemy.orm import Session

from kefu.conversations import access
from kefu.conversations.access import Participant
from kefu.errors import NotFound
from kefu.helpcenter.categories import all_categories
from kefu.identity.demo import (
    DemoCustomer,
    beijing_today,
    demo_customer,
    demo_customers,
    ensure_demo_customers,
)
from kefu.identity.signing import sign
from kefu.kb.model import LOCALES
from kefu.web.chat.auth import CHAT_COOKIE, participant_from_token
from kefu.web.chat.strings import LANGUAGE_NAMES, STRINGS, translate
from kefu.web.locale import preferred_locale, valid_locale
from kefu.web.services import DbSession, ServicesDep
from kefu.web.urls import home_url

__all__ = ["CONTENT_SECURITY_POLICY", "STATIC_DIR", "TRANSACTION_FIELDS", "router"]

STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"

#: What "Get help" on a transaction may carry into a chat (as the conversations domain accepts).
TRANSACTION_FIELDS = (
    "transaction_id",
    "type",
    "amount",
    "currency",
    "merchant",
    "counterparty",
    "time",
    "status",
)
_FIELD_CHARS = 200

#: Scripts, styles and connections from this site only; nothing inline, no plugins, no framing elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
)
_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "Cache-Control": "no-store",
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
}

router = APIRouter(include_in_schema=False)

_templates = Jinja2Templates(
    env=jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
)


@cache
def _fingerprint(name: str) -> str:
    return hashlib.sha256((STATIC_DIR / name).read_bytes()).hexdigest()[:12]


def static_url(name: str) -> str:
    """``/static/chat/<name>?v=<content hash>``: a changed file is a new URL."""
    return f"/static/chat/{name}?v={_fingerprint(name)}"


_templates.env.globals["static_url"] = static_url


def page_locale(request: Request, locale: str | None) -> str:
    """``?locale=`` when it is one of ours, else the visitor's preferred locale."""
    return valid_locale(locale) or preferred_locale(request)


def _with_query(path: str, **params: str | int | None) -> str:
    given = {key: value for key, value in params.items() if value not in (None, "")}
    return path + ("?" + urlencode(given) if given else "")


def _render(
    request: Request, template: str, locale: str, *, page: str, config: dict[str, Any], **context: Any
) -> HTMLResponse:
    def switch(other: str) -> str:
        query = dict(request.query_params)
        query["locale"] = other
        return request.url.path + "?" + urlencode(query)

    full = {
        "locale": locale,
        "t": lambda key, **params: translate(locale, key, **params),
        "page": page,
        "language_links": [
            (other, LANGUAGE_NAMES[other], switch(other)) for other in LOCALES if other != locale
        ],
        "help_center_href": home_url(locale),
        "history_href": _with_query("/chat/history", locale=locale),
        "chat_href": _with_query("/chat", locale=locale),
        "config": {"page": page, "locale": locale, "strings": STRINGS[locale], **config},
        **context,
    }
    return _templates.TemplateResponse(request, template, full, headers=dict(_HEADERS))


def _participant(request: Request, svc: ServicesDep, session: Session) -> Participant | None:
    return participant_from_token(session, svc.settings.identity_secret, request.cookies.get(CHAT_COOKIE))


def _role(participant: Participant | None) -> str:
    """customer | guest | none: who the chat cookie says the visitor is."""
    return participant.role if participant and participant.role in ("customer", "guest") else "none"


def _demo_only(svc: ServicesDep) -> None:
    if not svc.settings.demo:
        raise NotFound(translate("en", "demo_off"), translate("zh-CN", "demo_off"), code="not_found")


# -- the demo wallet ----------------------------------------------------------------------------------------


@router.get("/demo")
def demo_page(request: Request, svc: ServicesDep, locale: str | None = None) -> HTMLResponse:
    _demo_only(svc)
    chosen = page_locale(request, locale)
    return _render(
        request,
        "demo.html",
        chosen,
        page="demo",
        config={},
        customers=[
            {
                "href": _with_query("/demo/wallet", **{"as": c.external_id}),
                "id": c.external_id,
                "name": c.name_in(chosen),
                "other_name": next((n for loc, n in c.names.items() if loc != chosen), ""),
                "language": LANGUAGE_NAMES.get(c.locale, c.locale),
                "phone": c.phone,
            }
            for c in demo_customers()
        ],
        guest_href=_with_query("/demo/wallet", locale=chosen, **{"as": "guest"}),
        signing_on=bool(svc.settings.identity_secret),
    )


@router.get("/demo/wallet")
def demo_wallet(
    request: Request,
    svc: ServicesDep,
    session: DbSession,
    who: Annotated[str, Query(alias="as", max_length=64)] = "guest",
    locale: str | None = None,
) -> HTMLResponse:
    _demo_only(svc)
    secret = svc.settings.identity_secret
    customer = None if who == "guest" else demo_customer(who)
    if who != "guest" and (customer is None or not secret):
        # only demo customers are ever signed here: any other wallet id gets nothing
        raise NotFound(
            translate("en", "demo_unknown_customer"),
            translate("zh-CN", "demo_unknown_customer"),
            code="not_found",
        )
    chosen = valid_locale(locale) or (customer.locale if customer else preferred_locale(request))
    identity: dict[str, str] = {}
    if customer is not None and secret:
        ensure_demo_customers(session)
        identity = {"customer": customer.external_id, "signature": sign(secret, customer.external_id)}
    response = _render(
        request,
        "wallet.html",
        chosen,
        page="wallet",
        config={"identity": identity},
        customer=customer,
        name=customer.name_in(chosen) if customer else "",
        balance=_money(customer.balance) if customer else "",
        currency=customer.currency if customer else "",
        transactions=_transactions(customer, chosen) if customer else [],
        demo_href=_with_query("/demo", locale=chosen),
    )
    if customer is None:  # a guest: forget any pass an earlier demo customer left in this browser
        response.delete_cookie(CHAT_COOKIE, path="/")
    return response


def _money(amount: str) -> str:
    sign_, digits = ("-", amount[1:]) if amount.startswith("-") else ("", amount)
    whole, _, cents = digits.partition(".")
    return f"{sign_}{int(whole):,}.{(cents + '00')[:2]}"


def _transactions(customer: DemoCustomer, locale: str) -> list[dict[str, str]]:
    today = beijing_today()
    shown = []
    for t in customer.transactions:
        context = {
            "transaction_id": t.id,
            "type": t.type,
            "amount": t.amount,
            "currency": t.currency,
            "merchant": t.merchant_in(locale),
            "time": t.local_time(today),
            "status": t.status,
        }
        shown.append(
            {
                **context,
                "type_label": translate(locale, f"tx_type_{t.type}"),
                "status_label": translate(locale, f"tx_status_{t.status}"),
                "amount_label": ("+" if not t.amount.startswith("-") else "") + _money(t.amount),
                "incoming": "yes" if not t.amount.startswith("-") else "no",
                "help_href": _with_query("/chat", locale=locale, **context),
            }
        )
    return shown


# -- the chat ---------------------------------------------------------------------------------------------


@router.get("/chat")
def chat_page(
    request: Request,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
    conversation: Annotated[int | None, Query(ge=1)] = None,
    transport: str = "",
) -> HTMLResponse:
    chosen = page_locale(request, locale)
    context = {
        key: value.strip()[:_FIELD_CHARS]
        for key in TRANSACTION_FIELDS
        if (value := request.query_params.get(key)) and value.strip()
    }
    return _render(
        request,
        "chat.html",
        chosen,
        page="chat",
        config={
            "context": context,
            "conversation": conversation,
            "transport": "poll" if transport == "poll" else "websocket",
            "role": _role(_participant(request, svc, session)),
            "historyUrl": _with_query("/chat/history", locale=chosen),
        },
    )


# -- My conversations -------------------------------------------------------------------------------------


def _topics(locale: str) -> dict[str, str]:
    return {info.key: info.name for info in all_categories(locale)}


@router.get("/chat/history")
def history_page(
    request: Request,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
    q: Annotated[str, Query(max_length=100)] = "",
) -> HTMLResponse:
    chosen = page_locale(request, locale)
    role = _role(_participant(request, svc, session))
    return _render(
        request,
        "history.html",
        chosen,
        page="history",
        config={"role": role, "topics": _topics(chosen), "query": q},
        role=role,
        query=q,
    )


@router.get("/chat/conversations/{conversation_id}")
def transcript_page(
    request: Request,
    conversation_id: int,
    svc: ServicesDep,
    session: DbSession,
    locale: str | None = None,
) -> HTMLResponse:
    chosen = page_locale(request, locale)
    participant = _participant(request, svc, session)
    role = _role(participant)
    if participant is not None and role == "customer":
        access.get_conversation(session, conversation_id, participant)  # someone else's: 404
    return _render(
        request,
        "transcript.html",
        chosen,
        page="transcript",
        config={
            "role": role,
            "topics": _topics(chosen),
            "conversation": conversation_id,
            "historyUrl": _with_query("/chat/history", locale=chosen),
            "chatUrl": _with_query("/chat", locale=chosen, conversation=conversation_id),
        },
        role=role,
    )
