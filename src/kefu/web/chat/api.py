"""``/api/v1/chat``: the customer's side of online chat (REST; the push channel is in socket.py).

POST /chat/session                              the wallet app's signed customer → a chat pass (+ cookie)
POST /chat/conversations                        start (or pick up the live one); a guest gets a token
GET  /chat/conversations/{id}                   state: status, queue position, agent, typing, read marks
GET  /chat/conversations/{id}/messages          messages after ``after``; ``wait`` long-polls (fallback)
POST /chat/conversations/{id}/messages          send (``client_key`` makes retries safe); the answers
POST /chat/conversations/{id}/choices           a quick reply pressed
POST /chat/conversations/{id}/agent             talk to a person (queue, or leave a message after hours)
POST /chat/conversations/{id}/typing | read | end | rating | continue | hide | transcript
POST /chat/conversations/{id}/attachments       upload images / PDFs (multipart ``files``)
GET  /chat/attachments/{id}                     a file, to its conversation's customer only
GET  /chat/history                              My conversations (``q``: keyword or case number)

Routes are thin: who is asking (auth.py) → the conversations domain → schemas.py. A change is pushed to
every listener after the transaction commits (``_committed``).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request, Response, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from kefu.attachments import (
    check_batch,
    check_upload,
    content_disposition,
    max_upload_bytes,
    read_limited_async,
    upload_limits,
)
from kefu.conversations import access, history, lifecycle, messages, turns, uploads
from kefu.conversations.records import Attachment, Conversation, Message
from kefu.conversations.transcript import transcript_message
from kefu.errors import InvalidInput, Unavailable
from kefu.identity.customers import get_customer
from kefu.identity.passes import issue_pass
from kefu.identity.signing import signed_customer
from kefu.notifications.senders import DeliveryError
from kefu.store import utcnow
from kefu.web.chat.auth import CHAT_COOKIE, ChatParticipant, CustomerParticipant, OptionalParticipant
from kefu.web.chat.schemas import (
    ChoiceIn,
    ConversationOut,
    MessageIn,
    MessageOut,
    RatingIn,
    ReadIn,
    StartIn,
    attachment_url,
    conversation_out,
    messages_out,
)
from kefu.web.chat.service import assistant_for, commit_and_poke
from kefu.web.services import DbSession, ServicesDep

__all__ = ["router"]

router = APIRouter(prefix="/chat", tags=["chat"])


@router.post("/session", summary="Exchange the wallet's signed identity for a chat pass")
def start_session(
    svc: ServicesDep,
    session: DbSession,
    request: Request,
    x_kefu_customer: Annotated[str | None, Header(description="The customer's wallet id")] = None,
    x_kefu_signature: Annotated[str | None, Header(description="hex HMAC-SHA256(secret, wallet id)")] = None,
) -> JSONResponse:
    customer = signed_customer(session, svc.settings.identity_secret, x_kefu_customer, x_kefu_signature)
    assert svc.settings.identity_secret
    token, expires = issue_pass(svc.settings.identity_secret, customer.id, utcnow())
    body = {"token": token, "expires_at": expires.isoformat(), "customer": {"locale": customer.locale}}
    response = JSONResponse(body)
    _set_cookie(response, request, token, int((expires - utcnow()).total_seconds()))
    return response


def _set_cookie(response: Response, request: Request, token: str, max_age: int) -> None:
    response.set_cookie(
        CHAT_COOKIE,
        token,
        max_age=max_age,
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )


@router.post("/conversations", status_code=201, summary="Start a chat (or pick up the live one)")
def start(
    body: StartIn, svc: ServicesDep, session: DbSession, request: Request, participant: OptionalParticipant
) -> JSONResponse:
    now = utcnow()
    customer_id = participant.customer_id if participant and participant.role == "customer" else None
    started = lifecycle.start_conversation(
        session, customer_id=customer_id, at=now, locale=body.locale, context=dict(body.context or {})
    )
    conversation = started.conversation
    who = (
        access.Participant.customer(customer_id) if customer_id else access.Participant.guest(conversation.id)
    )
    if not started.resumed:
        turns.greet(session, conversation, assistant_for(svc, session, who), at=now)
    session.flush()
    out = {
        "conversation": conversation_out(session, conversation, now).model_dump(mode="json"),
        "resumed": started.resumed,
        "messages": [
            m.model_dump(mode="json")
            for m in messages_out(
                session, messages.messages_since(session, conversation, 0, staff=False), staff=False
            )
        ],
    }
    if started.guest_token:
        out["token"] = started.guest_token
    response = JSONResponse(out, status_code=201 if not started.resumed else 200)
    if started.guest_token:
        _set_cookie(response, request, started.guest_token, 7 * 24 * 3600)
    commit_and_poke(session, request, conversation.id)
    return response


def _conversation(session: DbSession, conversation_id: int, participant: access.Participant) -> Conversation:
    return access.get_conversation(session, conversation_id, participant)


def _answered(
    session: DbSession, request: Request, conversation: Conversation, posted: list[Message]
) -> list[MessageOut]:
    """The new messages as the customer sees them; then commit and wake every listener."""
    session.flush()
    out = messages_out(session, posted, staff=False)
    commit_and_poke(session, request, conversation.id)
    return out


def _changed(
    session: DbSession, request: Request, conversation: Conversation, now: datetime
) -> ConversationOut:
    """The conversation's new state; then commit and wake every listener."""
    session.flush()
    out = conversation_out(session, conversation, now)
    commit_and_poke(session, request, conversation.id)
    return out


