"""Raw messages as real mail programs send them, built by hand so every header and charset is exact."""

from __future__ import annotations

import base64
from email.header import Header
from email.utils import formataddr, parseaddr

__all__ = ["html_mail", "plain_mail"]


def plain_mail(
    *,
    sender: str,
    to: str,
    subject: str,
    body: str,
    charset: str = "utf-8",
    message_id: str = "<m1@example.net>",
    headers: dict[str, str] | None = None,
) -> bytes:
    """A single-part text/plain message; subject as an RFC 2047 word and body as base64, in ``charset``."""
    return _single(sender, to, subject, "text/plain", body, charset, message_id, headers)


def html_mail(
    *, sender: str, to: str, subject: str, html: str, message_id: str = "<h1@example.net>"
) -> bytes:
    return _single(sender, to, subject, "text/html", html, "utf-8", message_id, None)


def _single(
    sender: str,
    to: str,
    subject: str,
    content_type: str,
    body: str,
    charset: str,
    message_id: str,
    headers: dict[str, str] | None,
) -> bytes:
    lines = [
        f"From: {formataddr(parseaddr(sender), charset)}",
        f"To: {to}",
        f"Subject: {Header(subject, charset).encode()}",
        f"Message-ID: {message_id}",
        "Date: Wed, 25 Nov 2026 10:00:00 +0800",
        "MIME-Version: 1.0",
        *(f"{name}: {value}" for name, value in (headers or {}).items()),
        f'Content-Type: {content_type}; charset="{charset}"',
        "Content-Transfer-Encoding: base64",
        "",
        base64.encodebytes(body.encode(charset)).decode("ascii"),
    ]
    return "\r\n".join(lines).encode("ascii")
