"""The human queue: conversations waiting for an agent, by language, emergencies first.

Order within a language queue: priority (higher first), then the time the customer asked for a person,
then id. A customer's position counts everyone ahead of them in that order; agents see the queues of the
languages they serve; supervisors see every queue and each agent's live load.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from kefu.agents.records import Agent
from kefu.conversations.records import Conversation

__all__ = ["AgentLoad", "agent_load", "queue_position", "queue_sizes", "waiting"]


def queue_position(session: Session, conversation: Conversation) -> int | None:
    """1 for the next in line; None when the conversation is not waiting."""
    if conversation.status != "queued" or conversation.queued_at is None:
        return None
    c = Conversation
    ahead = session.scalar(
        select(func.count())
        .select_from(c)
        .where(
            c.status == "queued",
            c.queue_locale == conversation.queue_locale,
            or_(
                c.priority > conversation.priority,
                and_(
                    c.priority == conversation.priority,
                    or_(
                        c.queued_at < conversation.queued_at,
                        and_(c.queued_at == conversation.queued_at, c.id < conversation.id),
                    ),
                ),
            ),
        )
    )
    return int(ahead or 0) + 1


def waiting(
    session: Session, languages: tuple[str, ...] | None = None, limit: int = 200
) -> list[Conversation]:
    """The waiting conversations in queue order; ``languages`` None means every queue."""
    query = select(Conversation).where(Conversation.status == "queued")
    if languages is not None:
        query = query.where(Conversation.queue_locale.in_(languages))
    query = query.order_by(Conversation.priority.desc(), Conversation.queued_at, Conversation.id).limit(limit)
    return list(session.scalars(query))


def queue_sizes(session: Session) -> dict[str, int]:
    rows = session.execute(
        select(Conversation.queue_locale, func.count())
        .where(Conversation.status == "queued")
        .group_by(Conversation.queue_locale)
    )
    return {str(locale): int(count) for locale, count in rows}


@dataclass(frozen=True)
class AgentLoad:
    agent_id: int
    code: str
    name: str
    status: str
    languages: tuple[str, ...]
    active_chats: int
    max_chats: int

    @property
    def has_room(self) -> bool:
        return self.active_chats < self.max_chats


def agent_load(session: Session) -> list[AgentLoad]:
    """Every active agent with the chats they hold now (the supervisors' live load view)."""
    counts = dict(
        session.execute(
            select(Conversation.agent_id, func.count())
            .where(Conversation.status == "agent")
            .group_by(Conversation.agent_id)
        ).all()
    )
    agents = session.scalars(select(Agent).where(Agent.active.is_(True)).order_by(Agent.code))
    return [
        AgentLoad(
            agent_id=a.id,
            code=a.code,
            name=a.display_name,
            status=a.status,
            languages=tuple(x for x in a.languages.split(",") if x),
            active_chats=int(counts.get(a.id, 0)),
            max_chats=a.max_chats,
        )
        for a in agents
    ]
