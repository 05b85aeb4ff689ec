"""Chat passes: after the wallet app proves who the customer is (a signed identity), kefu hands it a pass.

A pass is ``c1.<customer id>.<expiry unix seconds>.<HMAC-SHA256 hex>`` under the identity secret (with a
domain prefix so it can never be confused with a signed wallet id). It is what the chat page keeps in a
cookie and sends on its WebSocket, where custom headers are impossible. Nothing is stored server-side; a
pass dies at its expiry (12 hours) or when the secret changes.
"""

from __future__ import annotations

import hashlib
import hmac
from datetime import datetime, timedelta

__all__ = ["PASS_HOURS", "issue_pass", "read_pass"]

PASS_HOURS = 12
_PREFIX = "c1"


def _mac(secret: str, body: str) -> str:
    return hmac.new(secret.encode(), f"kefu-pass:{body}".encode(), hashlib.sha256).hexdigest()


def issue_pass(
    secret: str, customer_id: int, now: datetime, *, hours: int = PASS_HOURS
) -> tuple[str, datetime]:
    expires = now + timedelta(hours=hours)
    body = f"{_PREFIX}.{customer_id}.{int(expires.timestamp())}"
    return f"{body}.{_mac(secret, body)}", expires


def read_pass(secret: str | None, token: str, now: datetime) -> int | None:
    """The customer id of a valid, unexpired pass; None for anything else (never raises)."""
    if not secret or not token.startswith(_PREFIX + "."):
        return None
    parts = token.split(".")
    if len(parts) != 4 or not parts[1].isdigit() or not parts[2].isdigit():
        return None
    body = ".".join(parts[:3])
    if not hmac.compare_digest(_mac(secret, body).encode(), parts[3].lower().encode("ascii", "replace")):
        return None
    if int(parts[2]) < now.timestamp():
        return None
    return int(parts[1])
