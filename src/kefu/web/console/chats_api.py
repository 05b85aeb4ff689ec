"""``/console/api``: the agent's side of chat, as JSON for the console's script (the pages are chats.py).

GET  /console/api/queue                           waiting chats in my languages (all for supervisors),
                                                  my live chats, queue sizes, agents' load (supervisors)
POST /console/api/status                          available | away | offline
GET  /console/api/canned                          canned replies in both languages
GET  /console/api/conversations/{id}              state, the customer's profile and recent cases, and
                                                  help-center suggestions for their last message
GET  /console/api/conversations/{id}/messages     after ``after`` (internal notes included)
POST /console/api/conversations/{id}/accept | messages | transfer | end | case | attachments
GET  /console/api/attachments/{id}
WS   /console/api/conversations/{id}/socket       the chat socket protocol (kefu.web.chat.socket)

Every POST needs the session's CSRF token (``X-CSRF-Token``); the socket checks the Origin instead.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated, Any, Literal

import yaml
from fastapi import Depends, Query, Request, UploadFile, WebSocket
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field
from sqlalchemy import select

from kefu.agents.records import Agent
from kefu.agents.sessions import resolve
from kefu.cases import Case, cases_of_customer
from kefu.conversations import access, lifecycle, messages, queue, turns, uploads
from kefu.conversations.access import Participant
from kefu.conversations.records import Conversation, Message
from kefu.errors import InvalidInput
from kefu.identity.records import Customer
from kefu.store import utcnow
from kefu.web.chat.api import file_response, store_uploads
from kefu.web.chat.schemas import MessageOut, conversation_out, messages_out
from kefu.web.chat.service import commit_and_poke
from kefu.web.chat.socket import serve_socket
from kefu.web.console.auth import COOKIE, ConsoleAgent, CurrentAgent, require_csrf
from kefu.web.console.routing import console_routes
from kefu.web.services import DbSession, Services, ServicesDep
from kefu.web.urls import article_url

__all__ = ["participant_of", "router", "socket_router"]

router = console_routes()
socket_router = console_routes()
CSRF = [Depends(require_csrf)]


def participant_of(agent: ConsoleAgent) -> Participant:
    return Participant.staff(
        agent.id,
        agent.code,
        role=agent.role,
        name=agent.display_name,
        languages=agent.languages,
        team=agent.team,
    )


class AgentMessageIn(BaseModel):
    body: str = Field(default="", max_length=8000)
    client_key: str | None = Field(default=None, max_length=64)
    attachments: list[int] = Field(default_factory=list, max_length=20)
    internal: bool = False


class TransferIn(BaseModel):
    agent_code: str | None = Field(default=None, max_length=16)
    locale: Literal["zh-CN", "en"] | None = None


class CaseIn(BaseModel):
    topic: str = Field(max_length=64)
    summary: str = Field(max_length=4000)
    kind: Literal["case", "dispute"] = "case"


class StatusIn(BaseModel):
    status: Literal["available", "away", "offline"]


def _summary(session: DbSession, conversation: Conversation, me: Participant) -> dict[str, Any]:
    customer = session.get(Customer, conversation.customer_id) if conversation.customer_id else None
    return {
        "id": conversation.id,
        "status": conversation.status,
        "locale": conversation.locale,
        "queue_locale": conversation.queue_locale,
        "priority": conversation.priority,
        "topic": conversation.topic,
        "queued_at": conversation.queued_at.isoformat() if conversation.queued_at else None,
        "last_message_at": conversation.last_message_at.isoformat(),
        "customer": (customer.name or customer.external_id) if customer else None,
        "guest": customer is None,
        "returning_to_me": conversation.agent_id == me.agent_id and conversation.status == "queued",
        "position": queue.queue_position(session, conversation),
        "unread": conversation.last_seq - conversation.agent_read_seq,
    }


@router.get("/console/api/queue")
def queue_view(agent: CurrentAgent, session: DbSession) -> dict[str, Any]:
    me = participant_of(agent)
    languages = None if me.sees_everything else me.languages
    mine = session.scalars(
        select(Conversation)
        .where(Conversation.agent_id == agent.id, Conversation.status == "agent")
        .order_by(Conversation.accepted_at)
    ).all()
    out: dict[str, Any] = {
        "waiting": [_summary(session, c, me) for c in queue.waiting(session, languages)],
        "mine": [_summary(session, c, me) for c in mine],
        "sizes": queue.queue_sizes(session),
    }
    if me.sees_everything:
        out["load"] = [vars(load) | {"has_room": load.has_room} for load in queue.agent_load(session)]
        live = session.scalars(select(Conversation).where(Conversation.status == "agent")).all()
        out["live"] = [_summary(session, c, me) | {"agent_id": c.agent_id} for c in live]
    record = session.get(Agent, agent.id)
    out["me"] = {"code": agent.code, "status": record.status if record else "offline"}
    return out


@router.post("/console/api/status", dependencies=CSRF)
def set_status(body: StatusIn, agent: CurrentAgent, session: DbSession) -> dict[str, str]:
    record = session.get(Agent, agent.id)
    if record is not None:
        record.status = body.status
    return {"status": body.status}


@cache
def _canned() -> dict[str, dict[str, str]]:
    text = files("kefu.web.console").joinpath("data/canned.yaml").read_text("utf-8")
    data: dict[str, dict[str, str]] = yaml.safe_load(text)
    return data


@router.get("/console/api/canned")
def canned(agent: CurrentAgent) -> list[dict[str, str]]:
    return [{"key": key, **texts} for key, texts in _canned().items()]


@router.get("/console/api/conversations/{conversation_id}")
def conversation_view(
    conversation_id: int, agent: CurrentAgent, session: DbSession, svc: ServicesDep
) -> dict[str, Any]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    out: dict[str, Any] = {
        "conversation": conversation_out(session, conversation, utcnow()).model_dump(mode="json")
    }
    customer = session.get(Customer, conversation.customer_id) if conversation.customer_id else None
    out["customer"] = (
        {
            "name": customer.name,
            "wallet_id": customer.external_id,
            "phone": customer.phone,
            "email": customer.email,
            "locale": customer.locale,
            "region": customer.region,
        }
        if customer
        else None
    )
    cases: list[Case] = cases_of_customer(session, customer.id)[:5] if customer else []
    out["cases"] = [
        {
            "number": c.number,
            "kind": c.kind,
            "status": c.status,
            "topic": c.topic,
            "due_at": c.due_at.isoformat(),
        }
        for c in cases
    ]
    last = session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id, Message.sender == "customer")
        .order_by(Message.seq.desc())
    ).first()
    suggestions = []
    if last is not None and last.body.strip():
        found = svc.helpcenter.snapshot.search(last.body[:500], conversation.locale, 3)
        suggestions = [
            {"slug": h.slug, "title": h.title, "locale": h.locale, "link": article_url(h.slug, h.locale)}
            for h in found.hits[:3]
        ]
    out["suggestions"] = suggestions
    return out


@router.get("/console/api/conversations/{conversation_id}/messages", response_model=list[MessageOut])
def agent_messages(
    conversation_id: int,
    agent: CurrentAgent,
    session: DbSession,
    after: Annotated[int, Query(ge=0)] = 0,
) -> list[MessageOut]:
    conversation = access.get_conversation(session, conversation_id, participant_of(agent))
    return messages_out(
        session, messages.messages_since(session, conversation, after, staff=True), staff=True
    )


@router.post("/console/api/conversations/{conversation_id}/accept", dependencies=CSRF)
def accept_chat(
    conversation_id: int, agent: CurrentAgent, session: DbSession, request: Request
) -> dict[str, Any]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    lifecycle.accept(session, conversation, me, at=utcnow())
    commit_and_poke(session, request, conversation.id)
    return {"id": conversation.id, "status": conversation.status}


@router.post(
    "/console/api/conversations/{conversation_id}/messages",
    response_model=list[MessageOut],
    status_code=201,
    dependencies=CSRF,
)
def agent_send(
    conversation_id: int, body: AgentMessageIn, agent: CurrentAgent, session: DbSession, request: Request
) -> list[MessageOut]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    message = turns.agent_message(
        session,
        conversation,
        me,
        body=body.body,
        client_key=body.client_key,
        attachment_ids=body.attachments,
        internal=body.internal,
        at=utcnow(),
    )
    session.flush()
    out = messages_out(session, [message], staff=True)
    commit_and_poke(session, request, conversation.id)
    return out


@router.post("/console/api/conversations/{conversation_id}/transfer", dependencies=CSRF)
def transfer_chat(
    conversation_id: int, body: TransferIn, agent: CurrentAgent, session: DbSession, request: Request
) -> dict[str, Any]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    target = None
    if body.agent_code:
        target = session.scalars(select(Agent).where(Agent.code == body.agent_code.strip().upper())).first()
        if target is None:
            raise InvalidInput("There is no such agent.", "没有这位客服。", code="unknown_agent")
    lifecycle.transfer(
        session,
        conversation,
        me,
        at=utcnow(),
        to_agent_id=target.id if target else None,
        to_locale=body.locale,
    )
    commit_and_poke(session, request, conversation.id)
    return {"id": conversation.id, "status": conversation.status}


@router.post("/console/api/conversations/{conversation_id}/end", dependencies=CSRF)
def end_chat(
    conversation_id: int, agent: CurrentAgent, session: DbSession, request: Request
) -> dict[str, Any]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    lifecycle.end_conversation(session, conversation, me, at=utcnow())
    commit_and_poke(session, request, conversation.id)
    return {"id": conversation.id, "status": "ended"}


@router.post("/console/api/conversations/{conversation_id}/case", status_code=201, dependencies=CSRF)
def open_case(
    conversation_id: int, body: CaseIn, agent: CurrentAgent, session: DbSession, request: Request
) -> dict[str, Any]:
    me = participant_of(agent)
    conversation = access.get_conversation(session, conversation_id, me)
    case = lifecycle.open_case_from_conversation(
        session, conversation, me, topic=body.topic, summary=body.summary, kind=body.kind, at=utcnow()
    )
    number = case.number
    commit_and_poke(session, request, conversation.id)
    return {"number": number}


@router.post("/console/api/conversations/{conversation_id}/attachments", status_code=201, dependencies=CSRF)
async def agent_upload(
    conversation_id: int, files: list[UploadFile], agent: CurrentAgent, svc: ServicesDep, request: Request
) -> list[dict[str, object]]:
    return await store_uploads(svc, request, participant_of(agent), conversation_id, files, staff=True)


@router.get("/console/api/attachments/{attachment_id}")
def agent_download(attachment_id: int, agent: CurrentAgent, session: DbSession, svc: ServicesDep) -> Any:
    return file_response(svc, uploads.attachment_for(session, attachment_id, participant_of(agent)))


@socket_router.websocket("/console/api/conversations/{conversation_id}/socket")
async def agent_socket(websocket: WebSocket, conversation_id: int, after: int = 0) -> None:
    svc: Services = websocket.app.state.services
    origin = websocket.headers.get("origin")
    host = websocket.headers.get("host", "")
    if origin is not None and origin.split("://", 1)[-1] != host:
        await websocket.close(4403)  # another site's page may not use the agent's cookie
        return
    token = websocket.cookies.get(COOKIE)

    def who() -> Participant | None:
        with svc.database.session() as session:
            found = resolve(session, token, utcnow()) if token else None
            if found is None:
                return None
            a = found.agent
            return Participant.staff(
                a.id,
                a.code,
                role=a.role,
                name=a.display_name,
                languages=tuple(x for x in a.languages.split(",") if x),
                team=a.team,
            )

    participant = await run_in_threadpool(who)
    await websocket.accept()
    if participant is None:
        await websocket.send_json({"type": "error", "code": "sign_in_required"})
        await websocket.close(4401)
        return
    await serve_socket(websocket, svc, participant, conversation_id, after, staff=True)
