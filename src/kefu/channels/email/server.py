"""The SMTP receiver: aiosmtpd accepts mail for the support domains and hands each message to
:func:`~kefu.channels.email.intake.receive_email` in a database session of its own.

Replies follow what a sending mail server does with them:

- ``250`` the message is taken (including auto-replies and duplicates, which are dropped quietly: refusing
  them would only produce more robot mail);
- ``451`` kefu could not store it (database down, an unexpected error): the sender keeps the message and
  retries later, so nothing is lost;
- ``550`` a recipient outside the support domains (no open relay), or a message a case verb refuses;
- ``552`` messages over 25 MB (aiosmtpd's ``data_size_limit``).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, Envelope
from aiosmtpd.smtp import Session as SmtpSession

from kefu.attachments import Storage
from kefu.channels.email.intake import IntakeResult, receive_email
from kefu.errors import KefuError
from kefu.store import Database, utcnow

__all__ = ["MAX_MESSAGE_BYTES", "EmailHandler", "start_smtp_server"]

log = logging.getLogger("kefu.channels.email")

#: The largest message accepted (attachments included, as encoded on the wire).
MAX_MESSAGE_BYTES = 25 * 1024 * 1024


class EmailHandler:
    """aiosmtpd handler: RCPT checks the domain, DATA stores the message."""

    def __init__(
        self,
        database: Database,
        domains: Sequence[str] = ("wallet.example",),
        storage: Storage | None = None,
    ) -> None:
        self.database = database
        self.domains = frozenset(domain.lower() for domain in domains)
        self.storage = storage

    async def handle_RCPT(
        self, server: SMTP, session: SmtpSession, envelope: Envelope, address: str, rcpt_options: list[str]
    ) -> str:
        domain = address.rpartition("@")[2].lower()
        if domain not in self.domains:
            return "550 5.7.1 Relaying denied: we only accept mail for our support addresses"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: SMTP, session: SmtpSession, envelope: Envelope) -> str:
        raw = envelope.original_content or envelope.content or b""
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        try:
            result = await asyncio.to_thread(
                self.receive, raw, list(envelope.rcpt_tos), envelope.mail_from or ""
            )
        except KefuError as error:
            log.warning("email refused: %s", error)
            return f"550 5.6.0 {error.message_en}"
        except Exception:
            log.exception("email could not be stored; the sender will retry")
            return "451 4.3.0 Temporary failure, please try again later"
        # Never the case number: the SMTP reply goes to whoever connected, not to the customer.
        log.debug("email taken: %s %s", result.outcome, result.case_number)
        return "250 OK"

    def receive(self, raw: bytes, recipients: list[str], mail_from: str) -> IntakeResult:
        """One message in one transaction (run in a worker thread: the database calls block)."""
        with self.database.session() as db_session:
            return receive_email(
                db_session,
                raw,
                now=utcnow(),
                recipients=recipients,
                envelope_sender=_sender(mail_from),
                storage=self.storage,
            )


def start_smtp_server(
    database: Database,
    host: str,
    port: int,
    *,
    domains: Sequence[str] = ("wallet.example",),
    storage: Storage | None = None,
    **smtp_options: Any,
) -> Controller:
    """Start the receiver on ``host:port`` in a background thread; ``controller.stop()`` ends it."""
    controller = Controller(
        EmailHandler(database, domains, storage),
        hostname=host,
        port=port,
        data_size_limit=MAX_MESSAGE_BYTES,
        **smtp_options,
    )
    controller.start()
    return controller


def _sender(mail_from: str) -> str:
    # aiosmtpd gives "<>" for the null reverse path bounces use (some versions give "")
    value = mail_from.strip()
    return "" if value in ("", "<>") else value