@router.get("/conversations/{conversation_id}", response_model=ConversationOut, summary="A chat's state")
def state(conversation_id: int, session: DbSession, participant: ChatParticipant) -> ConversationOut:
    return conversation_out(session, _conversation(session, conversation_id, participant), utcnow())


@router.get(
    "/conversations/{conversation_id}/messages",
    response_model=list[MessageOut],
    summary="Messages after a sequence number (long-poll with wait)",
)
async def read_messages(
    conversation_id: int,
    svc: ServicesDep,
    request: Request,
    participant: ChatParticipant,
    after: Annotated[int, Query(ge=0)] = 0,
    wait: Annotated[float, Query(ge=0, le=30, description="seconds to wait for news")] = 0,
) -> list[MessageOut]:
    def load() -> list[MessageOut]:
        with svc.database.session() as session:
            conversation = _conversation(session, conversation_id, participant)
            return messages_out(
                session, messages.messages_since(session, conversation, after, staff=False), staff=False
            )

    found = await run_in_threadpool(load)
    if found or wait <= 0:
        return found
    with svc.hub.listen(conversation_id) as listener:
        found = await run_in_threadpool(load)
        deadline = wait
        while not found and deadline > 0:
            woke = await listener.wait(min(deadline, 5.0))
            deadline -= 5.0 if not woke else 0
            found = await run_in_threadpool(load)
            if woke and not found:
                deadline -= 0.25
    return found


@router.post(
    "/conversations/{conversation_id}/messages",
    response_model=list[MessageOut],
    status_code=201,
    summary="Send a message; the reply is the new messages (yours, then any answer)",
)
def send(
    conversation_id: int,
    body: MessageIn,
    svc: ServicesDep,
    session: DbSession,
    request: Request,
    participant: ChatParticipant,
) -> list[MessageOut]:
    conversation = _conversation(session, conversation_id, participant)
    posted = turns.customer_message(
        session,
        conversation,
        participant,
        body=body.body,
        client_key=body.client_key,
        attachment_ids=body.attachments,
        at=utcnow(),
        assistant=assistant_for(svc, session, participant),
    )
    return _answered(session, request, conversation, posted)


