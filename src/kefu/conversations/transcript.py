"""A conversation as an email: every message the customer could see, with the images attached as files.

The customer asks for it from "My conversations"; it goes out at once through the SMTP sender (not the
outbox: a transcript is asked for and waited on, and its images are too big for an outbox row).
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.attachments import Storage
from kefu.calendar import load_calendar
from kefu.conversations.records import Attachment, Conversation, Message
from kefu.notifications.senders import OutgoingMessage

__all__ = ["transcript_message"]

_WHO = {
    "zh-CN": {"customer": "我", "assistant": "智能助手", "agent": "客服", "system": "系统"},
    "en": {"customer": "Me", "assistant": "Assistant", "agent": "Agent", "system": "kefu"},
}
_SUBJECT = {"zh-CN": "在线客服会话记录（{date}）", "en": "Your chat transcript ({date})"}
_ATTACHED = {"zh-CN": "〔附件：{name}〕", "en": "[attached: {name}]"}


def transcript_message(
    session: Session, conversation: Conversation, storage: Storage, *, to: str, locale: str
) -> OutgoingMessage:
    calendar = load_calendar()
    who = _WHO.get(locale, _WHO["en"])
    messages = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.internal.is_(False))
        .order_by(Message.seq)
    ).all()
    files = session.scalars(
        select(Attachment)
        .where(Attachment.conversation_id == conversation.id, Attachment.message_id.is_not(None))
        .order_by(Attachment.id)
    ).all()
    by_message: dict[int, list[Attachment]] = {}
    for item in files:
        by_message.setdefault(item.message_id or 0, []).append(item)
    lines = []
    for message in messages:
        stamp = calendar.local_datetime(message.created_at).strftime("%Y-%m-%d %H:%M")
        name = who.get(message.sender, message.sender)
        if message.sender == "agent" and message.sender_id:
            name = f"{name} {message.sender_id}"
        body = message.body
        for item in by_message.get(message.id, []):
            body += ("\n" if body else "") + _ATTACHED.get(locale, _ATTACHED["en"]).format(name=item.filename)
        lines.append(f"[{stamp}] {name}: {body}")
    started = calendar.local_date(conversation.created_at).isoformat()
    return OutgoingMessage(
        key=f"transcript:{conversation.id}:{conversation.last_seq}:{to}",
        channel="email",
        recipient=to,
        locale=locale,
        subject=_SUBJECT.get(locale, _SUBJECT["en"]).format(date=started),
        body="\n".join(lines) + "\n",
        attachments=tuple((f.filename, f.content_type, storage.get(f.storage_key)) for f in files),
    )
