"""Scheduled sweeps over conversations (run by kefu.jobs.Scheduler, once per deployment).

- :func:`end_idle`: a chat waiting for the customer for 10 minutes ends (the customer can continue it for
  7 days). "Waiting for the customer" means the last message is not theirs; a customer waiting in the queue
  or for an agent's answer is never timed out.
- :func:`apply_retention`: after 180 days a conversation leaves "My conversations" (archived); after 3 years
  it is deleted with its messages and attachments (their stored files too).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from kefu.attachments import Storage
from kefu.conversations.access import SYSTEM
from kefu.conversations.lifecycle import end_conversation
from kefu.conversations.records import Attachment, Conversation, Message
from kefu.store import utcnow

__all__ = ["IDLE_MINUTES", "KEEP_DAYS", "VISIBLE_DAYS", "apply_retention", "end_idle"]

IDLE_MINUTES = 10
VISIBLE_DAYS = 180
KEEP_DAYS = 3 * 365 + 1


def end_idle(session: Session, now: datetime | None = None) -> int:
    """End the live chats whose customer has not replied for IDLE_MINUTES; how many."""
    now = now or utcnow()
    cutoff = now - timedelta(minutes=IDLE_MINUTES)
    candidates = session.scalars(
        select(Conversation)
        .where(
            Conversation.status.in_(("bot", "agent")),
            Conversation.channel == "chat",
            Conversation.last_message_at < cutoff,
            or_(
                Conversation.last_customer_at.is_(None),
                Conversation.last_customer_at < Conversation.last_message_at,
            ),
        )
        .with_for_update(skip_locked=True)
        .limit(500)
    ).all()
    for conversation in candidates:
        end_conversation(session, conversation, SYSTEM, at=now, reason="idle")
    session.flush()
    return len(candidates)


def apply_retention(session: Session, now: datetime | None = None, *, storage: Storage) -> tuple[int, int]:
    """(archived, deleted) conversations; files are deleted after their rows are gone from the session."""
    now = now or utcnow()
    archived = session.scalars(
        select(Conversation).where(
            Conversation.archived_at.is_(None),
            Conversation.status == "ended",
            Conversation.last_message_at < now - timedelta(days=VISIBLE_DAYS),
        )
    ).all()
    for conversation in archived:
        conversation.archived_at = now
    expired = list(
        session.scalars(
            select(Conversation.id).where(
                Conversation.status == "ended",
                Conversation.last_message_at < now - timedelta(days=KEEP_DAYS),
            )
        )
    )
    keys: list[str] = []
    if expired:
        keys = list(
            session.scalars(select(Attachment.storage_key).where(Attachment.conversation_id.in_(expired)))
        )
        session.execute(delete(Attachment).where(Attachment.conversation_id.in_(expired)))
        session.execute(delete(Message).where(Message.conversation_id.in_(expired)))
        session.execute(delete(Conversation).where(Conversation.id.in_(expired)))
        session.flush()
    for key in keys:
        storage.delete(key)
    return len(archived), len(expired)
