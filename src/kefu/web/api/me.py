"""``/me``: a customer signed in by the wallet app reaches their own cases and complaints.

Every route depends on :func:`current_customer` (the signed ``X-Kefu-Customer`` / ``X-Kefu-Signature``
headers, checked by :func:`kefu.identity.signing.signed_customer`) and acts as
``Viewer.customer(customer.id)`` through the channel "app". The cases domain does every permission check:
someone else's case number is the same 404 as a number never issued.

GET  /me/cases                      the customer's cases (``?kind=case|complaint|dispute``)
GET  /me/cases/{number}             one case and its timeline
POST /me/cases                      open a case
POST /me/cases/{number}/information add information (answers "Waiting for you")
POST /me/cases/{number}/escalate    "Not resolved – escalate" (senior review)
POST /me/cases/{number}/reopen      "Still have a problem"
POST /me/complaints                 file a formal complaint
GET  /me/cases/{number}/file        the whole case as a printable, self-contained HTML page
"""

from __future__ import annotations

from typing import Annotated

import jinja2
from fastapi import APIRouter, Depends, Header, Query
from fastapi.responses import HTMLResponse

from kefu.cases import (
    Case,
    Viewer,
    add_information,
    case_by_number,
    cases_of_customer,
    escalate_case,
    file_complaint,
    open_case,
    reopen,
    timeline,
)
from kefu.cases.actions import available_actions
from kefu.identity.records import Customer
from kefu.identity.signing import signed_customer
from kefu.store import utcnow
from kefu.web.api.case_schemas import (
    CaseDetailOut,
    CaseKind,
    CaseSummaryOut,
    ComplaintIn,
    EscalateIn,
    InformationIn,
    NewCaseIn,
    ReopenIn,
    case_detail,
    case_summary,
)
from kefu.web.services import DbSession, ServicesDep

__all__ = ["CurrentCustomer", "current_customer", "router"]

router = APIRouter(prefix="/me", tags=["my cases"])

#: The channel every change made here is recorded under.
CHANNEL = "app"


def current_customer(
    svc: ServicesDep,
    session: DbSession,
    x_kefu_customer: Annotated[str | None, Header(description="The customer's wallet id")] = None,
    x_kefu_signature: Annotated[
        str | None, Header(description="hex HMAC-SHA256(KEFU_IDENTITY_SECRET, wallet id)")
    ] = None,
) -> Customer:
    """The customer the wallet app signed in (403 without a valid signature, 503 when not configured)."""
    return signed_customer(session, svc.settings.identity_secret, x_kefu_customer, x_kefu_signature)


CurrentCustomer = Annotated[Customer, Depends(current_customer)]


def _viewer(customer: Customer) -> Viewer:
    return Viewer.customer(customer.id)


def _detail(session: DbSession, case: Case, customer: Customer) -> CaseDetailOut:
    session.flush()  # the verb's changes (status, updated_at) are written before the case is shown
    actions = available_actions(case, _viewer(customer))
    return case_detail(case, timeline(session, case), customer.locale, actions)


@router.get("/cases", response_model=list[CaseSummaryOut], summary="My cases")
def my_cases(
    customer: CurrentCustomer,
    session: DbSession,
    kind: Annotated[CaseKind | None, Query(description="Only this kind")] = None,
) -> list[CaseSummaryOut]:
    viewer = Viewer.customer(customer.id)
    return [
        case_summary(case, customer.locale, available_actions(case, viewer))
        for case in cases_of_customer(session, customer.id, kind)
    ]


@router.get("/cases/{number}", response_model=CaseDetailOut, summary="One of my cases and its timeline")
def my_case(number: str, customer: CurrentCustomer, session: DbSession) -> CaseDetailOut:
    case = case_by_number(session, number, _viewer(customer))
    return _detail(session, case, customer)


@router.post("/cases", response_model=CaseDetailOut, status_code=201, summary="Open a case")
def post_case(body: NewCaseIn, customer: CurrentCustomer, session: DbSession) -> CaseDetailOut:
    case = open_case(
        session,
        customer_id=customer.id,
        topic=body.topic,
        summary=body.summary,
        related_transaction=body.related_transaction,
        actor=_viewer(customer),
        channel=CHANNEL,
    )
    return _detail(session, case, customer)


@router.post("/cases/{number}/information", response_model=CaseDetailOut, summary="Add information")
def post_information(
    number: str, body: InformationIn, customer: CurrentCustomer, session: DbSession
) -> CaseDetailOut:
    viewer = _viewer(customer)
    case = case_by_number(session, number, viewer)
    add_information(session, case, text=body.text, actor=viewer, channel=CHANNEL)
    return _detail(session, case, customer)


@router.post("/cases/{number}/escalate", response_model=CaseDetailOut, summary="Ask for a senior review")
def post_escalate(
    number: str, body: EscalateIn, customer: CurrentCustomer, session: DbSession
) -> CaseDetailOut:
    viewer = _viewer(customer)
    case = case_by_number(session, number, viewer)
    escalate_case(session, case, reason=body.reason, actor=viewer, channel=CHANNEL)
    return _detail(session, case, customer)


