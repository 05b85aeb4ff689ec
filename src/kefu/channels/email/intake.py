"""One received email → a case, a complaint, information on an existing case, or nothing.

:func:`receive_email` runs in the caller's transaction (the SMTP handler gives it one session), so a
message is taken in whole or not at all:

1. Auto-replies and bounces (:attr:`InboundEmail.automatic`, or an empty envelope sender) are logged and
   dropped: kefu never answers a robot, so no mail loop can start.
2. The sender is the customer whose e-mail address matches (case-insensitive, oldest first); an unknown
   address becomes a customer ``email:<address>`` whose locale is guessed from the text.
3. A Message-ID already recorded on one of the sender's cases (the ``email_received`` event) is a duplicate
   delivery: nothing new is created. (Two copies arriving at the same instant can both get through; the
   check is a query, not a unique index, because no new table or column was wanted for it.)
4. A case number (``C``/``CP``/``D`` + 12 digits) in the subject or body that belongs to this customer
   threads the message into that case. Someone else's number is ignored without a word (a new case is
   opened, as for a number never issued), so mail cannot probe whose case exists.
5. Otherwise mail to ``complaints@`` files a complaint and anything else opens a service case.

Every case the message touches gets an ``email_received`` event with the Message-ID, subject and the
attachments' names, types and sizes; with a storage, attached images and PDFs become the case's evidence.
"""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.attachments import Storage, check_upload
from kefu.cases import Case, CaseEvent, Viewer, add_information, file_complaint, open_case
from kefu.cases.evidence import add_evidence
from kefu.cases.numbers import parse_number
from kefu.cases.timeline import record_event
from kefu.channels.email.parse import InboundEmail, parse_email
from kefu.errors import KefuError
from kefu.identity.customers import upsert_customer
from kefu.identity.records import Customer

__all__ = ["IntakeResult", "receive_email"]

log = logging.getLogger("kefu.channels.email")

CHANNEL = "email"
TOPIC = "email"
#: The text limit of case verbs (kefu.cases._verbs.MAX_TEXT), kept below it for the note we add.
_MAX_TEXT = 9_000
_NUMBER = re.compile(r"(?<![A-Z0-9])(CP|C|D)(\d{12})(?!\d)")
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_ADDRESS = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
#: Case statuses whose own verb takes the customer's information (and moves the status).
_TAKES_INFORMATION = frozenset({"received", "waiting", "in_progress"})


@dataclass(frozen=True)
class IntakeResult:
    """What became of one message."""

    #: opened | complaint | threaded | dropped | duplicate
    outcome: str
    case_number: str | None = None
    customer_id: int | None = None
    #: Why it was dropped ("auto-submitted", "bounce", "no sender", ...), or "".
    reason: str = ""


def receive_email(
    session: Session,
    raw: bytes,
    *,
    now: datetime,
    recipients: Sequence[str] | None = None,
    envelope_sender: str | None = None,
    storage: Storage | None = None,
) -> IntakeResult:
    """Take one message (``raw`` RFC 5322 bytes) into kefu.

    ``recipients`` and ``envelope_sender`` are the SMTP envelope (RCPT TO, MAIL FROM) when known: the
    envelope says which mailbox it was delivered to even for Bcc, and an empty MAIL FROM is a bounce.
    With ``storage``, attached images and PDFs become the case's evidence (checked like any upload);
    what cannot be kept is listed with the reason.
    """
    mail = parse_email(raw)
    reason = mail.automatic or ("bounce" if envelope_sender == "" else None)
    if reason is None and not _ADDRESS.fullmatch(mail.sender):
        reason = "no sender"
    if reason is not None:
        log.info("email dropped (%s): from=%r message_id=%r", reason, mail.sender, mail.message_id)
        return IntakeResult("dropped", reason=reason)
    customer = _sender_customer(session, mail)
    duplicate = _already_received(session, mail.message_id, customer.id)
    if duplicate is not None:
        log.info("email %r already received into %s", mail.message_id, duplicate.number)
        return IntakeResult("duplicate", duplicate.number, duplicate.customer_id)
    actor = Viewer.customer(customer.id)
    existing = _quoted_case(session, mail, customer.id)
    if existing is not None and existing.status != "closed":
        _thread(session, existing, mail, actor, now)
        return _received(session, existing, mail, actor, now, "threaded", storage)
    to = [address.lower() for address in (recipients or mail.recipients)]
    if any(address.partition("@")[0] == "complaints" for address in to):
        complaint = file_complaint(
            session,
            customer_id=customer.id,
            topic=TOPIC,
            summary=_summary(mail, complaint=True),
            desired_outcome=_NOT_GIVEN,
            actor=actor,
            channel=CHANNEL,
            now=now,
            cites=existing.number if existing is not None else None,
            locale=_guess_locale(mail),
        )
        return _received(session, complaint, mail, actor, now, "complaint", storage)
    case = open_case(
        session,
        customer_id=customer.id,
        topic=TOPIC,
        summary=_summary(mail),
        actor=actor,
        channel=CHANNEL,
        now=now,
        locale=_guess_locale(mail),
        cites=existing.number if existing is not None else None,
    )
    return _received(session, case, mail, actor, now, "opened", storage)


