"""Raw RFC 5322 bytes → :class:`InboundEmail`, with the stdlib :mod:`email` package (``policy.default``).

What Chinese mail needs: parts and encoded-word headers declared GB2312 or GBK are decoded as GB18030 (a
superset: mail programs label GBK text "gb2312" all the time), and undeclared or broken charsets fall back
to UTF-8, then GB18030, never an exception. An HTML-only message is turned into readable text. The quoted
thread under a reply is cut off (:mod:`._quotes`) so only what the sender wrote now is kept.

:attr:`InboundEmail.automatic` names why a message must never be answered (auto-reply, bounce, list mail),
so kefu does not start a mail loop with another robot.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from email import message_from_bytes, policy
from email.header import decode_header
from email.message import EmailMessage, Message
from email.utils import getaddresses, parseaddr

from kefu.channels.email._html import html_to_text
from kefu.channels.email._quotes import trim_quoted

__all__ = ["Attachment", "InboundEmail", "automatic_reason", "decode_bytes", "parse_email"]

#: Charsets read as GB18030, which contains them all.
_GB_FAMILY = frozenset(
    {"gb2312", "gbk", "x-gbk", "cp936", "ms936", "euc-cn", "gb18030", "x-euc-cn", "csgb2312"}
)
_ROBOT_SENDERS = frozenset({"mailer-daemon", "postmaster"})


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str
    data: bytes

    @property
    def size(self) -> int:
        return len(self.data)


@dataclass(frozen=True)
class InboundEmail:
    """One received message, decoded."""

    #: The From address (``addr_spec``, as written), or "" when there is none.
    sender: str
    #: To and Cc addresses.
    recipients: tuple[str, ...]
    subject: str
    #: What the sender wrote now: the plain text (or the HTML as text) with the quoted thread trimmed.
    text: str
    #: The whole body as text, quotes included (case numbers are looked for here too).
    full_text: str
    message_id: str
    in_reply_to: str
    references: tuple[str, ...]
    attachments: tuple[Attachment, ...]
    #: Why this message is from a robot and must not be answered ("auto-submitted", "bounce", ...), or None.
    automatic: str | None


def parse_email(raw: bytes) -> InboundEmail:
    """Decode ``raw`` (never raises on bad charsets or malformed headers; what can't be read is replaced)."""
    message = message_from_bytes(raw, policy=policy.default)
    assert isinstance(message, EmailMessage)
    full_text = _body_text(message)
    return InboundEmail(
        sender=_address(_header(message, "From")),
        recipients=tuple(
            addr for _name, addr in getaddresses([_header(message, "To"), _header(message, "Cc")]) if addr
        ),
        subject=_header(message, "Subject"),
        text=trim_quoted(full_text),
        full_text=full_text,
        message_id=_header(message, "Message-ID").strip(),
        in_reply_to=_header(message, "In-Reply-To").strip(),
        references=tuple(re.findall(r"<[^<>\s]+>", _header(message, "References"))),
        attachments=tuple(_attachments(message)),
        automatic=automatic_reason(message),
    )


def automatic_reason(message: Message) -> str | None:
    """Why ``message`` came from a robot (RFC 3834 and the usual vendor headers), or None for a person."""
    auto_submitted = _header(message, "Auto-Submitted").strip().lower()
    if auto_submitted and auto_submitted != "no":
        return "auto-submitted"
    if message.get("X-Autoreply") is not None or message.get("X-Autorespond") is not None:
        return "auto-reply"
    if _header(message, "Precedence").strip().lower() in ("bulk", "junk", "list"):
        return "precedence"
    if message.get_content_type() == "multipart/report":
        return "bounce"
    local = _address(_header(message, "From")).partition("@")[0].lower()
    if local in _ROBOT_SENDERS:
        return "bounce"
    if message.get("Return-Path") is not None and _header(message, "Return-Path").strip() in ("<>", ""):
        return "bounce"
    return None


def decode_bytes(data: bytes, charset: str | None) -> str:
    """``data`` in its declared ``charset`` (GB2312/GBK as GB18030); unknown or wrong → UTF-8 → GB18030."""
    name = (charset or "").strip().lower()
    if name in _GB_FAMILY:
        name = "gb18030"
    for candidate in (name, "utf-8", "gb18030"):
        if not candidate:
            continue
        try:
            return data.decode(candidate)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("utf-8", errors="replace")


def _header(message: Message, name: str) -> str:
    """A header decoded from its raw form, so GB2312-labelled encoded words are read as GB18030 too."""
    for key, value in message.raw_items():
        if key.lower() == name.lower():
            return _decode_header_value(str(value))
    return ""


def _decode_header_value(value: str) -> str:
    if any("\udc80" <= char <= "\udcff" for char in value):
        # raw 8-bit bytes in a header (no encoded words), kept by the parser as surrogates
        return decode_bytes(value.encode("ascii", "surrogateescape"), None)
    try:
        chunks = decode_header(value)
    except Exception:  # a malformed encoded word: show it as it came
        return value.strip()
    out: list[str] = []
    for chunk, charset in chunks:
        out.append(decode_bytes(chunk, charset) if isinstance(chunk, bytes) else chunk)
    text = "".join(out)
    return re.sub(r"\s*\r?\n\s*", " ", text).strip()


def _address(value: str) -> str:
    return parseaddr(value)[1].strip()


def _body_text(message: EmailMessage) -> str:
    body = message.get_body(preferencelist=("plain", "html"))
    if body is None:
        return ""
    text = _part_text(body)
    if body.get_content_type() == "text/html":
        text = html_to_text(text)
    return text.replace("\r\n", "\n").strip()


def _part_text(part: Message) -> str:
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    return decode_bytes(payload, part.get_content_charset())


def _attachments(message: EmailMessage) -> list[Attachment]:
    found: list[Attachment] = []
    for part in message.walk():
        if part.is_multipart() or not (part.get_content_disposition() == "attachment" or part.get_filename()):
            continue
        payload = part.get_payload(decode=True)
        filename = part.get_filename() or ""
        found.append(
            Attachment(
                filename=_decode_header_value(filename) if filename else "",
                content_type=part.get_content_type(),
                data=payload if isinstance(payload, bytes) else b"",
            )
        )
    return found
