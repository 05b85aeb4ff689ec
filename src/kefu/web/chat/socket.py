"""The chat WebSocket: messages pushed in sequence order, resumable, for customers and agents alike.

Connect to ``/api/v1/chat/conversations/{id}/socket?after=<last seq seen>`` (customers; the console has
its own path with the same protocol). The server first sends every message after ``after`` — so a client
that reconnects with the last sequence it saw gets exactly what it missed, no gaps, no duplicates — then
the conversation's state, then each change as it happens:

    server → {"type": "message", "message": MessageOut}      in strictly increasing seq, each once
             {"type": "state", "conversation": ConversationOut}
             {"type": "ack", "client_key", "seqs": [...]}    a send was stored (its message follows)
             {"type": "error", "code", "message": {zh-CN, en}, "client_key"?}
             {"type": "pong"}
    client → {"type": "send", "body", "client_key", "attachments": [ids]}
             {"type": "choose", "payload", "label", "client_key"}
             {"type": "typing"} | {"type": "read", "seq"} | {"type": "ping"}

Messages reach the socket only through the pusher (woken by the hub), never straight from a send, which
is what keeps the order and the no-duplicate promise simple: it sends only sequences above the last sent.
The sockets of one conversation woken together share one read (:meth:`Hub.read`); each then keeps what
its reader may see (customers never get internal notes, so their sequence skips those numbers).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.orm import Session

from kefu.conversations import access, messages, turns
from kefu.conversations.access import Participant
from kefu.conversations.records import Attachment, Conversation, Message
from kefu.errors import InvalidInput, KefuError
from kefu.store import utcnow
from kefu.web.chat.auth import participant_from_token, socket_token
from kefu.web.chat.hub import Listener
from kefu.web.chat.schemas import conversation_out, files_of, message_out
from kefu.web.chat.service import assistant_for
from kefu.web.services import Services

__all__ = ["router", "serve_socket"]

log = logging.getLogger("kefu.chat")

router = APIRouter(prefix="/chat", tags=["chat"])

#: Seconds between keep-alive checks when nothing happens.
KEEPALIVE = 20.0


@router.websocket("/conversations/{conversation_id}/socket")
async def customer_socket(websocket: WebSocket, conversation_id: int, after: int = 0) -> None:
    svc: Services = websocket.app.state.services
    token = socket_token(websocket)

    def who() -> Participant | None:
        with svc.database.session() as session:
            return participant_from_token(session, svc.settings.identity_secret, token)

    participant = await run_in_threadpool(who)
    await websocket.accept()
    if participant is None:
        await _refuse(
            websocket, 4401, "chat_session_required", "Open chat again from the app.", "请重新进入在线客服。"
        )
        return
    await serve_socket(websocket, svc, participant, conversation_id, after, staff=False)


async def _refuse(websocket: WebSocket, code: int, error: str, en: str, zh: str) -> None:
    with contextlib.suppress(Exception):
        await websocket.send_json({"type": "error", "code": error, "message": {"zh-CN": zh, "en": en}})
        await websocket.close(code)


async def serve_socket(
    websocket: WebSocket,
    svc: Services,
    participant: Participant,
    conversation_id: int,
    after: int,
    *,
    staff: bool,
) -> None:
    """Run one accepted socket until either side closes it."""
    sent_seq = max(0, after)
    sent_revision = -1
    lock = asyncio.Lock()

    def load(since: int) -> Batch | None:
        with svc.database.session() as session:
            return load_batch(session, conversation_id, since, known_revision=sent_revision)

    def load_state() -> dict[str, Any]:
        with svc.database.session() as session:
            conversation = access.get_conversation(session, conversation_id, participant)
            return conversation_out(session, conversation, utcnow()).model_dump(mode="json")

    async def send(frame: dict[str, Any]) -> None:
        async with lock:
            await websocket.send_json(frame)

    async def push(listener: Listener) -> None:
        nonlocal sent_seq, sent_revision
        while True:
            batch = await svc.hub.read(conversation_id, sent_seq, svc.hub.generation(conversation_id), load)
            if batch is None or not access.can_view(participant, batch.conversation):
                raise access.not_found(conversation_id)  # gone, or no longer theirs (transferred away)
            for message in batch.messages:
                if message.seq <= sent_seq:
                    continue
                if staff or not message.internal:
                    out = message_out(message, batch.files.get(message.id, []), staff=staff)
                    await send({"type": "message", "message": out.model_dump(mode="json")})
                sent_seq = message.seq
            if batch.revision != sent_revision:
                state = batch.state
                if state is None:  # a read shared with a socket that had this state already
                    state = await run_in_threadpool(load_state)
                await send({"type": "state", "conversation": state})
                sent_revision = batch.revision
            await listener.wait(KEEPALIVE)

    async def receive() -> None:
        while True:
            frame = await websocket.receive_json()
            reply = await run_in_threadpool(_handle, svc, participant, conversation_id, frame, staff)
            if reply.get("type") != "noop":
                await send(reply)
            if reply.get("type") in ("ack", "done"):
                svc.hub.poke(conversation_id)

    try:
        await run_in_threadpool(_check, svc, participant, conversation_id)
    except KefuError as error:
        await _refuse(websocket, 4404, error.code, error.message_en, error.message_zh)
        return
    with svc.hub.listen(conversation_id) as listener:
        pusher = asyncio.create_task(push(listener))
        reader = asyncio.create_task(receive())
        try:
            done, _ = await asyncio.wait({pusher, reader}, return_when=asyncio.FIRST_COMPLETED)
            for task in done:
                failure = task.exception()
                if failure is not None and not isinstance(failure, WebSocketDisconnect | RuntimeError):
                    if isinstance(failure, KefuError):
                        await _refuse(websocket, 4404, failure.code, failure.message_en, failure.message_zh)
                    else:
                        log.warning(
                            "chat socket for conversation %s failed", conversation_id, exc_info=failure
                        )
        finally:
            for task in (pusher, reader):
                task.cancel()
            for task in (pusher, reader):
                with contextlib.suppress(BaseException):
                    await task
    with contextlib.suppress(Exception):
        await websocket.close()


@dataclass(frozen=True)
class Batch:
    """What changed in a conversation, read once for every socket of it in this process."""

    conversation: Conversation
    #: Messages after the read's sequence, internal notes included (each socket filters for its reader).
    messages: list[Message]
    files: dict[int, list[Attachment]]
    revision: int
    #: The conversation's state, unless the reader already had this revision.
    state: dict[str, Any] | None


def load_batch(session: Session, conversation_id: int, after: int, *, known_revision: int) -> Batch | None:
    conversation = session.get(Conversation, conversation_id)
    if conversation is None:
        return None
    found = (
        messages.messages_since(session, conversation, after, staff=True)
        if conversation.last_seq > after
        else []
    )
    return Batch(
        conversation=conversation,
        messages=found,
        files=files_of(session, found),
        revision=conversation.revision,
        state=None
        if conversation.revision == known_revision
        else conversation_out(session, conversation, utcnow()).model_dump(mode="json"),
    )


def _check(svc: Services, participant: Participant, conversation_id: int) -> None:
    with svc.database.session() as session:
        access.get_conversation(session, conversation_id, participant)


def _handle(
    svc: Services, participant: Participant, conversation_id: int, frame: Any, staff: bool
) -> dict[str, Any]:
    """Do what one client frame asks, in its own transaction; the frame to answer with."""
    if not isinstance(frame, dict):
        frame = {}
    kind = frame.get("type")
    key = frame.get("client_key")
    try:
        with svc.database.session() as session:
            conversation = access.get_conversation(session, conversation_id, participant)
            now = utcnow()
            if kind == "ping":
                return {"type": "pong"}
            if kind == "typing":
                messages.set_typing(session, conversation, participant, now)
                return {"type": "done"}
            if kind == "read":
                messages.mark_read(session, conversation, participant, int(frame.get("seq") or 0))
                return {"type": "done"}
            if kind == "send" and staff:
                posted = [
                    turns.agent_message(
                        session,
                        conversation,
                        participant,
                        body=str(frame.get("body") or ""),
                        client_key=key,
                        attachment_ids=_ids(frame.get("attachments")),
                        internal=bool(frame.get("internal")),
                        at=now,
                    )
                ]
            elif kind == "send":
                posted = turns.customer_message(
                    session,
                    conversation,
                    participant,
                    body=str(frame.get("body") or ""),
                    client_key=key,
                    attachment_ids=_ids(frame.get("attachments")),
                    at=now,
                    assistant=assistant_for(svc, session, participant),
                )
            elif kind == "choose" and not staff:
                posted = turns.customer_choice(
                    session,
                    conversation,
                    participant,
                    payload=str(frame.get("payload") or ""),
                    label=frame.get("label"),
                    client_key=key,
                    at=now,
                    assistant=assistant_for(svc, session, participant),
                )
            else:
                raise InvalidInput(
                    f"Unknown frame type {kind!r}.", f"无法识别的消息类型“{kind}”。", code="unknown_frame"
                )
            session.flush()
            return {"type": "ack", "client_key": key, "seqs": [m.seq for m in posted]}
    except KefuError as error:
        return {"type": "error", "code": error.code, "message": error.messages(), "client_key": key}
    except (TypeError, ValueError):
        return {
            "type": "error",
            "code": "bad_frame",
            "message": {"en": "The message could not be read.", "zh-CN": "无法识别该消息。"},
            "client_key": key,
        }


def _ids(raw: Any) -> list[int]:
    if not raw:
        return []
    if not isinstance(raw, list) or len(raw) > 20:
        raise InvalidInput("attachments must be a list of ids.", "attachments 须为文件编号列表。")
    return [int(x) for x in raw]
