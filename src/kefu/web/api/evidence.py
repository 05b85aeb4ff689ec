"""``/me/…/evidence``: screenshots and PDFs a signed-in customer adds to their case or complaint.

POST /me/cases/{number}/evidence   upload (multipart ``files``; the chat's rules: JPG/PNG/HEIC 10 MB,
                                   PDF 20 MB, 9 images at a time), checked by content, all or nothing
GET  /me/cases/{number}/evidence   the files on the case
GET  /me/evidence/{id}             one file (its case's customer only; others get 404)
"""

from __future__ import annotations

from fastapi import APIRouter, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel

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
from kefu.identity.signing import signed_customer
from kefu.store import utcnow
from kefu.web.api.me import CHANNEL, CurrentCustomer
from kefu.web.services import DbSession, ServicesDep

__all__ = ["router"]

router = APIRouter(prefix="/me", tags=["my cases"])


class EvidenceOut(BaseModel):
    id: int
    kind: str
    content_type: str
    filename: str
    size: int
    url: str


def _out(attachment: Attachment) -> EvidenceOut:
    return EvidenceOut(
        id=attachment.id,
        kind=attachment.kind,
        content_type=attachment.content_type,
        filename=attachment.filename,
        size=attachment.size,
        url=f"/api/v1/me/evidence/{attachment.id}",
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
    if len(files) > upload_limits().files_per_send:
        check_batch(len(files), 0)
    datas = [(f.filename or "file", await read_limited_async(f.read, max_upload_bytes())) for f in files]
    headers = request.headers

    def work() -> list[EvidenceOut]:
        checked = [check_upload(data, name) for name, data in datas]
        check_batch(sum(c.kind == "image" for c in checked), sum(c.kind == "pdf" for c in checked))
        with svc.database.session() as session:
            customer = signed_customer(
                session,
                svc.settings.identity_secret,
                headers.get("x-kefu-customer"),
                headers.get("x-kefu-signature"),
            )
            viewer = Viewer.customer(customer.id)
            case = case_by_number(session, number, viewer)
            stored = add_evidence(
                session, case, checked, svc.storage, actor=viewer, channel=CHANNEL, at=utcnow()
            )
            session.flush()
            return [_out(a) for a in stored]

    return await run_in_threadpool(work)


@router.get("/cases/{number}/evidence", response_model=list[EvidenceOut], summary="The evidence on a case")
def my_evidence(number: str, customer: CurrentCustomer, session: DbSession) -> list[EvidenceOut]:
    case = case_by_number(session, number, Viewer.customer(customer.id))
    return [_out(a) for a in evidence_of(session, case)]


@router.get("/evidence/{attachment_id}", summary="One evidence file")
def my_evidence_file(
    attachment_id: int, customer: CurrentCustomer, session: DbSession, svc: ServicesDep
) -> Response:
    attachment = evidence_file(session, attachment_id, Viewer.customer(customer.id))
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