@router.post("/cases/{number}/reopen", response_model=CaseDetailOut, summary="Still have a problem: reopen")
def post_reopen(number: str, body: ReopenIn, customer: CurrentCustomer, session: DbSession) -> CaseDetailOut:
    viewer = _viewer(customer)
    case = case_by_number(session, number, viewer)
    reopen(session, case, text=body.text, actor=viewer, channel=CHANNEL)
    return _detail(session, case, customer)


@router.post("/complaints", response_model=CaseDetailOut, status_code=201, summary="File a formal complaint")
def post_complaint(body: ComplaintIn, customer: CurrentCustomer, session: DbSession) -> CaseDetailOut:
    complaint = file_complaint(
        session,
        customer_id=customer.id,
        topic=body.topic,
        summary=body.summary,
        desired_outcome=body.desired_outcome,
        cites=body.related_case,
        related_transaction=body.related_transaction,
        actor=_viewer(customer),
        channel=CHANNEL,
    )
    return _detail(session, complaint, customer)


@router.get(
    "/cases/{number}/file",
    response_class=HTMLResponse,
    summary="The whole case as a printable HTML page (for a regulator or a lawyer)",
)
def my_case_file(number: str, customer: CurrentCustomer, session: DbSession) -> HTMLResponse:
    case = case_by_number(session, number, _viewer(customer))
    detail = _detail(session, case, customer)
    locale = customer.locale if customer.locale in _LABELS else "zh-CN"
    page = _FILE_TEMPLATE.render(
        case=detail, labels=_LABELS[locale], locale=locale, printed_at=utcnow().strftime("%Y-%m-%d %H:%M UTC")
    )
    headers = {"Content-Disposition": f'inline; filename="{detail.number}.html"'}
    return HTMLResponse(page, headers=headers)


_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Case file",
        "number": "Case number",
        "kind": "Kind",
        "status": "Status",
        "topic": "Topic",
        "received": "Received (UTC)",
        "expected": "Expected answer date (Beijing)",
        "transaction": "Related transaction",
        "summary": "What happened",
        "outcome": "Desired outcome",
        "timeline": "Timeline",
        "at": "Time (UTC)",
        "event": "Event",
        "channel": "Channel",
        "who": "By",
        "note": "Note",
        "printed": "Printed",
        "you": "You",
        "support": "Customer service",
        "system": "System",
    },
    "zh-CN": {
        "title": "案件档案",
        "number": "案件编号",
        "kind": "类型",
        "status": "状态",
        "topic": "主题",
        "received": "受理时间（UTC）",
        "expected": "预计答复日期（北京时间）",
        "transaction": "相关交易",
        "summary": "问题描述",
        "outcome": "期望的处理结果",
        "timeline": "处理记录",
        "at": "时间（UTC）",
        "event": "事件",
        "channel": "渠道",
        "who": "操作方",
        "note": "说明",
        "printed": "打印时间",
        "you": "您",
        "support": "客服",
        "system": "系统",
    },
}

# Autoescaped: every value (summary, notes) is the customer's or an agent's own text.
_FILE_TEMPLATE = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined).from_string(
    """<!doctype html>
<html lang="{{ locale }}">
<head>
<meta charset="utf-8">
<title>{{ labels.title }} {{ case.number }}</title>
<style>
body { font: 14px/1.5 system-ui, "PingFang SC", "Microsoft YaHei", sans-serif; margin: 2em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.1em; margin-top: 2em; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #bbb; padding: .3em .5em; text-align: left; vertical-align: top; }
th { background: #f2f2f2; width: 14em; }
.note, .text { white-space: pre-wrap; }
footer { margin-top: 2em; color: #666; font-size: .9em; }
@media print { body { margin: 0; } }
</style>
</head>
<body>
<h1>{{ labels.title }} {{ case.number }}</h1>
<table>
<tr><th>{{ labels.number }}</th><td>{{ case.number }}</td></tr>
<tr><th>{{ labels.kind }}</th><td>{{ case.kind }}</td></tr>
<tr><th>{{ labels.status }}</th><td>{{ case.status_name }}</td></tr>
<tr><th>{{ labels.topic }}</th><td>{{ case.topic }}</td></tr>
<tr><th>{{ labels.received }}</th><td>{{ case.received_at.strftime("%Y-%m-%d %H:%M") }}</td></tr>
<tr><th>{{ labels.expected }}</th><td>{{ case.expected_date.isoformat() }}</td></tr>
{% if case.related_transaction %}<tr><th>{{ labels.transaction }}</th>
<td>{{ case.related_transaction }}</td></tr>
{% endif %}<tr><th>{{ labels.summary }}</th><td class="text">{{ case.summary }}</td></tr>
{% if case.desired_outcome %}<tr><th>{{ labels.outcome }}</th>
<td class="text">{{ case.desired_outcome }}</td></tr>
{% endif %}</table>
<h2>{{ labels.timeline }}</h2>
<table>
<tr><th>{{ labels.at }}</th><th>{{ labels.event }}</th><th>{{ labels.channel }}</th><th>{{ labels.who }}</th>
<th>{{ labels.note }}</th></tr>
{% for event in case.timeline %}<tr><td>{{ event.at.strftime("%Y-%m-%d %H:%M") }}</td>
<td>{{ event.kind }}</td><td>{{ event.channel }}</td><td>{{ labels[event.who] }}</td>
<td class="note">{{ event.note }}</td></tr>
{% endfor %}</table>
<footer>{{ labels.printed }}: {{ printed_at }}</footer>
</body>
</html>
"""
)
