"""A conversation's life: start, hand over to a person (or leave a message), accept, transfer, end, rate.

    bot ──request_agent──▶ queued ──accept──▶ agent ──end──▶ ended ──continue_conversation (≤ 7 days)──▶
     │  (outside hours: the next message is left for the team and becomes a case)             bot / queued
     └──────────────────────────────────────end─────────────────────────────────────────────▶ ended

Every change bumps the conversation's revision (what the push watchers poll) and, where the customer should
see it, posts a system line in the conversation's language (data/texts.yaml).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from kefu.agents.records import Agent
from kefu.calendar import OpeningHours
from kefu.cases import Case, open_case
from kefu.conversations.access import Participant, check_staff
from kefu.conversations.hours import agent_hours, hours_text, reply_by
from kefu.conversations.messages import bump, check_body, post_message
from kefu.conversations.queue import queue_position
from kefu.conversations.records import Conversation
from kefu.conversations.texts import say
from kefu.errors import Conflict, InvalidInput, PermissionDenied

__all__ = [
    "CONTINUE_DAYS",
    "Handoff",
    "Started",
    "accept",
    "continue_conversation",
    "end_conversation",
    "guest_token_hash",
    "hide",
    "leave_message",
    "open_case_from_conversation",
    "rate",
    "request_agent",
    "start_conversation",
    "system_line",
    "transfer",
]

#: A conversation can be continued this long after its last message.
CONTINUE_DAYS = 7
LOCALES = ("zh-CN", "en")
CHANNELS = ("chat", "sms", "wechat")
#: What the wallet may attach when a chat starts from a transaction.
_CONTEXT_KEYS = ("transaction_id", "type", "amount", "currency", "merchant", "counterparty", "time", "status")


@dataclass(frozen=True)
class Started:
    conversation: Conversation
    #: Only for guests: the secret that lets them back into this one conversation.
    guest_token: str | None
    #: True when the customer's live conversation was picked up instead of a new one.
    resumed: bool


@dataclass(frozen=True)
class Handoff:
    #: queued | leave_message | guest_closed | already
    outcome: str
    position: int | None = None


def guest_token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def system_line(session: Session, conversation: Conversation, key: str, at: datetime, **values: Any) -> None:
    post_message(
        session,
        conversation,
        sender="system",
        body=say(key, conversation.locale, **values),
        payload={"event": key, **{k: str(v) for k, v in values.items()}},
        at=at,
    )


def _check_locale(locale: str) -> str:
    if locale not in LOCALES:
        raise InvalidInput(
            f"Unknown language {locale!r}: use zh-CN or en.", f"不支持的语言“{locale}”：请使用 zh-CN 或 en。"
        )
    return locale


def _context(raw: dict[str, Any] | None) -> dict[str, str]:
    if not raw:
        return {}
    unknown = sorted(set(raw) - set(_CONTEXT_KEYS))
    if unknown:
        raise InvalidInput(
            f"Unknown transaction fields: {', '.join(unknown)}.",
            f"无法识别的交易字段：{'、'.join(unknown)}。",
            code="invalid_context",
        )
    context = {key: str(value).strip()[:200] for key, value in raw.items() if value is not None}
    return {key: value for key, value in context.items() if value}


def start_conversation(
    session: Session,
    *,
    customer_id: int | None,
    at: datetime,
    locale: str = "zh-CN",
    channel: str = "chat",
    context: dict[str, Any] | None = None,
    address: str | None = None,
) -> Started:
    """A new conversation, or the customer's live one on this channel (a guest always gets a new one)."""
    _check_locale(locale)
    if channel not in CHANNELS:
        raise InvalidInput(f"Unknown channel {channel!r}.", f"未知渠道“{channel}”。")
    details = _context(context)
    if customer_id is not None and not details:
        live = session.scalars(
            select(Conversation)
            .where(
                Conversation.customer_id == customer_id,
                Conversation.channel == channel,
                Conversation.status != "ended",
            )
            .order_by(Conversation.id.desc())
        ).first()
        if live is not None:
            return Started(live, None, resumed=True)
    token = secrets.token_urlsafe(32) if customer_id is None else None
    conversation = Conversation(
        customer_id=customer_id,
        guest_token_hash=guest_token_hash(token) if token else None,
        channel=channel,
        address=address,
        locale=locale,
        status="bot",
        context=details,
        assistant_state={},
        created_at=at,
        last_message_at=at,
    )
    session.add(conversation)
    session.flush()
    return Started(conversation, token, resumed=False)


