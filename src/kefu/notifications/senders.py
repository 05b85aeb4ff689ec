"""Senders: what actually hands a message to SMS, email or the app's inbox.

A :class:`Sender` has one method, ``send``, which returns when the message is accepted and raises
:class:`DeliveryError` when it is not (the outbox then retries it later). Implementations:

- :class:`LogSender`: logs one line per message and never fails (the default, and the in-app channel until
  the app's inbox exists);
- :class:`SmtpSender`: email through an SMTP server (stdlib ``smtplib``), UTF-8, Chinese subjects encoded;
- :class:`HttpSmsSender`: SMS through an HTTP gateway, ``POST {"to", "text"}`` with a bearer token.
"""

from __future__ import annotations

import hashlib
import logging
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import httpx

__all__ = ["DeliveryError", "HttpSmsSender", "LogSender", "OutgoingMessage", "Sender", "SmtpSender"]

log = logging.getLogger("kefu.notifications")


class DeliveryError(Exception):
    """The channel did not accept the message (server down, refused, timed out); worth retrying later."""


@dataclass(frozen=True)
class OutgoingMessage:
    """One message as a sender sees it (built by the outbox from a ``notification`` row)."""

    key: str
    channel: str
    recipient: str
    locale: str
    subject: str
    body: str
    case_number: str | None = None
    #: Files to attach (email only): (file name, content type, bytes). Chat transcripts carry their images.
    attachments: tuple[tuple[str, str, bytes], ...] = ()


class Sender(Protocol):
    def send(self, message: OutgoingMessage) -> None:
        """Hand ``message`` over, or raise :class:`DeliveryError`."""
        ...


class LogSender:
    """Logs one line per message (recipient masked) and never fails."""

    def send(self, message: OutgoingMessage) -> None:
        log.info(
            "notification %s via %s to %s: %s",
            message.key,
            message.channel,
            mask(message.recipient),
            message.subject or message.body[:40],
        )


class SmtpSender:
    """Email through an SMTP server; one connection per message (the outbox sends few, and retries)."""

    def __init__(
        self,
        host: str,
        port: int,
        from_address: str,
        *,
        starttls: bool = False,
        username: str | None = None,
        password: str | None = None,
        timeout: float = 10,
    ) -> None:
        self.host = host
        self.port = port
        self.from_address = from_address
        self.starttls = starttls
        self.username = username
        self.password = password
        self.timeout = timeout

    def message(self, message: OutgoingMessage) -> EmailMessage:
        """The email for ``message`` (UTF-8; a stable Message-ID, so a retry is the same message)."""
        email = EmailMessage()
        email["From"] = self.from_address
        email["To"] = message.recipient
        email["Subject"] = message.subject
        email["Date"] = formatdate(localtime=False, usegmt=True)
        domain = self.from_address.rpartition("@")[2] or "kefu.invalid"
        digest = hashlib.sha256(message.key.encode("utf-8")).hexdigest()[:32]
        email["Message-ID"] = f"<{digest}@{domain}>"
        if message.case_number:
            email["X-Kefu-Case"] = message.case_number
        email.set_content(message.body, charset="utf-8")
        for filename, content_type, data in message.attachments:
            maintype, _, subtype = content_type.partition("/")
            email.add_attachment(
                data, maintype=maintype, subtype=subtype or "octet-stream", filename=filename
            )
        return email

    def send(self, message: OutgoingMessage) -> None:
        email = self.message(message)
        try:
            with smtplib.SMTP(self.host, self.port, timeout=self.timeout) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.username:
                    smtp.login(self.username, self.password or "")
                smtp.send_message(email)
        except (smtplib.SMTPException, OSError) as exc:
            raise DeliveryError(f"SMTP {self.host}:{self.port}: {exc}") from exc


class HttpSmsSender:
    """SMS through an HTTP gateway: ``POST url`` with ``{"to": phone, "text": body}`` and a bearer token.

    ``transport`` is the seam for tests (``httpx.MockTransport``); any 2xx is success, anything else and
    any network error or timeout is a :class:`DeliveryError`.
    """

    def __init__(
        self, url: str, token: str, *, timeout: float = 5, transport: httpx.BaseTransport | None = None
    ) -> None:
        import httpx  # only this sender needs httpx

        self.url = url
        self._httpx = httpx
        self._client = httpx.Client(
            timeout=timeout, transport=transport, headers={"Authorization": f"Bearer {token}"}
        )

    def send(self, message: OutgoingMessage) -> None:
        try:
            response = self._client.post(self.url, json={"to": message.recipient, "text": message.body})
        except self._httpx.HTTPError as exc:
            raise DeliveryError(f"SMS gateway: {type(exc).__name__}: {exc}") from exc
        if not response.is_success:
            raise DeliveryError(f"SMS gateway answered {response.status_code}: {response.text[:200]}")

    def close(self) -> None:
        self._client.close()


def mask(recipient: str) -> str:
    """Enough of a phone, address or id to tell messages apart in a log, not enough to contact anyone."""
    name, at, domain = recipient.partition("@")
    if at:
        return f"{name[:1]}***@{domain}"
    return f"***{recipient[-4:]}" if len(recipient) > 4 else recipient
