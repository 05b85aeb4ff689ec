"""Online chat on the web: the customer's REST API and WebSocket, push, and the chat pages."""

from __future__ import annotations

from fastapi import APIRouter

from kefu.web.chat.api import router as _api_router
from kefu.web.chat.socket import router as _socket_router

__all__ = ["chat_router"]

chat_router = APIRouter()
chat_router.include_router(_api_router)
chat_router.include_router(_socket_router)