def request_agent(
    session: Session,
    conversation: Conversation,
    *,
    at: datetime,
    priority: bool = False,
    topic: str | None = None,
    hours: OpeningHours | None = None,
) -> Handoff:
    """Ask for a person: into the language queue when agents work now, else a message can be left."""
    if conversation.status in ("queued", "agent"):
        return Handoff("already", queue_position(session, conversation))
    if conversation.status == "ended":
        raise Conflict(
            "This conversation has ended; continue it or start a new one.",
            "该会话已结束，请继续该会话或开始新会话。",
            code="conversation_ended",
        )
    hours = hours or agent_hours()
    if topic:
        conversation.topic = topic
    if not hours.is_open(at):
        if conversation.customer_id is None:
            system_line(session, conversation, "closed_guest", at, hours=hours_text(hours))
            return Handoff("guest_closed")
        conversation.assistant_state = {**conversation.assistant_state, "leave_message": True}
        promised = hours.calendar.local_datetime(reply_by(at, hours))
        system_line(
            session,
            conversation,
            "closed_leave_message",
            at,
            hours=hours_text(hours),
            reply_by=promised.strftime("%Y-%m-%d %H:%M"),
        )
        return Handoff("leave_message")
    conversation.status = "queued"
    conversation.queue_locale = conversation.locale
    conversation.priority = 10 if priority else 0
    conversation.queued_at = at
    session.flush()
    position = queue_position(session, conversation) or 1
    line = "queued_priority" if priority else "queued" if position > 1 else "queued_next"
    system_line(session, conversation, line, at, ahead=position - 1)
    return Handoff("queued", position)


def leave_message(session: Session, conversation: Conversation, text: str, *, at: datetime) -> Case:
    """Outside hours: the customer's message becomes a case answered by 10:00 on the next opening day."""
    if conversation.customer_id is None:
        raise PermissionDenied(
            "Sign in to the wallet app to leave a message.",
            "请登录钱包 App 后再留言。",
            code="sign_in_required",
        )
    body = check_body(text)
    case = open_case(
        session,
        customer_id=conversation.customer_id,
        topic=conversation.topic or "chat",
        summary=body,
        actor=Participant.customer(conversation.customer_id).viewer,
        channel="chat",
        now=at,
        locale=conversation.locale,
        related_transaction=conversation.context.get("transaction_id"),
    )
    case.due_at = reply_by(at)
    conversation.case_id = case.id
    state = dict(conversation.assistant_state)
    state.pop("leave_message", None)
    conversation.assistant_state = state
    promised = agent_hours().calendar.local_datetime(case.due_at)
    system_line(
        session,
        conversation,
        "left_message",
        at,
        number=case.number,
        reply_by=promised.strftime("%Y-%m-%d %H:%M"),
    )
    _end(session, conversation, "left_message", at)
    return case


def _active_chats(session: Session, agent_id: int) -> int:
    return int(
        session.scalar(
            select(func.count())
            .select_from(Conversation)
            .where(Conversation.agent_id == agent_id, Conversation.status == "agent")
        )
        or 0
    )


def accept(session: Session, conversation: Conversation, agent: Participant, *, at: datetime) -> Conversation:
    """An agent takes a waiting conversation; of two agents clicking at once, one gets it."""
    check_staff(agent, "accept chats", "接入会话")
    assert agent.agent_id is not None
    record = session.get(Agent, agent.agent_id)
    if (
        record is not None
        and agent.role == "agent"
        and _active_chats(session, agent.agent_id) >= record.max_chats
    ):
        raise Conflict(
            f"You already have {record.max_chats} chats open; finish one first.",
            f"您已有 {record.max_chats} 个进行中的会话，请先结束一个。",
            code="at_capacity",
        )
    taken = session.execute(
        update(Conversation)
        .where(Conversation.id == conversation.id, Conversation.status == "queued")
        .values(status="agent", agent_id=agent.agent_id, accepted_at=at, revision=Conversation.revision + 1)
        .returning(Conversation.id),
        execution_options={"synchronize_session": False},
    ).first()
    if taken is None:
        raise Conflict(
            "Someone else has taken this chat, or it is no longer waiting.",
            "该会话已被其他客服接入，或已不在排队中。",
            code="already_taken",
        )
    session.refresh(conversation)
    system_line(
        session,
        conversation,
        "agent_joined",
        at,
        name=agent.display_name or agent.agent_code,
        code=agent.agent_code,
    )
    return conversation


def transfer(
    session: Session,
    conversation: Conversation,
    by: Participant,
    *,
    at: datetime,
    to_agent_id: int | None = None,
    to_locale: str | None = None,
) -> Conversation:
    """To a named agent, or back to a language queue (ahead of new arrivals)."""
    check_staff(by, "transfer chats", "转接会话")
    if conversation.status not in ("agent", "queued"):
        raise Conflict("Only live chats can be transferred.", "只能转接进行中的会话。", code="not_live")
    if to_agent_id is not None:
        target = session.get(Agent, to_agent_id)
        if target is None or not target.active:
            raise InvalidInput("There is no such agent.", "没有这位客服。", code="unknown_agent")
        conversation.status = "agent"
        conversation.agent_id = target.id
        conversation.accepted_at = at
        bump(session, conversation)
        system_line(
            session, conversation, "transferred_agent", at, name=target.display_name, code=target.code
        )
        return conversation
    conversation.status = "queued"
    conversation.agent_id = None
    conversation.queue_locale = _check_locale(to_locale or conversation.queue_locale or conversation.locale)
    conversation.priority = max(conversation.priority, 5)
    conversation.queued_at = at
    bump(session, conversation)
    system_line(session, conversation, "transferred_queue", at)
    return conversation