@router.post(
    "/conversations/{conversation_id}/choices",
    response_model=list[MessageOut],
    status_code=201,
    summary="Press a quick reply",
)
def choose(
    conversation_id: int,
    body: ChoiceIn,
    svc: ServicesDep,
    session: DbSession,
    request: Request,
    participant: ChatParticipant,
) -> list[MessageOut]:
    conversation = _conversation(session, conversation_id, participant)
    posted = turns.customer_choice(
        session,
        conversation,
        participant,
        payload=body.payload,
        label=body.label,
        client_key=body.client_key,
        at=utcnow(),
        assistant=assistant_for(svc, session, participant),
    )
    return _answered(session, request, conversation, posted)


@router.post(
    "/conversations/{conversation_id}/agent", response_model=ConversationOut, summary="Talk to a person"
)
def ask_for_agent(
    conversation_id: int, session: DbSession, request: Request, participant: ChatParticipant
) -> ConversationOut:
    conversation = _conversation(session, conversation_id, participant)
    now = utcnow()
    lifecycle.request_agent(session, conversation, at=now)
    return _changed(session, request, conversation, now)


@router.post("/conversations/{conversation_id}/typing", status_code=204, summary="The customer is typing")
def typing(
    conversation_id: int, session: DbSession, request: Request, participant: ChatParticipant
) -> Response:
    conversation = _conversation(session, conversation_id, participant)
    messages.set_typing(session, conversation, participant, utcnow())
    commit_and_poke(session, request, conversation.id)
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/read", status_code=204, summary="Read up to a sequence number")
def read(
    conversation_id: int, body: ReadIn, session: DbSession, request: Request, participant: ChatParticipant
) -> Response:
    conversation = _conversation(session, conversation_id, participant)
    messages.mark_read(session, conversation, participant, body.seq)
    commit_and_poke(session, request, conversation.id)
    return Response(status_code=204)


@router.post("/conversations/{conversation_id}/end", response_model=ConversationOut, summary="End the chat")
def end(
    conversation_id: int, session: DbSession, request: Request, participant: ChatParticipant
) -> ConversationOut:
    conversation = _conversation(session, conversation_id, participant)
    now = utcnow()
    lifecycle.end_conversation(session, conversation, participant, at=now)
    return _changed(session, request, conversation, now)


@router.post(
    "/conversations/{conversation_id}/rating", response_model=ConversationOut, summary="Rate the chat"
)
def rating(
    conversation_id: int, body: RatingIn, session: DbSession, request: Request, participant: ChatParticipant
) -> ConversationOut:
    conversation = _conversation(session, conversation_id, participant)
    now = utcnow()
    lifecycle.rate(session, conversation, participant, stars=body.stars, comment=body.comment, at=now)
    return _changed(session, request, conversation, now)


@router.post(
    "/conversations/{conversation_id}/continue",
    response_model=ConversationOut,
    summary="Continue a chat (within 7 days of its last message)",
)
def continue_chat(
    conversation_id: int, session: DbSession, request: Request, participant: CustomerParticipant
) -> ConversationOut:
    conversation = _conversation(session, conversation_id, participant)
    now = utcnow()
    lifecycle.continue_conversation(session, conversation, participant, at=now)
    return _changed(session, request, conversation, now)


@router.post("/conversations/{conversation_id}/hide", status_code=204, summary="Hide from My conversations")
def hide(conversation_id: int, session: DbSession, participant: CustomerParticipant) -> Response:
    lifecycle.hide(session, _conversation(session, conversation_id, participant), participant)
    return Response(status_code=204)


@router.post(
    "/conversations/{conversation_id}/transcript", status_code=202, summary="Email me the transcript"
)
def email_transcript(
    conversation_id: int, svc: ServicesDep, session: DbSession, participant: CustomerParticipant
) -> dict[str, str]:
    conversation = _conversation(session, conversation_id, participant)
    assert participant.customer_id is not None
    customer = get_customer(session, participant.customer_id)
    if not customer.email:
        raise InvalidInput(
            "There is no email address on your account; add one in the wallet app first.",
            "您的账户没有邮箱地址，请先在钱包 App 中添加。",
            code="no_email",
        )
    mailer = svc.mailer
    if mailer is None:
        raise Unavailable(
            "Email is not set up on this server; try again later.", "本服务器暂未配置邮件发送，请稍后再试。"
        )
    message = transcript_message(
        session, conversation, svc.storage, to=customer.email, locale=customer.locale
    )
    try:
        mailer.send(message)
    except DeliveryError:
        raise Unavailable(
            "The transcript could not be sent just now; try again in a few minutes.",
            "会话记录暂时无法发送，请几分钟后再试。",
            code="email_failed",
        ) from None
    return {"status": "sent"}


