"""One turn of a conversation: what happens when the customer or an agent says something.

The customer's message is stored first (idempotently), then, while no person has the chat, the assistant
(:mod:`kefu.assistant`) answers and its reply is applied: the answer is posted, the language or topic may
change, and a hand-over puts the chat in the queue (or, outside hours, the next message becomes a case).
A retried send (same client key) replays nothing: the assistant answered the first one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kefu.analytics.feedback import record_feedback
from kefu.assistant import Assistant, Context, Reply
from kefu.conversations.access import Participant, check_staff
from kefu.conversations.lifecycle import end_conversation, leave_message, request_agent
from kefu.conversations.messages import check_body, post_message
from kefu.conversations.records import Conversation, Message
from kefu.conversations.uploads import claim_attachments
from kefu.errors import Conflict

__all__ = ["agent_message", "customer_choice", "customer_message", "greet"]


def _check_live(conversation: Conversation) -> None:
    if conversation.status == "ended":
        raise Conflict(
            "This conversation has ended. Continue it from My conversations, or start a new chat.",
            "该会话已结束。请在“我的会话”中继续，或开始新的会话。",
            code="conversation_ended",
        )


def _context(conversation: Conversation) -> Context:
    return Context(
        locale=conversation.locale,
        channel=conversation.channel,
        state=dict(conversation.assistant_state or {}),
        signed_in=conversation.customer_id is not None,
    )


def greet(
    session: Session, conversation: Conversation, assistant: Assistant, *, at: datetime
) -> list[Message]:
    return _apply(session, conversation, assistant.greet(_context(conversation)), at)


def _post_with_files(
    session: Session,
    conversation: Conversation,
    participant: Participant,
    *,
    body: str,
    client_key: str | None,
    attachment_ids: list[int],
    at: datetime,
    internal: bool = False,
    payload: dict[str, Any] | None = None,
) -> tuple[Message, bool]:
    text = check_body(body, allow_empty=bool(attachment_ids))
    files = claim_attachments(session, conversation, participant, attachment_ids) if attachment_ids else []
    if files:
        payload = {**(payload or {}), "files": [item.id for item in files]}
    message, created = post_message(
        session,
        conversation,
        sender=participant.sender,
        sender_id=participant.agent_code if participant.is_staff else None,
        body=text,
        client_key=client_key,
        payload=payload,
        internal=internal,
        at=at,
    )
    if created:
        for item in files:
            item.message_id = message.id
    return message, created


def customer_message(
    session: Session,
    conversation: Conversation,
    participant: Participant,
    *,
    body: str,
    at: datetime,
    assistant: Assistant,
    client_key: str | None = None,
    attachment_ids: list[int] | None = None,
) -> list[Message]:
    """Store the customer's message and, while the assistant has the chat, its answer; all new messages."""
    _check_live(conversation)
    message, created = _post_with_files(
        session,
        conversation,
        participant,
        body=body,
        client_key=client_key,
        attachment_ids=attachment_ids or [],
        at=at,
    )
    if not created:
        return [message]
    if conversation.status != "bot":
        return [message]
    state = conversation.assistant_state or {}
    if state.get("leave_message") and message.body:
        leave_message(session, conversation, message.body, at=at)
        return [message]
    if not message.body:  # only files: the assistant has nothing to read
        return [message]
    reply = assistant.respond(message.body, _context(conversation))
    return [message, *_apply(session, conversation, reply, at)]


def customer_choice(
    session: Session,
    conversation: Conversation,
    participant: Participant,
    *,
    payload: str,
    label: str | None,
    at: datetime,
    assistant: Assistant,
    client_key: str | None = None,
) -> list[Message]:
    """A quick reply pressed: shown as the customer's message (its label), then answered."""
    _check_live(conversation)
    message, created = post_message(
        session,
        conversation,
        sender="customer",
        body=check_body(label or payload),
        client_key=client_key,
        payload={"choice": payload},
        at=at,
    )
    if not created:
        return [message]
    kind, _, rest = payload.partition(":")
    if kind == "helpful" and rest:
        verdict, _, slug = rest.partition(":")
        if slug:
            record_feedback(session, slug=slug[:200], locale=conversation.locale, helpful=verdict == "yes")
    if payload == "human" and conversation.status == "bot":
        request_agent(session, conversation, at=at)
        return [message]
    if conversation.status != "bot":
        return [message]
    reply = assistant.choose(payload, _context(conversation))
    return [message, *_apply(session, conversation, reply, at)]


def _apply(session: Session, conversation: Conversation, reply: Reply, at: datetime) -> list[Message]:
    """Post the assistant's reply and do what it asks (language, topic, hand-over, end)."""
    conversation.locale = reply.locale
    conversation.assistant_state = dict(reply.state)
    if reply.topic:
        conversation.topic = reply.topic
    payload: dict[str, Any] = {"intent": reply.intent}
    if reply.quick_replies:
        payload["quick_replies"] = [{"label": q.label, "payload": q.payload} for q in reply.quick_replies]
    if reply.article is not None:
        payload["article"] = {
            "slug": reply.article.slug,
            "locale": reply.article.locale,
            "title": reply.article.title,
            "link": reply.article.link,
        }
    if reply.case_number:
        payload["case_number"] = reply.case_number
    if reply.complaint:
        payload["complaint"] = True
    answer, _ = post_message(
        session, conversation, sender="assistant", body=reply.text, payload=payload, at=at
    )
    if reply.handoff:
        request_agent(session, conversation, at=at, priority=reply.priority, topic=reply.topic)
    elif reply.end:
        end_conversation(session, conversation, Participant.customer(conversation.customer_id or 0), at=at)
    return [answer]


def agent_message(
    session: Session,
    conversation: Conversation,
    participant: Participant,
    *,
    body: str,
    at: datetime,
    client_key: str | None = None,
    attachment_ids: list[int] | None = None,
    internal: bool = False,
) -> Message:
    """An agent's reply (or internal note) in a chat they hold."""
    check_staff(participant, "reply in chats", "回复会话")
    if not internal:
        _check_live(conversation)
        if conversation.status != "agent" or (
            conversation.agent_id != participant.agent_id and not participant.sees_everything
        ):
            raise Conflict(
                "Accept the chat before replying to the customer.",
                "请先接入会话再回复客户。",
                code="not_your_chat",
            )
    message, _ = _post_with_files(
        session,
        conversation,
        participant,
        body=body,
        client_key=client_key,
        attachment_ids=attachment_ids or [],
        at=at,
        internal=internal,
    )
    return message
