"""Files in a conversation: a checked upload is stored, then sent with a message (up to 9 images a send).

The bytes were checked and re-encoded by :mod:`kefu.attachments` before they get here; this module keeps
the row (who uploaded it, to which conversation) and links it to the message that carries it. Reading a
file back goes through the conversation's access check first, so only its customer and its agents get it.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.attachments import CheckedFile, Storage, check_batch
from kefu.conversations.access import Participant, get_conversation
from kefu.conversations.records import Attachment, Conversation
from kefu.errors import InvalidInput, NotFound

__all__ = ["attachment_for", "claim_attachments", "store_upload", "uploader"]


def uploader(participant: Participant) -> str:
    if participant.role == "customer":
        return f"customer:{participant.customer_id}"
    if participant.role == "guest":
        return f"guest:{participant.conversation_id}"
    return f"agent:{participant.agent_code}"


def store_upload(
    session: Session,
    conversation: Conversation,
    participant: Participant,
    checked: CheckedFile,
    storage: Storage,
    *,
    at: datetime,
) -> Attachment:
    suffix = (
        ".pdf"
        if checked.kind == "pdf"
        else "." + checked.content_type.rpartition("/")[2].replace("jpeg", "jpg")
    )
    key = storage.put(checked.data, suffix=suffix)
    attachment = Attachment(
        conversation_id=conversation.id,
        storage_key=key,
        kind=checked.kind,
        content_type=checked.content_type,
        size=checked.size,
        width=checked.width,
        height=checked.height,
        filename=checked.filename,
        sha256=checked.sha256,
        uploaded_by=uploader(participant),
        created_at=at,
    )
    session.add(attachment)
    session.flush()
    return attachment


def claim_attachments(
    session: Session, conversation: Conversation, participant: Participant, ids: list[int]
) -> list[Attachment]:
    """The uploads ``ids`` of this participant in this conversation, not yet sent, checked as one send."""
    if not ids:
        return []
    unique = list(dict.fromkeys(ids))
    found = session.scalars(
        select(Attachment).where(
            Attachment.id.in_(unique),
            Attachment.conversation_id == conversation.id,
            Attachment.uploaded_by == uploader(participant),
            Attachment.message_id.is_(None),
        )
    ).all()
    if len(found) != len(unique):
        raise InvalidInput(
            "Some of the files are not yours to send, or were sent already; upload them again.",
            "部分文件无法发送（不属于您或已发送），请重新上传。",
            code="unknown_attachment",
        )
    check_batch(sum(a.kind == "image" for a in found), sum(a.kind == "pdf" for a in found))
    order = {attachment_id: index for index, attachment_id in enumerate(unique)}
    return sorted(found, key=lambda a: order[a.id])


def attachment_for(session: Session, attachment_id: int, participant: Participant) -> Attachment:
    """The attachment if ``participant`` may see its conversation (NotFound alike otherwise).

    Customers see files once sent, or their own uploads; staff see every file of a conversation they see.
    """
    attachment = session.get(Attachment, attachment_id)
    missing = NotFound(
        f"There is no file {attachment_id} that you can open.",
        f"找不到您可以查看的文件 {attachment_id}。",
        code="attachment_not_found",
    )
    if attachment is None or attachment.conversation_id is None:  # case evidence: kefu.cases.evidence
        raise missing
    try:
        get_conversation(session, attachment.conversation_id, participant)
    except NotFound:
        raise missing from None
    if (
        attachment.message_id is None
        and not participant.is_staff
        and attachment.uploaded_by != uploader(participant)
    ):
        raise missing
    return attachment
