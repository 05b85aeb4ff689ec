"""Tables of chat and the other conversational channels (SMS, WeChat): conversations, messages, attachments.

``conversation``  one chat (or SMS / WeChat thread) with one customer or guest: its status (bot → queued →
                  agent → ended), queue, agent, linked case, the transaction it started from, read marks,
                  rating, and ``revision``, bumped on every change of state (``last_seq`` moves with every
                  message), so each server process can tell what to push to the sockets it holds
``message``       one message; ``seq`` is assigned by the server, strictly increasing per conversation
                  (unique with the conversation); ``client_key`` makes a retried send store one message
``attachment``    an uploaded image or PDF, checked and re-encoded, stored under a generated key: sent in a
                  conversation, or evidence for a case or complaint
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from kefu.store.base import AwareUtc, Base, utcnow

__all__ = ["Attachment", "Conversation", "Message"]


class Conversation(Base):
    __tablename__ = "conversation"
    __table_args__ = (
        Index("ix_conversation_status_queue_locale", "status", "queue_locale"),
        Index("ix_conversation_customer_id_last_message_at", "customer_id", "last_message_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    #: None for a guest (not signed in): guests chat, but the chat is not saved to an account.
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customer.id"))
    #: SHA-256 of the guest's conversation token (the only way a guest gets back in).
    guest_token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: chat | sms | wechat
    channel: Mapped[str] = mapped_column(String(16), default="chat")
    #: The SMS number or WeChat open id a channel thread belongs to.
    address: Mapped[str | None] = mapped_column(String(120), index=True)
    locale: Mapped[str] = mapped_column(String(16), default="zh-CN")
    #: The problem type (a help-center category key) once known.
    topic: Mapped[str | None] = mapped_column(String(32))
    #: bot | queued | agent | ended
    status: Mapped[str] = mapped_column(String(16), default="bot")
    #: Which language queue it waits in, and how urgent (emergencies first).
    queue_locale: Mapped[str | None] = mapped_column(String(16))
    priority: Mapped[int] = mapped_column(Integer, default=0)
    queued_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    agent_id: Mapped[int | None] = mapped_column(ForeignKey("agent.id"), index=True)
    accepted_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    #: The transaction a chat was started from (id, amount, merchant, time), as the wallet sent it.
    context: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: What the assistant remembers between turns (offered options, failures, mood).
    assistant_state: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    last_seq: Mapped[int] = mapped_column(Integer, default=0)
    #: Bumped on every change of state (status, typing, read mark, rating, ...); with ``last_seq`` (moved by
    #: every message) what the push watchers poll.
    revision: Mapped[int] = mapped_column(Integer, default=0)
    customer_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    agent_read_seq: Mapped[int] = mapped_column(Integer, default=0)
    customer_typing_until: Mapped[datetime | None] = mapped_column(AwareUtc)
    agent_typing_until: Mapped[datetime | None] = mapped_column(AwareUtc)
    created_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)
    #: When the customer last wrote; the idle timeout counts from the later of this and the agent's reply.
    last_customer_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    ended_at: Mapped[datetime | None] = mapped_column(AwareUtc)
    #: customer | agent | idle | left_message | system
    end_reason: Mapped[str | None] = mapped_column(String(16))
    rating: Mapped[int | None] = mapped_column(Integer)
    rating_comment: Mapped[str | None] = mapped_column(Text)
    #: The customer hid it from "My conversations" (kept for the retention period all the same).
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    #: Set by the retention job once the conversation is older than the customer may see (180 days).
    archived_at: Mapped[datetime | None] = mapped_column(AwareUtc)


class Message(Base):
    __tablename__ = "message"
    __table_args__ = (
        UniqueConstraint("conversation_id", "seq"),
        UniqueConstraint("conversation_id", "client_key"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int] = mapped_column(ForeignKey("conversation.id"))
    seq: Mapped[int] = mapped_column(Integer)
    #: The sender's idempotency key: a retried send with the same key stores nothing new.
    client_key: Mapped[str | None] = mapped_column(String(64))
    #: customer | assistant | agent | system
    sender: Mapped[str] = mapped_column(String(16))
    #: The agent's public code for agent messages.
    sender_id: Mapped[str | None] = mapped_column(String(32))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Quick replies, the article an answer came from, attachment ids, an event's details.
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    #: An agents-only note, never shown to the customer.
    internal: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)


class Attachment(Base):
    """A file sent in a conversation, or evidence added to a case (exactly one of the two is set)."""

    __tablename__ = "attachment"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    conversation_id: Mapped[int | None] = mapped_column(ForeignKey("conversation.id"), index=True)
    #: Evidence for a case or complaint, uploaded to the case itself.
    case_id: Mapped[int | None] = mapped_column(ForeignKey("case.id"), index=True)
    #: Set when the message carrying it is sent.
    message_id: Mapped[int | None] = mapped_column(ForeignKey("message.id"), index=True)
    #: Where the storage backend keeps the bytes (a generated name, never the uploaded one).
    storage_key: Mapped[str] = mapped_column(String(200), unique=True)
    #: image | pdf
    kind: Mapped[str] = mapped_column(String(8))
    content_type: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    #: The uploaded file name, cleaned, only for Content-Disposition.
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64))
    #: customer:<id> | guest | agent:<code>
    uploaded_by: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(AwareUtc, default=utcnow)