def _end(session: Session, conversation: Conversation, reason: str, at: datetime) -> None:
    conversation.status = "ended"
    conversation.end_reason = reason
    conversation.ended_at = at
    conversation.customer_typing_until = None
    conversation.agent_typing_until = None
    bump(session, conversation)


def end_conversation(
    session: Session, conversation: Conversation, by: Participant, *, at: datetime, reason: str | None = None
) -> Conversation:
    if conversation.status == "ended":
        return conversation
    reason = reason or ("customer" if by.sender == "customer" else "agent" if by.is_staff else "system")
    line = {"customer": "ended_customer", "agent": "ended_agent", "idle": "ended_idle"}.get(reason)
    if line:
        post_message(
            session,
            conversation,
            sender="system",
            body=say(line, conversation.locale),
            payload={"event": line, "rating": True},
            at=at,
        )
    _end(session, conversation, reason, at)
    return conversation


def rate(
    session: Session,
    conversation: Conversation,
    by: Participant,
    *,
    stars: int,
    comment: str | None,
    at: datetime,
) -> Conversation:
    if by.sender != "customer":
        raise PermissionDenied("Only the customer rates a chat.", "只有客户本人可以评价会话。")
    if conversation.status != "ended":
        raise Conflict("Rate the chat once it has ended.", "会话结束后才能评价。", code="not_ended")
    if not 1 <= stars <= 5:
        raise InvalidInput("Give 1 to 5 stars.", "请给出 1–5 星。", code="invalid_rating")
    text = (comment or "").strip()
    if len(text) > 1000:
        raise InvalidInput("Keep the comment under 1000 characters.", "评价内容请控制在 1000 字以内。")
    first = conversation.rating is None
    conversation.rating = stars
    conversation.rating_comment = text or None
    if first:
        system_line(session, conversation, "rated", at)
    else:
        bump(session, conversation)
    return conversation


def continue_conversation(
    session: Session, conversation: Conversation, by: Participant, *, at: datetime
) -> Conversation:
    """Within 7 days of the last message an ended conversation goes on, with the same team."""
    if conversation.status != "ended":
        return conversation
    if by.sender != "customer":
        raise PermissionDenied("Only the customer continues a chat.", "只有客户本人可以继续会话。")
    if conversation.channel != "chat" or at - conversation.last_message_at > timedelta(days=CONTINUE_DAYS):
        raise Conflict(
            f"Conversations can be continued within {CONTINUE_DAYS} days of the last message; start a new "
            "chat and quote the case number if there is one.",
            f"会话只能在最后一条消息后 {CONTINUE_DAYS} 天内继续，请开始新的会话，如有案件号请一并提供。",
            code="too_old_to_continue",
        )
    conversation.ended_at = None
    conversation.end_reason = None
    conversation.hidden = False
    if conversation.agent_id is not None and agent_hours().is_open(at):
        # back to the same team: the queue of its language, ahead of new arrivals, the last agent flagged
        conversation.status = "queued"
        conversation.queue_locale = conversation.queue_locale or conversation.locale
        conversation.priority = max(conversation.priority, 5)
        conversation.queued_at = at
    else:
        conversation.status = "bot"
    bump(session, conversation)
    system_line(session, conversation, "continued", at)
    return conversation


def hide(session: Session, conversation: Conversation, by: Participant) -> None:
    if by.sender != "customer":
        raise PermissionDenied("Only the customer hides a chat.", "只有客户本人可以隐藏会话。")
    conversation.hidden = True
    bump(session, conversation)


def open_case_from_conversation(
    session: Session,
    conversation: Conversation,
    by: Participant,
    *,
    topic: str,
    summary: str,
    at: datetime,
    kind: str = "case",
) -> Case:
    """An agent opens a case (or dispute) for the conversation's customer; its number is posted in chat."""
    check_staff(by, "open cases from a chat", "从会话创建案件")
    if conversation.customer_id is None:
        raise Conflict(
            "Guests have no account to hold a case; ask them to sign in.",
            "访客没有账户，无法创建案件，请请客户先登录。",
            code="guest_conversation",
        )
    case = open_case(
        session,
        customer_id=conversation.customer_id,
        topic=topic,
        summary=summary,
        actor=by.viewer,
        channel="chat",
        now=at,
        kind=kind,
        locale=conversation.locale,
        related_transaction=conversation.context.get("transaction_id"),
    )
    conversation.case_id = case.id
    due = agent_hours().calendar.local_date(case.due_at)
    system_line(session, conversation, "case_opened", at, number=case.number, due=due.isoformat())
    return case
