"""receive_email in the caller's transaction: where a message goes depending on the case it quotes."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import Case, Viewer, ask_customer, close, timeline
from kefu.channels.email import receive_email
from kefu.store import Database

from .mail import plain_mail

NOW = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)
AGENT = Viewer.agent("a1", "support")
SUPPORT = "support@wallet.example"


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


def first_case(session: Session) -> Case:
    result = receive_email(
        session, plain_mail(sender="kai@example.com", to=SUPPORT, subject="Help", body="Stuck."), now=NOW
    )
    assert result.outcome == "opened" and result.case_number is not None
    return session.query(Case).filter_by(number=result.case_number).one()


def follow_up(session: Session, body: str, message_id: str = "<f@x>") -> str:
    raw = plain_mail(
        sender="kai@example.com", to=SUPPORT, subject="Re: your case", body=body, message_id=message_id
    )
    result = receive_email(session, raw, now=NOW + timedelta(hours=1))
    assert result.case_number is not None
    return result.outcome


def test_information_for_a_waiting_case_moves_it_back_to_in_progress(session: Session) -> None:
    case = first_case(session)
    ask_customer(session, case, request="Send the receipt.", actor=AGENT, channel="console", now=NOW)
    assert follow_up(session, f"Receipt attached. {case.number}") == "threaded"
    assert case.status == "in_progress" and case.waiting_since is None


def test_information_for_a_received_case_keeps_its_status(session: Session) -> None:
    case = first_case(session)
    assert follow_up(session, f"About {case.number}: it's 200 yuan.") == "threaded"
    assert case.status == "received"
    assert [event.kind for event in timeline(session, case)][-2:] == ["information_added", "email_received"]


def test_the_number_in_the_quoted_text_threads_too(session: Session) -> None:
    case = first_case(session)
    body = (
        f"Thanks, here it is.\n\nOn Wed, Support <support@wallet.example> wrote:\n> Your case {case.number}"
    )
    assert follow_up(session, body) == "threaded"
    [info] = [event for event in timeline(session, case) if event.kind == "information_added"]
    assert info.note.endswith("Thanks, here it is.")


def test_a_closed_case_quoted_opens_a_new_case_citing_it(session: Session) -> None:
    case = first_case(session)
    close(session, case, actor=AGENT, channel="console", now=NOW)
    assert follow_up(session, f"Still broken ({case.number}).") == "opened"
    newest = session.query(Case).order_by(Case.id.desc()).first()
    assert newest is not None and newest.parent_id == case.id


def test_attachments_are_listed_by_name_type_and_size_only(session: Session) -> None:
    pdf = b"%PDF-1.4 fake"
    raw = (
        "From: kai@example.com\r\nTo: support@wallet.example\r\nSubject: statement\r\n"
        "Message-ID: <att@x>\r\nMIME-Version: 1.0\r\n"
        'Content-Type: multipart/mixed; boundary="B"\r\n\r\n'
        "--B\r\nContent-Type: text/plain\r\n\r\nStatement attached.\r\n"
        '--B\r\nContent-Type: application/pdf; name="s.pdf"\r\n'
        'Content-Disposition: attachment; filename="s.pdf"\r\n'
        f"Content-Transfer-Encoding: base64\r\n\r\n{base64.b64encode(pdf).decode()}\r\n--B--\r\n"
    ).encode()
    result = receive_email(session, raw, now=NOW)
    case = session.query(Case).filter_by(number=result.case_number).one()
    [received] = [event for event in timeline(session, case) if event.kind == "email_received"]
    assert received.detail["message_id"] == "<att@x>"
    assert received.detail["attachments"] == [
        {"filename": "s.pdf", "content_type": "application/pdf", "size": len(pdf)}
    ]
    assert received.detail["attachments_stored"] is False


def test_an_empty_envelope_sender_is_a_bounce(session: Session) -> None:
    raw = plain_mail(sender="someone@example.com", to=SUPPORT, subject="Delivery failed", body="x")
    result = receive_email(session, raw, now=NOW, envelope_sender="")
    assert (result.outcome, result.reason) == ("dropped", "bounce")
    assert session.query(Case).count() == 0


def test_mail_without_a_usable_sender_is_dropped(session: Session) -> None:
    raw = b"To: support@wallet.example\r\nSubject: who am I\r\n\r\nhello\r\n"
    assert receive_email(session, raw, now=NOW).reason == "no sender"


def test_a_message_id_seen_on_another_customers_case_is_not_a_duplicate(session: Session) -> None:
    case = first_case(session)  # Message-ID <m1@example.net>, from kai@
    raw = plain_mail(sender="eve@example.com", to=SUPPORT, subject="Help", body="Me too.")
    result = receive_email(session, raw, now=NOW)
    assert result.outcome == "opened" and result.case_number != case.number