@router.post(
    "/conversations/{conversation_id}/attachments",
    status_code=201,
    summary="Upload screenshots (JPG/PNG/HEIC, 10 MB each, 9 a send) or PDFs (20 MB)",
)
async def upload(
    conversation_id: int,
    files: list[UploadFile],
    svc: ServicesDep,
    request: Request,
    participant: ChatParticipant,
) -> list[dict[str, object]]:
    return await store_uploads(svc, request, participant, conversation_id, files, staff=False)


async def store_uploads(
    svc: ServicesDep,
    request: Request,
    participant: access.Participant,
    conversation_id: int,
    files: list[UploadFile],
    *,
    staff: bool,
) -> list[dict[str, object]]:
    """Read (bounded), check and store every file, all or nothing; shared with the console."""
    if len(files) > upload_limits().files_per_send:  # before reading any of them
        check_batch(len(files), 0)
    datas = [(f.filename or "file", await read_limited_async(f.read, max_upload_bytes())) for f in files]

    def work() -> list[dict[str, object]]:
        checked = [check_upload(data, name) for name, data in datas]
        check_batch(sum(c.kind == "image" for c in checked), sum(c.kind == "pdf" for c in checked))
        with svc.database.session() as session:
            conversation = _conversation(session, conversation_id, participant)
            if conversation.status == "ended":
                turns._check_live(conversation)
            stored = [
                uploads.store_upload(session, conversation, participant, item, svc.storage, at=utcnow())
                for item in checked
            ]
            session.flush()
            return [
                {
                    "id": a.id,
                    "kind": a.kind,
                    "content_type": a.content_type,
                    "filename": a.filename,
                    "size": a.size,
                    "width": a.width,
                    "height": a.height,
                    "url": attachment_url(a.id, staff=staff),
                }
                for a in stored
            ]

    return await run_in_threadpool(work)


@router.get("/attachments/{attachment_id}", summary="A file sent in chat (its conversation's customer only)")
def download(
    attachment_id: int, svc: ServicesDep, session: DbSession, participant: ChatParticipant
) -> Response:
    attachment = uploads.attachment_for(session, attachment_id, participant)
    return file_response(svc, attachment)


def file_response(svc: ServicesDep, attachment: Attachment) -> Response:
    return Response(
        svc.storage.get(attachment.storage_key),
        media_type=attachment.content_type,
        headers={
            "Content-Disposition": content_disposition(
                attachment.filename, inline=attachment.kind == "image"
            ),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "private, max-age=3600",
            "Content-Security-Policy": "default-src 'none'; sandbox",
        },
    )


@router.get("/history", summary="My conversations (newest first; q = keyword or case number)")
def my_history(
    session: DbSession,
    participant: CustomerParticipant,
    q: Annotated[str | None, Query(max_length=100)] = None,
) -> list[dict[str, object]]:
    assert participant.customer_id is not None
    items = history.my_conversations(session, participant.customer_id, now=utcnow(), query=q)
    return [
        {
            "id": item.conversation.id,
            "started_at": item.conversation.created_at.isoformat(),
            "last_message_at": item.conversation.last_message_at.isoformat(),
            "status": item.conversation.status,
            "topic": item.conversation.topic,
            "case_number": item.case_number,
            "first_message": item.first_message,
            "can_continue": item.can_continue,
            "rating": item.conversation.rating,
        }
        for item in items
    ]
