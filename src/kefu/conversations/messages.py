"""Messages: posted with a server-assigned sequence, read back from a sequence, marked read, typed.

Sequence numbers are strictly increasing per conversation with no gaps: the conversation row's
``last_seq`` is incremented by one atomic ``UPDATE … RETURNING`` that also locks the row until the
transaction commits, so a reader never sees seq 5 before seq 4. A ``client_key`` (the sender's idempotency
key) makes a retried send return the message already stored instead of storing a second one; two retries
racing each other meet at the unique (conversation, client_key) constraint and the loser reads the winner.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import set_committed_value

from kefu.conversations.access import Participant
from kefu.conversations.records import Conversation, Message
from kefu.errors import Conflict, InvalidInput

__all__ = [
    "MAX_BODY",
    "TYPING_SECONDS",
    "bump",
    "mark_read",
    "messages_since",
    "post_message",
    "set_typing",
]

#: Characters in one message (a long description fits; a pasted document does not).
MAX_BODY = 4000
#: How long a typing signal lasts unless renewed.
TYPING_SECONDS = 6


def bump(session: Session, conversation: Conversation) -> None:
    """Mark ``conversation``'s state changed (status, typing, read marks, ...) so every process pushing it
    sends the new state; a new message moves ``last_seq`` instead, which the pushers watch as well."""
    conversation.revision = Conversation.revision + 1


def check_body(body: str | None, *, allow_empty: bool = False) -> str:
    text = (body or "").strip()
    if not text and not allow_empty:
        raise InvalidInput("Type a message first.", "请输入消息内容。", code="empty_message")
    if len(text) > MAX_BODY:
        raise InvalidInput(
            f"The message is too long ({len(text)} characters, at most {MAX_BODY}); send it in parts.",
            f"消息过长（{len(text)} 个字符，最多 {MAX_BODY} 个），请分几条发送。",
            code="message_too_long",
        )
    return text


def check_client_key(client_key: str | None) -> str | None:
    if client_key is None:
        return None
    key = client_key.strip()
    if not key or len(key) > 64 or not key.isprintable():
        raise InvalidInput(
            "client_key must be 1–64 printable characters.",
            "client_key 须为 1–64 个可打印字符。",
            code="invalid_client_key",
        )
    return key


def post_message(
    session: Session,
    conversation: Conversation,
    *,
    sender: str,
    body: str,
    at: datetime,
    sender_id: str | None = None,
    client_key: str | None = None,
    payload: dict[str, Any] | None = None,
    internal: bool = False,
) -> tuple[Message, bool]:
    """Store one message; ``(message, created)``, where a known ``client_key`` gives the stored one."""
    key = check_client_key(client_key)
    if key is not None:
        existing = _by_key(session, conversation.id, key)
        if existing is not None:
            return existing, False
    try:
        with session.begin_nested():
            values: dict[str, Any] = {
                "last_seq": Conversation.last_seq + 1,
                "last_message_at": at,
            }
            if sender == "customer":
                values["last_customer_at"] = at
                values["customer_typing_until"] = None
            elif sender == "agent" and not internal:
                values["agent_typing_until"] = None
            seq = session.execute(
                update(Conversation)
                .where(Conversation.id == conversation.id)
                .values(**values)
                .returning(Conversation.last_seq),
                execution_options={"synchronize_session": False},
            ).scalar_one()
            message = Message(
                conversation_id=conversation.id,
                seq=seq,
                client_key=key,
                sender=sender,
                sender_id=sender_id,
                body=body,
                payload=payload or {},
                internal=internal,
                created_at=at,
            )
            session.add(message)
            session.flush()
    except IntegrityError:
        if key is None:
            raise
        existing = _by_key(session, conversation.id, key)
        if existing is None:
            raise Conflict(
                "The message could not be stored; send it again.",
                "消息未能保存，请重新发送。",
                code="send_conflict",
            ) from None
        return existing, False
    # the row was changed behind the ORM's back: record what it now holds without another UPDATE
    for name, value in (("last_seq", seq), ("last_message_at", at)):
        set_committed_value(conversation, name, value)
    session.expire(
        conversation, ["revision", "last_customer_at", "customer_typing_until", "agent_typing_until"]
    )
    return message, True


def _by_key(session: Session, conversation_id: int, key: str) -> Message | None:
    return session.scalars(
        select(Message).where(Message.conversation_id == conversation_id, Message.client_key == key)
    ).first()


def messages_since(
    session: Session,
    conversation: Conversation,
    after_seq: int = 0,
    *,
    staff: bool,
    limit: int = 500,
) -> list[Message]:
    """Messages after ``after_seq`` in order; internal notes only for ``staff``."""
    query = (
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.seq > max(0, after_seq))
        .order_by(Message.seq)
        .limit(limit)
    )
    if not staff:
        query = query.where(Message.internal.is_(False))
    return list(session.scalars(query))


def mark_read(session: Session, conversation: Conversation, participant: Participant, seq: int) -> None:
    """The participant has read up to ``seq`` (never moves back, never beyond the last message)."""
    seq = min(max(0, seq), conversation.last_seq)
    if participant.sender == "customer":
        if seq > conversation.customer_read_seq:
            conversation.customer_read_seq = seq
            bump(session, conversation)
    elif participant.is_staff and seq > conversation.agent_read_seq:
        conversation.agent_read_seq = seq
        bump(session, conversation)


def set_typing(session: Session, conversation: Conversation, participant: Participant, at: datetime) -> None:
    until = at + timedelta(seconds=TYPING_SECONDS)
    if participant.sender == "customer":
        conversation.customer_typing_until = until
    elif participant.is_staff:
        conversation.agent_typing_until = until
    else:
        return
    bump(session, conversation)
