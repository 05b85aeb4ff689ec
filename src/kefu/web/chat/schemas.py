"""The bodies of the chat API (``/api/v1/chat``) and of the console's chat API, which are also their
OpenAPI schema, and the functions that build them from the domain's rows (one way to show a message)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, Literal

from pydantic import BaseModel, Field
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.agents.records import Agent
from kefu.cases import Case
from kefu.conversations.queue import queue_position
from kefu.conversations.records import Attachment, Conversation, Message

__all__ = [
    "AttachmentOut",
    "ChoiceIn",
    "ConversationOut",
    "MessageIn",
    "MessageOut",
    "RatingIn",
    "ReadIn",
    "StartIn",
    "conversation_out",
    "files_of",
    "message_out",
    "messages_out",
]


class StartIn(BaseModel):
    locale: Literal["zh-CN", "en"] = "zh-CN"
    #: The transaction a chat is started from ("Get help" on a transaction).
    context: dict[str, str | int | float] | None = Field(default=None, description="transaction details")


class MessageIn(BaseModel):
    body: str = Field(default="", max_length=8000)
    client_key: str | None = Field(default=None, max_length=64, description="idempotency key for retries")
    attachments: list[int] = Field(default_factory=list, max_length=20)


class ChoiceIn(BaseModel):
    payload: str = Field(max_length=200, description="a quick reply's payload")
    label: str | None = Field(default=None, max_length=200)
    client_key: str | None = Field(default=None, max_length=64)


class ReadIn(BaseModel):
    seq: int = Field(ge=0)


class RatingIn(BaseModel):
    stars: int = Field(ge=1, le=5)
    comment: str | None = Field(default=None, max_length=1000)


class AttachmentOut(BaseModel):
    id: int
    kind: str
    content_type: str
    filename: str
    size: int
    width: int | None = None
    height: int | None = None
    url: str


class MessageOut(BaseModel):
    seq: int
    sender: str
    sender_id: str | None = None
    body: str
    payload: dict[str, Any] = Field(default_factory=dict)
    internal: bool = False
    created_at: datetime
    attachments: list[AttachmentOut] = Field(default_factory=list)


class AgentOut(BaseModel):
    code: str
    name: str


class ConversationOut(BaseModel):
    id: int
    status: str
    channel: str
    locale: str
    topic: str | None = None
    queue_position: int | None = None
    agent: AgentOut | None = None
    case_number: str | None = None
    last_seq: int
    customer_read_seq: int
    agent_read_seq: int
    customer_typing: bool
    agent_typing: bool
    leave_message: bool = False
    context: dict[str, str] = Field(default_factory=dict)
    rating: int | None = None
    end_reason: str | None = None
    created_at: datetime
    last_message_at: datetime
    revision: int


def attachment_url(attachment_id: int, *, staff: bool) -> str:
    return (
        f"/console/api/attachments/{attachment_id}" if staff else f"/api/v1/chat/attachments/{attachment_id}"
    )


def _aware(at: datetime) -> datetime:
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def files_of(session: Session, messages: list[Message]) -> dict[int, list[Attachment]]:
    """The files each message carried, by message id (only messages whose payload lists files look)."""
    ids = [m.id for m in messages if (m.payload or {}).get("files")]
    files: dict[int, list[Attachment]] = {}
    if ids:
        for attachment in session.scalars(
            select(Attachment).where(Attachment.message_id.in_(ids)).order_by(Attachment.id)
        ):
            files.setdefault(attachment.message_id or 0, []).append(attachment)
    return files


def message_out(message: Message, files: list[Attachment], *, staff: bool) -> MessageOut:
    return MessageOut(
        seq=message.seq,
        sender=message.sender,
        sender_id=message.sender_id,
        body=message.body,
        payload=message.payload or {},
        internal=message.internal,
        created_at=_aware(message.created_at),
        attachments=[
            AttachmentOut(
                id=a.id,
                kind=a.kind,
                content_type=a.content_type,
                filename=a.filename,
                size=a.size,
                width=a.width,
                height=a.height,
                url=attachment_url(a.id, staff=staff),
            )
            for a in files
        ],
    )


def messages_out(session: Session, messages: list[Message], *, staff: bool) -> list[MessageOut]:
    files = files_of(session, messages)
    return [message_out(m, files.get(m.id, []), staff=staff) for m in messages]


def conversation_out(session: Session, conversation: Conversation, now: datetime) -> ConversationOut:
    agent = session.get(Agent, conversation.agent_id) if conversation.agent_id else None
    case = session.get(Case, conversation.case_id) if conversation.case_id else None

    def typing(until: datetime | None) -> bool:
        return until is not None and _aware(until) > now

    return ConversationOut(
        id=conversation.id,
        status=conversation.status,
        channel=conversation.channel,
        locale=conversation.locale,
        topic=conversation.topic,
        queue_position=queue_position(session, conversation),
        agent=AgentOut(code=agent.code, name=agent.display_name) if agent else None,
        case_number=case.number if case else None,
        last_seq=conversation.last_seq,
        customer_read_seq=conversation.customer_read_seq,
        agent_read_seq=conversation.agent_read_seq,
        customer_typing=typing(conversation.customer_typing_until),
        agent_typing=typing(conversation.agent_typing_until),
        leave_message=bool((conversation.assistant_state or {}).get("leave_message")),
        context=dict(conversation.context or {}),
        rating=conversation.rating,
        end_reason=conversation.end_reason,
        created_at=_aware(conversation.created_at),
        last_message_at=_aware(conversation.last_message_at),
        revision=conversation.revision,
    )
