"""Attached screenshots and PDFs of an email become the case's evidence, checked like any upload; what
cannot be kept (a program, a video) is listed with the reason, and never makes the whole email fail."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime
from email.message import EmailMessage

import pytest
from PIL import Image
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.attachments import MemoryStorage
from kefu.cases import Case, timeline
from kefu.cases.evidence import evidence_of
from kefu.channels.email import receive_email
from kefu.store import Database

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 32), (10, 120, 200)).save(out, "PNG")
    return out.getvalue()


def _mail() -> bytes:
    mail = EmailMessage()
    mail["From"] = "Li Lei <li.lei@example.com>"
    mail["To"] = "support@wallet.example"
    mail["Subject"] = "转账失败的截图"
    mail["Message-ID"] = "<with-files@example.com>"
    mail.set_content("转账失败了，截图在附件里。")
    mail.add_attachment(_png(), maintype="image", subtype="png", filename="转账失败.png")
    mail.add_attachment(
        b"MZ\x90\x00" + b"\x00" * 200, maintype="application", subtype="octet-stream", filename="fix.exe"
    )
    return mail.as_bytes()


def test_attachments_become_evidence_and_refusals_are_listed(session: Session) -> None:
    storage = MemoryStorage()
    result = receive_email(session, _mail(), now=NOW, storage=storage)
    assert result.outcome == "opened"
    case = session.scalars(select(Case).where(Case.number == result.case_number)).one()
    kept = evidence_of(session, case)
    assert [a.filename for a in kept] == ["转账失败.png"]
    assert storage.get(kept[0].storage_key)[:8] == b"\x89PNG\r\n\x1a\n"
    received = next(e for e in timeline(session, case) if e.kind == "email_received")
    assert received.detail["attachments_stored"] is True
    assert received.detail["attachments_refused"] == {"fix.exe": "upload_type_refused"}


def test_without_storage_only_the_names_are_kept(session: Session) -> None:
    result = receive_email(session, _mail(), now=NOW)
    case = session.scalars(select(Case).where(Case.number == result.case_number)).one()
    assert evidence_of(session, case) == []
    received = next(e for e in timeline(session, case) if e.kind == "email_received")
    assert received.detail["attachments_stored"] is False
    assert {a["filename"] for a in received.detail["attachments"]} == {"转账失败.png", "fix.exe"}
