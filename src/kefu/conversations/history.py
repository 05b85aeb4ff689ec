"""A signed-in customer's past conversations: "My conversations", search, what can be continued.

Listed newest first with the topic, the case number when one was opened and the first thing the customer
wrote; hidden and archived (older than 180 days) conversations are left out. Search matches the words of
any message the customer could see, or a case number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import exists, func, or_, select
from sqlalchemy.orm import Session

from kefu.cases import Case
from kefu.conversations.lifecycle import CONTINUE_DAYS
from kefu.conversations.records import Conversation, Message

__all__ = ["HistoryItem", "my_conversations"]

_CASE_NUMBER = re.compile(r"^(?:C|CP|D)\d{12}$")


@dataclass(frozen=True)
class HistoryItem:
    conversation: Conversation
    case_number: str | None
    #: The customer's first message (what it was about), cut short.
    first_message: str
    can_continue: bool


def my_conversations(
    session: Session, customer_id: int, *, now: datetime, query: str | None = None, limit: int = 100
) -> list[HistoryItem]:
    c = Conversation
    statement = (
        select(c, Case.number)
        .outerjoin(Case, Case.id == c.case_id)
        .where(c.customer_id == customer_id, c.hidden.is_(False), c.archived_at.is_(None))
        .order_by(c.last_message_at.desc(), c.id.desc())
        .limit(limit)
    )
    text = (query or "").strip()
    if text:
        if _CASE_NUMBER.match(text.upper()):
            statement = statement.where(Case.number == text.upper())
        else:
            pattern = "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            said = exists().where(
                Message.conversation_id == c.id,
                Message.internal.is_(False),
                func.lower(Message.body).like(pattern, escape="\\"),
            )
            statement = statement.where(
                or_(said, func.lower(func.coalesce(c.topic, "")).like(pattern, escape="\\"))
            )
    rows = session.execute(statement).all()
    firsts = _first_messages(session, [conversation.id for conversation, _ in rows])
    return [
        HistoryItem(
            conversation=conversation,
            case_number=number,
            first_message=firsts.get(conversation.id, ""),
            can_continue=conversation.channel == "chat"
            and now - conversation.last_message_at <= timedelta(days=CONTINUE_DAYS),
        )
        for conversation, number in rows
    ]


def _first_messages(session: Session, ids: list[int]) -> dict[int, str]:
    if not ids:
        return {}
    first = (
        select(Message.conversation_id, func.min(Message.seq).label("seq"))
        .where(Message.conversation_id.in_(ids), Message.sender == "customer")
        .group_by(Message.conversation_id)
        .subquery()
    )
    rows = session.execute(
        select(Message.conversation_id, Message.body).join(
            first, (Message.conversation_id == first.c.conversation_id) & (Message.seq == first.c.seq)
        )
    )
    return {conversation_id: body[:120] for conversation_id, body in rows}
