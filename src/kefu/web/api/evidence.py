"""``/me/…/evidence``: screenshots and PDFs a signed-in customer adds to their case or complaint.

POST /me/cases/{number}/evidence   upload (multipart ``files``; the chat's rules: JPG/PNG/HEIC 10 MB,
                                   PDF 20 MB, 9 images at a time), checked by content, all or nothing
GET  /me/cases/{number}/evidence   the files on the case
GET  /me/evidence/{id}             one file (its case's customer only; others get 404)

The bodies are shared with the chat-pass routes under ``/my`` (:mod:`kefu.web.api.me_pass`):
:func:`read_uploads`, :func:`store_evidence` (given how to tell who is asking), :func:`evidence_out`,
:func:`evidence_response`.
"""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel
from sqlalchemy.orm import Session

from kefu.attachments import (
    check_batch,
    check_upload,
    content_disposition,
    max_upload_bytes,
    read_limited_async,
    upload_limits,
)
from kefu.cases import Viewer, case_by_number
from kefu.cases.evidence import add_evidence, evidence_file, evidence_of
from kefu.conversations.records import Attachment
from kefu.identity.records import Customer
from kefu.identity.signing import signed_customer
from kefu.store import utcnow
from kefu.web.api.me import CHANNEL, CurrentCustomer
from kefu.web.services import DbSession, Services, ServicesDep

__all__ = [
    "EvidenceOut",
    "evidence_out",
    "evidence_response",
    "read_uploads",
    "router",
    "store_evidence",
]

router = APIRouter(prefix="/me", tags=["my cases"])


class EvidenceOut(BaseModel):
    id: int
    kind: str
    content_type: str
    filename: str
    size: int
    url: str


#: Where this router serves one file (``evidence_out`` is told another place by the ``/my`` routes).
FILES_URL = "/api/v1/me/evidence"


def evidence_out(attachment: Attachment, files_url: str = FILES_URL) -> EvidenceOut:
    return EvidenceOut(
        id=attachment.id,
        kind=attachment.kind,
        content_type=attachment.content_type,
        filename=attachment.filename,
        size=attachment.size,
        url=f"{files_url}/{attachment.id}",
    )


async def read_uploads(files: list[UploadFile]) -> list[tuple[str, bytes]]:
    """Each file's name and bytes, read within the upload limit (too many files refused before reading)."""
    if len(files) > upload_limits().files_per_send:
        check_batch(len(files), 0)
    return [(f.filename or "file", await read_limited_async(f.read, max_upload_bytes())) for f in files]


def store_evidence(
    svc: Services,
    number: str,
    datas: list[tuple[str, bytes]],
    who: Callable[[Session], Customer],
    files_url: str = FILES_URL,
) -> list[EvidenceOut]:
    """Check the files by content, then (in one transaction) find who is asking with ``who``, their case,
    and add the files to it: all or nothing. Blocking: run it in a worker thread."""
    checked = [check_upload(data, name) for name, data in datas]
    check_batch(sum(c.kind == "image" for c in checked), sum(c.kind == "pdf" for c in checked))
    with svc.database.session() as session:
        customer = who(session)
        viewer = Viewer.customer(customer.id)
        case = case_by_number(session, number, viewer)
        stored = add_evidence(session, case, checked, svc.storage, actor=viewer, channel=CHANNEL, at=utcnow())
        session.flush()
        return [evidence_out(a, files_url) for a in stored]


def evidence_response(svc: Services, attachment: Attachment) -> Response:
    """One file as its own download: never sniffed, never scripted, never cached."""
    return Response(
        svc.storage.get(attachment.storage_key),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": content_disposition(
                attachment.filename, inline=attachment.kind == "image"
            ),
            "X-Content-Type-Options": "nosniff",
            "Content-Security-Policy": "default-src 'none'; sandbox",
            "Cache-Control": "private, no-store",
        },
    )


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
    headers = request.headers

    def signed(session: Session) -> Customer:
        return signed_customer(
            session,
            svc.settings.identity_secret,
            headers.get("x-kefu-customer"),
            headers.get("x-kefu-signature"),
        )

    return await run_in_threadpool(store_evidence, svc, number, datas, signed)


@router.get("/cases/{number}/evidence", response_model=list[EvidenceOut], summary="The evidence on a case")
def my_evidence(number: str, customer: CurrentCustomer, session: DbSession) -> list[EvidenceOut]:
    case = case_by_number(session, number, Viewer.customer(customer.id))
    return [evidence_out(a) for a in evidence_of(session, case)]


@router.get("/evidence/{attachment_id}", summary="One evidence file")
def my_evidence_file(
    attachment_id: int, customer: CurrentCustomer, session: DbSession, svc: ServicesDep
) -> Response:
    attachment = evidence_file(session, attachment_id, Viewer.customer(customer.id))
    return evidence_response(svc, attachment)
