"""Signed identity: the wallet app says who the customer is, and its backend vouches for it.

As in Intercom's identity verification, the wallet backend and kefu share a secret
(``KEFU_IDENTITY_SECRET``). The backend signs the customer's wallet id with it; the app sends
``X-Kefu-Customer: <wallet id>`` and ``X-Kefu-Signature: <hex HMAC-SHA256(secret, wallet id)>``. Only
someone holding the secret can produce a signature that verifies, so a customer cannot pose as another
by changing the id.

:func:`signed_customer` is the one check the web layer calls: no secret configured → Unavailable,
missing or wrong signature → PermissionDenied, otherwise the customer (created on first sight: the wallet
already vouched for the id).
"""

from __future__ import annotations

import hashlib
import hmac

from sqlalchemy.orm import Session

from kefu.errors import PermissionDenied, Unavailable
from kefu.identity.customers import upsert_customer
from kefu.identity.records import Customer

__all__ = ["sign", "signed_customer", "verify"]


def sign(secret: str, external_id: str) -> str:
    """The lowercase hex HMAC-SHA256 of ``external_id`` (UTF-8) under ``secret`` (UTF-8)."""
    return hmac.new(secret.encode(), external_id.encode(), hashlib.sha256).hexdigest()


def verify(secret: str, external_id: str, signature: str) -> bool:
    """Whether ``signature`` is :func:`sign` of ``external_id``, compared in constant time.

    Hex is read case-insensitively; anything else (wrong length, non-hex, empty) is simply False.
    """
    if not secret:
        return False
    expected = sign(secret, external_id).encode()
    # bytes: compare_digest refuses str with non-ASCII characters, and a forged header may contain them.
    return hmac.compare_digest(expected, signature.strip().lower().encode())


def signed_customer(
    session: Session, secret: str | None, external_id: str | None, signature: str | None
) -> Customer:
    """The customer the wallet vouched for, or why not (Unavailable / PermissionDenied)."""
    if not secret:
        raise Unavailable(
            "Signing in from the wallet app is not set up on this server yet "
            "(identity verification is not configured). Please use online chat or the hotline for now.",
            "本服务器尚未配置身份验证，暂时无法通过钱包 App 查看案件。请先使用在线客服或客服热线。",
            code="identity_not_configured",
        )
    if not external_id or not signature:
        raise PermissionDenied(
            "We could not tell who you are: open My cases from the wallet app, which signs you in.",
            "无法确认您的身份：请从钱包 App 的“我的案件”进入，App 会自动为您登录。",
            code="identity_required",
        )
    if not verify(secret, external_id, signature):
        raise PermissionDenied(
            "We could not confirm who you are. Update the wallet app and sign in again, then retry.",
            "无法验证您的身份。请更新钱包 App 并重新登录后再试。",
            code="identity_invalid",
        )
    return upsert_customer(session, external_id=external_id)
