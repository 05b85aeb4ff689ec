"""``/my``: the customer case API of ``/me`` for pages that hold a chat pass instead of signed headers.

The "My cases" pages (:mod:`kefu.web.cases`) run in the wallet's webview after the wallet proved the
customer once (``POST /api/v1/chat/session``), so what they carry is the chat pass: the ``kefu_chat`` cookie,
or ``Authorization: Bearer <pass>``. :func:`pass_customer` turns it into the :class:`Customer`; every route
then runs the very body of its ``/me`` twin (:mod:`kefu.web.api.me`, :mod:`kefu.web.api.evidence`): the same
domain verbs, the same schema builders, the same "someone else's case is 404". A guest's token or no pass is
403 ``sign_in_required``. The cookie is ``SameSite=Lax``, so another site's forms cannot post with it.

GET  /my/cases                      the customer's cases (``?kind=case|complaint|dispute``)
GET  /my/cases/{number}             one case and its timeline
POST /my/cases                      open a case
POST /my/cases/{number}/information add information
POST /my/cases/{number}/escalate    "Not resolved – escalate"
POST /my/cases/{number}/reopen      "Still have a problem"
POST /my/cases/{number}/evidence    add evidence files (multipart ``files``)
GET  /my/cases/{number}/evidence    the files on the case
GET  /my/cases/{number}/file        the printable case file
POST /my/complaints                 file a formal complaint
GET  /my/evidence/{id}              one evidence file
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from sqlalchemy.orm import Session

from kefu.cases import Viewer, case_by_number
from kefu.cases.evidence import evidence_file, evidence_of
from kefu.errors import PermissionDenied, Unavailable
from kefu.identity.records import Customer
from kefu.web.api import me
from kefu.web.api.case_schemas import (
    CaseDetailOut,
    CaseKind,
    CaseSummaryOut,
    ComplaintIn,
    EscalateIn,
    InformationIn,
    NewCaseIn,
    ReopenIn,
)
from kefu.web.api.evidence import (
    EvidenceOut,
    evidence_out,
    evidence_response,
    read_uploads,
    store_evidence,
)
from kefu.web.chat.auth import CHAT_COOKIE, participant_from_token
from kefu.web.services import DbSession, ServicesDep

__all__ = ["FILES_URL", "PassCustomer", "customer_from_pass", "pass_customer", "pass_token", "router"]

router = APIRouter(prefix="/my", tags=["my cases (chat pass)"])

#: Where one evidence file is served to a pass holder (the URLs in :class:`EvidenceOut`).
FILES_URL = "/api/v1/my/evidence"


def pass_token(request: Request) -> str | None:
    """The chat pass a request carries: ``Authorization: Bearer …``, else the ``kefu_chat`` cookie."""
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(CHAT_COOKIE) or None


def customer_from_pass(session: Session, secret: str | None, token: str | None) -> Customer:
    """The customer a valid chat pass names; Unavailable without a secret, PermissionDenied for anyone else
    (no pass, an expired or forged one, a guest's token, a customer no longer there)."""
    if not secret:
        raise Unavailable(
            "Signing in from the wallet app is not set up on this server yet "
            "(identity verification is not configured). Please use online chat or the hotline for now.",
            "本服务器尚未配置身份验证，暂时无法通过钱包 App 查看案件。请先使用在线客服或客服热线。",
            code="identity_not_configured",
        )
    participant = participant_from_token(session, secret, token)
    customer = (
        session.get(Customer, participant.customer_id)
        if participant is not None and participant.role == "customer" and participant.customer_id
        else None
    )
    if customer is None:
        raise PermissionDenied(
            "Sign in first: open My cases from the wallet app, which signs you in.",
            "请先登录：请从钱包 App 的“我的案件”进入，App 会自动为您登录。",
            code="sign_in_required",
        )
    return customer


def pass_customer(request: Request, svc: ServicesDep, session: DbSession) -> Customer:
    """The signed-in customer of a request holding a chat pass (see :func:`customer_from_pass`)."""
    return customer_from_pass(session, svc.settings.identity_secret, pass_token(request))


PassCustomer = Annotated[Customer, Depends(pass_customer)]


@router.get("/cases", response_model=list[CaseSummaryOut], summary="My cases")
def my_cases(
    customer: PassCustomer,
    session: DbSession,
    kind: Annotated[CaseKind | None, Query(description="Only this kind")] = None,
) -> list[CaseSummaryOut]:
    return me.my_cases(customer, session, kind)


@router.get("/cases/{number}", response_model=CaseDetailOut, summary="One of my cases and its timeline")
def my_case(number: str, customer: PassCustomer, session: DbSession) -> CaseDetailOut:
    return me.my_case(number, customer, session)


@router.post("/cases", response_model=CaseDetailOut, status_code=201, summary="Open a case")
def post_case(body: NewCaseIn, customer: PassCustomer, session: DbSession) -> CaseDetailOut:
    return me.post_case(body, customer, session)


@router.post("/cases/{number}/information", response_model=CaseDetailOut, summary="Add information")
def post_information(
    number: str, body: InformationIn, customer: PassCustomer, session: DbSession
) -> CaseDetailOut:
    return me.post_information(number, body, customer, session)


@router.post("/cases/{number}/escalate", response_model=CaseDetailOut, summary="Ask for a senior review")
def post_escalate(number: str, body: EscalateIn, customer: PassCustomer, session: DbSession) -> CaseDetailOut:
    return me.post_escalate(number, body, customer, session)


@router.post("/cases/{number}/reopen", response_model=CaseDetailOut, summary="Still have a problem: reopen")
def post_reopen(number: str, body: ReopenIn, customer: PassCustomer, session: DbSession) -> CaseDetailOut:
    return me.post_reopen(number, body, customer, session)


@router.post("/complaints", response_model=CaseDetailOut, status_code=201, summary="File a formal complaint")
def post_complaint(body: ComplaintIn, customer: PassCustomer, session: DbSession) -> CaseDetailOut:
    return me.post_complaint(body, customer, session)


@router.get(
    "/cases/{number}/file",
    response_class=HTMLResponse,
    summary="The whole case as a printable HTML page",
)
def my_case_file(number: str, customer: PassCustomer, session: DbSession) -> HTMLResponse:
    return me.my_case_file(number, customer, session)


@router.post(
    "/cases/{number}/evidence",
    response_model=list[EvidenceOut],
    status_code=201,
    summary="Add evidence files",
)
async def add_my_evidence(
    number: str, files: list[UploadFile], svc: ServicesDep, request: Request
) -> list[EvidenceOut]:
    datas = await read_uploads(files)
    token = pass_token(request)

    def holder(session: Session) -> Customer:
        return customer_from_pass(session, svc.settings.identity_secret, token)

    return await run_in_threadpool(store_evidence, svc, number, datas, holder, FILES_URL)


@router.get("/cases/{number}/evidence", response_model=list[EvidenceOut], summary="The evidence on a case")
def my_evidence(number: str, customer: PassCustomer, session: DbSession) -> list[EvidenceOut]:
    case = case_by_number(session, number, Viewer.customer(customer.id))
    return [evidence_out(a, FILES_URL) for a in evidence_of(session, case)]


@router.get("/evidence/{attachment_id}", summary="One evidence file")
def my_evidence_file(
    attachment_id: int, customer: PassCustomer, session: DbSession, svc: ServicesDep
) -> Response:
    return evidence_response(svc, evidence_file(session, attachment_id, Viewer.customer(customer.id)))
