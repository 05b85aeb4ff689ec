"""Who is chatting: a signed-in customer (a chat pass) or a guest (their conversation's token).

The wallet app proves the customer once (``POST /api/v1/chat/session`` with the signed identity headers of
:mod:`kefu.web.api.me`) and gets a pass (:mod:`kefu.identity.passes`); a guest gets a token with their
conversation. Either travels as ``Authorization: Bearer …``, as the ``kefu_chat`` cookie (what the chat page
uses, so ``<img>`` tags and WebSockets carry it too) or, for WebSockets only, as ``?token=``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request, WebSocket
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.conversations.access import Participant
from kefu.conversations.lifecycle import guest_token_hash
from kefu.conversations.records import Conversation
from kefu.errors import PermissionDenied
from kefu.identity.passes import read_pass
from kefu.store import utcnow
from kefu.web.services import DbSession, ServicesDep

__all__ = [
    "CHAT_COOKIE",
    "ChatParticipant",
    "CustomerParticipant",
    "OptionalParticipant",
    "participant_from_token",
]

CHAT_COOKIE = "kefu_chat"


def _token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return request.cookies.get(CHAT_COOKIE) or None


def participant_from_token(session: Session, secret: str | None, token: str | None) -> Participant | None:
    if not token or len(token) > 300:
        return None
    customer_id = read_pass(secret, token, utcnow())
    if customer_id is not None:
        return Participant.customer(customer_id)
    conversation_id = session.scalar(
        select(Conversation.id).where(Conversation.guest_token_hash == guest_token_hash(token))
    )
    return Participant.guest(conversation_id) if conversation_id is not None else None


def optional_participant(request: Request, svc: ServicesDep, session: DbSession) -> Participant | None:
    return participant_from_token(session, svc.settings.identity_secret, _token(request))


def chat_participant(
    participant: Annotated[Participant | None, Depends(optional_participant)],
) -> Participant:
    if participant is None:
        raise PermissionDenied(
            "Your chat session has expired or is unknown: open chat again from the wallet app.",
            "会话凭证已失效或无效，请从钱包 App 重新进入在线客服。",
            code="chat_session_required",
        )
    return participant


def customer_participant(participant: Annotated[Participant, Depends(chat_participant)]) -> Participant:
    if participant.role != "customer":
        raise PermissionDenied(
            "Sign in to the wallet app to see your conversations; guest chats are not saved to an account.",
            "请登录钱包 App 查看您的会话；以访客身份进行的会话不会保存到账户。",
            code="sign_in_required",
        )
    return participant


def socket_token(websocket: WebSocket) -> str | None:
    header = websocket.headers.get("authorization", "")
    if header.lower().startswith("bearer "):
        return header[7:].strip() or None
    return websocket.query_params.get("token") or websocket.cookies.get(CHAT_COOKIE) or None


OptionalParticipant = Annotated[Participant | None, Depends(optional_participant)]
ChatParticipant = Annotated[Participant, Depends(chat_participant)]
CustomerParticipant = Annotated[Participant, Depends(customer_participant)]
