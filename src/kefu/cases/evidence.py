"""Evidence for a case or complaint: screenshots and PDFs the customer (or staff) add to the case itself.

The bytes were checked and re-encoded by :mod:`kefu.attachments` first; each file becomes an ``attachment``
row tied to the case and an ``evidence_added`` line in the timeline. Reading a file back asks the same
question as reading the case (:func:`kefu.cases.access.may_view`): someone else's evidence is NotFound.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.attachments import CheckedFile, Storage
from kefu.cases.access import Viewer, check_case_access, may_view
from kefu.cases.records import Case
from kefu.cases.timeline import check_channel, record_event
from kefu.conversations.records import Attachment
from kefu.errors import Conflict, NotFound

__all__ = ["MAX_EVIDENCE", "add_evidence", "evidence_file", "evidence_of"]

#: Files one case may carry as evidence.
MAX_EVIDENCE = 30


def add_evidence(
    session: Session,
    case: Case,
    files: list[CheckedFile],
    storage: Storage,
    *,
    actor: Viewer,
    channel: str,
    at: datetime,
) -> list[Attachment]:
    check_case_access(session, actor, case)
    check_channel(channel)
    if case.status == "closed":
        raise Conflict(
            f"{case.number} is closed; open a new case that cites it to send more.",
            f"案件 {case.number} 已关闭，请新建案件并注明该案件号后再提交材料。",
            code="case_closed",
        )
    if len(evidence_of(session, case)) + len(files) > MAX_EVIDENCE:
        raise Conflict(
            f"A case can hold at most {MAX_EVIDENCE} files.",
            f"每个案件最多可提交 {MAX_EVIDENCE} 个文件。",
            code="too_much_evidence",
        )
    stored = []
    for checked in files:
        attachment = Attachment(
            case_id=case.id,
            conversation_id=None,
            storage_key=storage.put(checked.data, suffix=checked.suffix),
            kind=checked.kind,
            content_type=checked.content_type,
            size=checked.size,
            width=checked.width,
            height=checked.height,
            filename=checked.filename,
            sha256=checked.sha256,
            uploaded_by=actor.actor,
            created_at=at,
        )
        session.add(attachment)
        session.flush()
        record_event(
            session,
            case,
            "evidence_added",
            actor=actor,
            channel=channel,
            at=at,
            attachment=attachment.id,
            filename=checked.filename,
            content_type=checked.content_type,
        )
        stored.append(attachment)
    return stored


def evidence_of(session: Session, case: Case) -> list[Attachment]:
    return list(
        session.scalars(select(Attachment).where(Attachment.case_id == case.id).order_by(Attachment.id))
    )


def evidence_file(session: Session, attachment_id: int, viewer: Viewer) -> Attachment:
    """The evidence file if ``viewer`` may see its case; NotFound alike for foreign and missing ids."""
    attachment = session.get(Attachment, attachment_id)
    case = session.get(Case, attachment.case_id) if attachment is not None and attachment.case_id else None
    if attachment is None or case is None or not may_view(session, viewer, case):
        raise NotFound(
            f"There is no file {attachment_id} that you can open.",
            f"找不到您可以查看的文件 {attachment_id}。",
            code="attachment_not_found",
        )
    return attachment
