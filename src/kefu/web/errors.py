"""Every error a client can see, made in one place: JSON under ``/api`` and the health checks, an HTML page
elsewhere. Both carry a stable ``code``, a message in zh-CN and en, and the request id.

    KefuError (domain)          → 404 / 403 / 409 / 422 / 429 (+ Retry-After) / 503 by kind (see _STATUS)
    RequestValidationError      → 422 ``invalid_request`` naming each bad field; 400 ``invalid_json``
    StarletteHTTPException      → its status (404 ``not_found``, 405 ``method_not_allowed``, ...)
    database unreachable        → 503 ``database_unavailable`` with Retry-After (the transaction rolled back)
    anything else               → 500 ``internal_error`` (logged with its traceback; never shown)

JSON body: ``{"error": {"code", "message": {"zh-CN", "en"}, "request_id", "details"?}}``.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from kefu.errors import (
    Conflict,
    InvalidInput,
    KefuError,
    NotFound,
    PermissionDenied,
    RateLimited,
    Unavailable,
)

__all__ = ["ErrorBody", "error_body", "install_error_handlers", "wants_json"]

log = logging.getLogger("kefu.web")

_STATUS: list[tuple[type[KefuError], int]] = [
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 422),
    (RateLimited, 429),
    (Unavailable, 503),
]

_HTTP_MESSAGES: dict[int, tuple[str, str, str]] = {
    400: ("bad_request", "The request could not be understood.", "请求无法识别。"),
    401: ("unauthorized", "Please sign in first.", "请先登录。"),
    403: ("permission_denied", "You may not do this.", "您没有权限进行此操作。"),
    404: ("not_found", "Nothing here: check the address.", "页面或资源不存在，请检查地址。"),
    405: ("method_not_allowed", "This address does not accept that method.", "此地址不支持该请求方法。"),
    413: ("too_large", "The request is too large.", "请求内容过大。"),
    415: ("unsupported_media_type", "Send JSON (Content-Type: application/json).", "请以 JSON 格式发送。"),
    429: ("rate_limited", "Too many requests: wait a moment and try again.", "请求过于频繁，请稍后再试。"),
}

ErrorBody = dict[str, Any]

#: Sent with every 503: the outage is expected to be short (a restart, a failover).
_RETRY = {"Retry-After": "5"}


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith(("/api/", "/healthz", "/readyz", "/openapi", "/voice/", "/console/api/"))


def error_body(
    request: Request, code: str, en: str, zh: str, details: list[dict[str, Any]] | None = None
) -> ErrorBody:
    error: dict[str, Any] = {
        "code": code,
        "message": {"zh-CN": zh, "en": en},
        "request_id": getattr(request.state, "request_id", "-"),
    }
    if details:
        error["details"] = details
    return {"error": error}


def _respond(
    request: Request, status: int, body: ErrorBody, headers: dict[str, str] | None = None
) -> Response:
    if wants_json(request):
        return JSONResponse(body, status_code=status, headers=headers)
    from kefu.web.helpcenter.render import render_error_page  # the page layer, imported only when needed

    return render_error_page(request, status, body, headers)


async def _kefu_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, KefuError)
    status = next((code for kind, code in _STATUS if isinstance(error, kind)), 400)
    details = [{"problem": p} for p in getattr(error, "problems", [])] or None
    body = error_body(request, error.code, error.message_en, error.message_zh, details)
    headers = _RETRY if status == 503 else None
    if isinstance(error, RateLimited):
        headers = {"Retry-After": str(error.retry_after)}
    return _respond(request, status, body, headers)


async def _database_down(request: Request, error: Exception) -> Response:
    log.error("database unavailable on %s %s: %s", request.method, request.url.path, error)
    body = error_body(
        request,
        "database_unavailable",
        "We cannot reach our records right now. Please try again in a moment; nothing was half-saved.",
        "暂时无法访问数据，请稍后再试；您提交的内容不会只保存一半。",
    )
    return _respond(request, 503, body, _RETRY)


async def _validation_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, RequestValidationError)
    problems = list(error.errors())
    if any(problem.get("type") == "json_invalid" for problem in problems):
        body = error_body(
            request,
            "invalid_json",
            "The request body is not valid JSON.",
            "请求内容不是有效的 JSON。",
        )
        return _respond(request, 400, body)
    details = [
        {
            "field": ".".join(str(part) for part in problem.get("loc", ()) if part != "body"),
            "problem": problem["msg"],
        }
        for problem in problems
    ]
    fields = "、".join(d["field"] or "body" for d in details)
    en = "Check these fields: " + "; ".join(f"{d['field'] or 'body'}: {d['problem']}" for d in details)
    zh = f"请检查以下参数：{fields}"
    return _respond(request, 422, error_body(request, "invalid_request", en, zh, details))


async def _http_error(request: Request, error: Exception) -> Response:
    assert isinstance(error, StarletteHTTPException)
    code, en, zh = _HTTP_MESSAGES.get(error.status_code, ("error", "The request failed.", "请求失败。"))
    if isinstance(error.detail, dict) and "en" in error.detail:
        code = error.detail.get("code", code)
        en, zh = error.detail["en"], error.detail.get("zh-CN", error.detail["en"])
    return _respond(request, error.status_code, error_body(request, code, en, zh), dict(error.headers or {}))


async def _unexpected(request: Request, error: Exception) -> Response:
    log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=error)
    body = error_body(
        request,
        "internal_error",
        "Something went wrong on our side. Please try again; if it keeps happening, quote the request id.",
        "系统出现问题，请稍后重试；如果问题持续，请提供请求编号。",
    )
    # Starlette answers unhandled errors outside every middleware: add the request id header here.
    return _respond(request, 500, body, {"X-Request-ID": body["error"]["request_id"]})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(KefuError, _kefu_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(OperationalError, _database_down)
    app.add_exception_handler(InterfaceError, _database_down)
    app.add_exception_handler(Exception, _unexpected)
