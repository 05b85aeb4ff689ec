"""An agent's reply to a case that came in by email goes out by SMTP with the number in the subject (through
the outbox, to a real SMTP server), and the customer's answer to that email threads back into the case."""

from __future__ import annotations

import email
import socket
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.policy import default
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases import Case, Viewer, reply, start_work
from kefu.channels.email import receive_email
from kefu.notifications import deliver_due
from kefu.notifications.records import Notification
from kefu.notifications.senders import LogSender, SmtpSender
from kefu.store import Database

from .mail import plain_mail

NOW = datetime(2026, 12, 2, 3, 0, tzinfo=UTC)
AGENT = Viewer.agent("KF1001", "support")
SUPPORT = "support@wallet.example"


class Collect:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp() -> Iterator[tuple[int, Collect]]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = int(sock.getsockname()[1])
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


def test_an_agents_reply_is_emailed_and_the_answer_threads_back(
    session: Session, smtp: tuple[int, Collect]
) -> None:
    raw = plain_mail(
        sender="陈静 <chen.jing@example.com>",
        to=SUPPORT,
        subject="提现一直在处理中",
        body="我昨天提现 500 元，到现在还显示处理中。",
        charset="gb18030",
    )
    opened = receive_email(session, raw, now=NOW)
    case = session.scalars(select(Case).where(Case.number == opened.case_number)).one()
    start_work(session, case, actor=AGENT, channel="console", now=NOW)
    reply(
        session,
        case,
        text="您好，提现已在银行处理中，预计今天 18:00 前到账。",
        actor=AGENT,
        channel="console",
        now=NOW,
    )

    outbox = session.scalars(select(Notification).where(Notification.channel == "email")).all()
    words = [n for n in outbox if "18:00" in n.body]
    assert len(words) == 1 and case.number in words[0].subject

    port, handler = smtp
    senders = {"email": SmtpSender("127.0.0.1", port, SUPPORT), "sms": LogSender(), "inapp": LogSender()}
    deliver_due(session, NOW + timedelta(seconds=1), senders)
    sent = [email.message_from_bytes(e.content, policy=default) for e in handler.envelopes]
    mine = [
        m
        for m in sent
        if isinstance(m, EmailMessage) and "18:00" in (m.get_body(("plain",)) or m).get_content()
    ]
    assert len(mine) == 1
    assert case.number in str(mine[0]["Subject"]) and mine[0]["X-Kefu-Case"] == case.number

    answer = plain_mail(
        sender="chen.jing@example.com",
        to=SUPPORT,
        subject="Re: " + str(mine[0]["Subject"]),
        body="好的，谢谢，到账后我再确认。",
        message_id="<answer@example.com>",
    )
    threaded = receive_email(session, answer, now=NOW + timedelta(hours=1))
    assert threaded.outcome == "threaded" and threaded.case_number == case.number


def test_replies_to_chat_cases_are_not_emailed(session: Session) -> None:
    from kefu.cases import open_case
    from kefu.identity.customers import upsert_customer

    customer = upsert_customer(session, external_id="w-mail", email="x@example.com")
    case = open_case(
        session,
        customer_id=customer.id,
        topic="payment",
        summary="help",
        actor=AGENT,
        channel="chat",
        now=NOW,
    )
    reply(session, case, text="Checking now.", actor=AGENT, channel="console", now=NOW)
    bodies = session.scalars(select(Notification.body).where(Notification.channel == "email")).all()
    assert not any("Checking now." in body for body in bodies)
