"""The email channel end to end: real SMTP (aiosmtpd on a free port, smtplib as the sender) into a real
database, on every configured backend."""

from __future__ import annotations

import smtplib
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.cases import Case, CaseEvent, timeline
from kefu.channels.email import start_smtp_server
from kefu.identity.customers import upsert_customer
from kefu.identity.records import Customer
from kefu.store import Database

from .conftest import Send, free_port
from .mail import html_mail, plain_mail

SUPPORT = "support@wallet.example"
COMPLAINTS = "complaints@wallet.example"


def cases(session: Session) -> list[Case]:
    return list(session.scalars(select(Case).order_by(Case.id)))


def customer_by_email(session: Session, address: str) -> Customer:
    return session.scalars(select(Customer).where(Customer.email == address)).one()


def test_chinese_mail_in_gb18030_opens_a_case_for_a_new_customer(database: Database, send: Send) -> None:
    raw = plain_mail(
        sender="王芳 <wangfang@example.cn>",
        to=SUPPORT,
        subject="转账一直显示处理中",
        body="你好，我昨天给朋友转账 500 元，到现在一直显示处理中。请帮忙查一下。",
        charset="gb18030",
    )
    assert send(raw, mail_from="wangfang@example.cn", to=[SUPPORT]) == {}
    with database.session() as session:
        [case] = cases(session)
        customer = customer_by_email(session, "wangfang@example.cn")
        assert case.number.startswith("C") and case.kind == "case"
        assert "转账一直显示处理中" in case.summary
        assert "一直显示处理中。请帮忙查一下" in case.summary
        assert case.channel == "email" and case.customer_id == customer.id
        assert customer.locale == "zh-CN" and customer.external_id == "email:wangfang@example.cn"
        kinds = [event.kind for event in timeline(session, case)]
        assert kinds == ["created", "email_received"]


def test_reply_with_the_case_number_is_threaded_and_quotes_trimmed(database: Database, send: Send) -> None:
    first = plain_mail(
        sender="tom@example.com", to=SUPPORT, subject="Top-up missing", body="My top-up is gone."
    )
    send(first, mail_from="tom@example.com", to=[SUPPORT])
    with database.session() as session:
        [case] = cases(session)
    reply = plain_mail(
        sender="Tom <TOM@Example.com>",
        to=SUPPORT,
        subject=f"Re: [{case.number}] We received your message",
        body=(
            "Here is the bank reference: 88231.\n\n"
            "On Wed, 25 Nov 2026 at 10:05, Wallet Support <support@wallet.example> wrote:\n"
            "> Thank you for contacting us.\n> Your case number is in the subject.\n"
        ),
        message_id="<m2@example.com>",
    )
    send(reply, mail_from="tom@example.com", to=[SUPPORT])
    with database.session() as session:
        assert [c.number for c in cases(session)] == [case.number]
        events = timeline(session, session.get(Case, case.id))
        [info] = [event for event in events if event.kind == "information_added"]
        assert "bank reference: 88231" in info.note
        assert "Thank you for contacting us" not in info.note and "wrote:" not in info.note
        assert info.actor == f"customer:{case.customer_id}" and info.channel == "email"
        assert len([event for event in events if event.kind == "email_received"]) == 2


def test_mail_to_complaints_files_a_complaint(database: Database, send: Send) -> None:
    raw = plain_mail(
        sender="li@example.cn", to=COMPLAINTS, subject="投诉：客服不处理", body="我的问题两周没人处理。"
    )
    send(raw, mail_from="li@example.cn", to=[COMPLAINTS])
    with database.session() as session:
        [complaint] = cases(session)
        assert complaint.kind == "complaint" and complaint.number.startswith("CP")
        assert complaint.team == "complaints" and complaint.ack_due_at is not None
        assert "两周没人处理" in complaint.summary
        assert "not given" in complaint.summary and "未说明" in complaint.summary


def test_auto_replies_and_bounces_open_nothing(database: Database, send: Send) -> None:
    auto = plain_mail(
        sender="away@example.com",
        to=SUPPORT,
        subject="Out of office",
        body="I am away until Monday.",
        headers={"Auto-Submitted": "auto-replied"},
    )
    bounce = (
        b"From: Mail Delivery System <MAILER-DAEMON@mx.example.com>\r\n"
        b"To: support@wallet.example\r\nSubject: Undelivered Mail Returned to Sender\r\n"
        b"Message-ID: <b1@mx.example.com>\r\nMIME-Version: 1.0\r\n"
        b'Content-Type: multipart/report; report-type=delivery-status; boundary="XX"\r\n\r\n'
        b"--XX\r\nContent-Type: text/plain\r\n\r\nThis is the mail system. Case C261125000001.\r\n"
        b"--XX\r\nContent-Type: message/delivery-status\r\n\r\nReporting-MTA: dns; mx.example.com\r\n\r\n"
        b"Final-Recipient: rfc822; tom@example.com\r\nAction: failed\r\nStatus: 5.1.1\r\n"
        b"--XX--\r\n"
    )
    send(auto, mail_from="away@example.com", to=[SUPPORT])
    send(bounce, mail_from="", to=[SUPPORT])
    with database.session() as session:
        assert cases(session) == []
        assert session.scalar(select(func.count()).select_from(Customer)) == 0


