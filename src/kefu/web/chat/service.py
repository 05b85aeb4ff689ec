"""What chat routes share: the assistant for a request, and pushing a change once it is committed."""

from __future__ import annotations

from fastapi import Request
from sqlalchemy.orm import Session

from kefu.assistant import Assistant
from kefu.conversations.access import Participant
from kefu.conversations.tools import ConversationTools
from kefu.web.services import Services
from kefu.web.urls import article_url

__all__ = ["assistant_for", "commit_and_poke"]


def assistant_for(
    svc: Services, session: Session, participant: Participant, channel: str = "chat"
) -> Assistant:
    tools = ConversationTools(
        svc.helpcenter.snapshot,
        session,
        customer_id=participant.customer_id,
        link=lambda slug, locale: article_url(slug, locale),
        recorder=svc.recorder,
        channel=channel,
    )
    return Assistant(tools)


def commit_and_poke(session: Session, request: Request, conversation_id: int) -> None:
    """Commit now, then wake every listener of the conversation in this process (others poll)."""
    session.commit()
    request.app.state.services.hub.poke(conversation_id)
