"""The inbound email channel: mail to support@ / complaints@ becomes cases.

parse   raw RFC 5322 bytes → :class:`InboundEmail` (charsets, HTML → text, quoted replies trimmed,
        auto-replies and bounces detected)
intake  :func:`receive_email`: one message → a new case, a complaint, information on an existing case,
        or nothing (auto-replies, bounces, duplicate deliveries)
server  :class:`EmailHandler` and :func:`start_smtp_server` (aiosmtpd)
"""

from __future__ import annotations

from kefu.channels.email.intake import IntakeResult, receive_email
from kefu.channels.email.parse import Attachment, InboundEmail, parse_email
from kefu.channels.email.server import EmailHandler, start_smtp_server

__all__ = [
    "Attachment",
    "EmailHandler",
    "InboundEmail",
    "IntakeResult",
    "parse_email",
    "receive_email",
    "start_smtp_server",
]