def test_html_only_mail_becomes_readable_text(database: Database, send: Send) -> None:
    raw = html_mail(
        sender="ann@example.com",
        to=SUPPORT,
        subject="Card declined",
        html=(
            "<html><head><style>p{color:red}</style></head><body>"
            "<p>My card was declined&nbsp;at <b>FreshMart</b>.</p><p>Amount: &yen;120</p>"
            "<div>Thanks,<br>Ann</div></body></html>"
        ),
    )
    send(raw, mail_from="ann@example.com", to=[SUPPORT])
    with database.session() as session:
        [case] = cases(session)
        assert "My card was declined at FreshMart.\n\nAmount: ¥120" in case.summary
        assert "Thanks,\nAnn" in case.summary
        assert "<" not in case.summary and "color" not in case.summary
        assert customer_by_email(session, "ann@example.com").locale == "en"


def test_another_customers_case_number_opens_a_new_case(database: Database, send: Send) -> None:
    send(
        plain_mail(sender="owner@example.com", to=SUPPORT, subject="Refund", body="Where is my refund?"),
        mail_from="owner@example.com",
        to=[SUPPORT],
    )
    with database.session() as session:
        [theirs] = cases(session)
        before = session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == theirs.id)
        )
    probe = plain_mail(
        sender="mallory@example.com",
        to=SUPPORT,
        subject=f"Re: [{theirs.number}] Refund",
        body=f"Please send me everything about {theirs.number}.",
        message_id="<probe@example.com>",
    )
    send(probe, mail_from="mallory@example.com", to=[SUPPORT])
    with database.session() as session:
        (mine,) = [case for case in cases(session) if case.id != theirs.id]
        assert mine.customer_id == customer_by_email(session, "mallory@example.com").id
        assert mine.parent_id is None and mine.number != theirs.number
        after = session.scalar(
            select(func.count()).select_from(CaseEvent).where(CaseEvent.case_id == theirs.id)
        )
        assert after == before
        assert session.get(Case, theirs.id).status == "received"


def test_a_known_customer_is_matched_by_email_case_insensitively(database: Database, send: Send) -> None:
    with database.session() as session:
        known = upsert_customer(session, external_id="w-42", email="Zhou.Min@Example.cn", locale="en").id
    raw = plain_mail(sender="zhou.min@example.cn", to=SUPPORT, subject="余额不对", body="余额少了 20 元。")
    send(raw, mail_from="zhou.min@example.cn", to=[SUPPORT])
    with database.session() as session:
        [case] = cases(session)
        assert case.customer_id == known
        assert session.scalar(select(func.count()).select_from(Customer)) == 1


def test_the_same_message_delivered_twice_opens_one_case(database: Database, send: Send) -> None:
    raw = plain_mail(sender="dup@example.com", to=SUPPORT, subject="Help", body="Twice?", message_id="<d@x>")
    send(raw, mail_from="dup@example.com", to=[SUPPORT])
    send(raw, mail_from="dup@example.com", to=[SUPPORT])
    with database.session() as session:
        assert len(cases(session)) == 1


def test_recipients_outside_the_support_domain_are_refused(send: Send) -> None:
    raw = plain_mail(sender="spam@example.com", to="victim@elsewhere.example", subject="Hi", body="relay me")
    with pytest.raises(smtplib.SMTPRecipientsRefused) as refused:
        send(raw, mail_from="spam@example.com", to=["victim@elsewhere.example"])
    [(code, _message)] = refused.value.recipients.values()
    assert code == 550


def test_a_database_that_cannot_store_mail_answers_451(tmp_path: Path) -> None:
    broken = Database(f"sqlite:///{tmp_path}/not-migrated.db")  # no tables: every insert fails
    port = free_port()
    controller = start_smtp_server(broken, "127.0.0.1", port)
    try:
        raw = plain_mail(sender="a@example.com", to=SUPPORT, subject="Hi", body="Hello")
        with (
            smtplib.SMTP("127.0.0.1", port, timeout=30) as client,
            pytest.raises(smtplib.SMTPDataError) as error,
        ):
            client.sendmail("a@example.com", [SUPPORT], raw)
        assert error.value.smtp_code == 451
    finally:
        controller.stop()
        broken.dispose()