#: file_complaint needs a desired outcome; an email rarely states one in a form we can pick out.
_NOT_GIVEN = "Not given in the email; ask the customer. / 邮件中未说明，请向客户确认。"


def _summary(mail: InboundEmail, *, complaint: bool = False) -> str:
    text = mail.text if len(mail.text) <= _MAX_TEXT else mail.text[:_MAX_TEXT] + "\n[…]"
    parts = [mail.subject.strip()[:500], text.strip()]
    if complaint:
        parts.append("Desired outcome: not given in the email. / 期望的处理结果：邮件中未说明。")
    return "\n\n".join(part for part in parts if part) or "(empty email / 空白邮件)"


def _guess_locale(mail: InboundEmail) -> str:
    return "zh-CN" if _HAN.search(f"{mail.subject}\n{mail.text}") else "en"


def _sender_customer(session: Session, mail: InboundEmail) -> Customer:
    address = mail.sender
    query = select(Customer).where(func.lower(Customer.email) == address.lower()).order_by(Customer.id)
    customer = session.scalars(query.limit(1)).first()
    if customer is not None:
        return customer
    return upsert_customer(
        session, external_id=_external_id(address), email=address, locale=_guess_locale(mail)
    )


def _external_id(address: str) -> str:
    key = f"email:{address.lower()}"
    if len(key) <= 64:
        return key
    # customer.external_id holds 64 characters; a longer address is identified by its hash
    return "email:sha256:" + hashlib.sha256(address.lower().encode()).hexdigest()[:51]


def _quoted_case(session: Session, mail: InboundEmail, customer_id: int) -> Case | None:
    """The first case number in the subject, the new text, then the quoted text that is this customer's."""
    for source in (mail.subject, mail.text, mail.full_text):
        for match in _NUMBER.finditer(unicodedata.normalize("NFKC", source).upper()):
            number = parse_number(match.group(0))
            case = session.scalars(select(Case).where(Case.number == number)).one_or_none()
            if case is not None and case.customer_id == customer_id:
                return case
            log.info("email quotes %s, which is not the sender's case: ignored", number)
    return None


def _thread(session: Session, case: Case, mail: InboundEmail, actor: Viewer, now: datetime) -> None:
    text = _summary(mail)
    names = [attachment.filename or "(unnamed)" for attachment in mail.attachments]
    if case.status in _TAKES_INFORMATION:
        add_information(session, case, text=text, actor=actor, channel=CHANNEL, now=now, attachments=names)
        return
    # Resolved: the customer's mail belongs on the timeline, but it is not
    # one of the moves the status table allows (a resolved case is reopened on purpose, not by a "thanks").
    record_event(
        session, case, "information_added", actor=actor, channel=CHANNEL, at=now, note=text, attachments=names
    )


def _received(
    session: Session,
    case: Case,
    mail: InboundEmail,
    actor: Viewer,
    now: datetime,
    outcome: str,
    storage: Storage | None,
) -> IntakeResult:
    refused = _keep_attachments(session, case, mail, actor, now, storage) if storage is not None else {}
    record_event(
        session,
        case,
        "email_received",
        actor=actor,
        channel=CHANNEL,
        at=now,
        message_id=mail.message_id,
        subject=mail.subject[:500],
        attachments=[
            {"filename": item.filename, "content_type": item.content_type, "size": item.size}
            for item in mail.attachments
        ],
        attachments_stored=storage is not None,
        attachments_refused=refused,
    )
    session.flush()
    log.info("email %r from customer %s: %s %s", mail.message_id, case.customer_id, outcome, case.number)
    return IntakeResult(outcome, case.number, case.customer_id)


def _keep_attachments(
    session: Session, case: Case, mail: InboundEmail, actor: Viewer, now: datetime, storage: Storage
) -> dict[str, str]:
    """Each attachment that passes the upload checks becomes evidence; {file name: why not} for the rest.

    Never raises for a file: one bad attachment must not make the sender's server retry the whole mail.
    """
    refused: dict[str, str] = {}
    for index, item in enumerate(mail.attachments):
        name = item.filename or f"attachment-{index + 1}"
        try:
            checked = check_upload(item.data, name)
            add_evidence(session, case, [checked], storage, actor=actor, channel=CHANNEL, at=now)
        except KefuError as error:
            refused[name] = error.code
    return refused


def _already_received(session: Session, message_id: str, customer_id: int) -> Case | None:
    # Only this sender's cases: someone else's Message-ID must neither reveal nor swallow their case.
    if not message_id:
        return None
    query = (
        select(Case)
        .join(CaseEvent, CaseEvent.case_id == Case.id)
        .where(
            Case.customer_id == customer_id,
            CaseEvent.kind == "email_received",
            CaseEvent.detail["message_id"].as_string() == message_id,
        )
        .limit(1)
    )
    return session.scalars(query).first()
