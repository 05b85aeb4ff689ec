"""The scheduler runs the case sweeps: a case left waiting closes itself, an overdue one is flagged."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from kefu.cases import Case, ask_customer, start_work
from kefu.config import load_settings
from kefu.notifications.records import Notification
from kefu.store import Database
from kefu.web.app import case_scheduler

from .scenes import AGENT, bj, make_customer, new_case, new_complaint


def test_the_app_scheduler_closes_stale_cases_and_flags_overdue_ones(database: Database) -> None:
    opened = bj(2026, 11, 2, 10)
    with database.session() as session:
        customer = make_customer(session, "w-carol", phone="13800000003")
        waiting = new_case(session, customer, opened)
        start_work(session, waiting, actor=AGENT, channel="console", now=opened)
        ask_customer(session, waiting, request="Send the receipt", actor=AGENT, channel="console", now=opened)
        late = new_case(session, customer, opened)
        waiting_id, late_id = waiting.id, late.id

    scheduler = case_scheduler(database, load_settings(scheduler_tick_seconds=0))  # not started: ticked here
    scheduler.clock = lambda: opened + timedelta(days=8)
    for job in scheduler.jobs:
        job.next_at = scheduler.clock()
    ran = scheduler.run_due()
    assert set(ran) == {
        "cases.close-stale",
        "cases.close-answered",
        "cases.flag-overdue",
        "conversations.end-idle",
        "notifications.deliver",
    }
    with database.session() as session:
        assert session.get(Case, waiting_id).status == "closed"
        flagged = session.get(Case, late_id)
        assert flagged.status == "received" and flagged.overdue_at is not None
        # every change the customer was told about went through the outbox, and the job delivered it
        rows = session.scalars(select(Notification).where(Notification.case_id == waiting_id)).all()
        assert {row.channel for row in rows} == {"sms", "inapp"}  # a phone, no email address
        assert rows and all(row.status == "sent" for row in rows if row.created_at <= opened)


def test_a_new_case_tells_the_customer_its_number_in_their_language(database: Database) -> None:
    opened = bj(2026, 11, 2, 10)
    with database.session() as session:
        customer = make_customer(session, "w-dan", phone="13800000004", locale="en")
        case = new_case(session, customer, opened)
        rows = session.scalars(select(Notification).where(Notification.case_id == case.id)).all()
        assert {row.channel for row in rows} == {"sms", "inapp"}
        sms = next(row for row in rows if row.channel == "sms")
        assert case.number in sms.body and sms.locale == "en"
        assert sms.recipient == "+8613800000004" and sms.status == "pending"


def test_a_new_complaint_is_announced_to_the_customer(database: Database) -> None:
    with database.session() as session:
        customer = make_customer(session, "w-erin", phone="13800000005", locale="zh-CN")
        complaint = new_complaint(session, customer, bj(2026, 11, 2, 10))
        rows = session.scalars(select(Notification).where(Notification.case_id == complaint.id)).all()
        assert complaint.number.startswith("CP")
        assert {row.channel for row in rows} == {"sms", "inapp"}
        assert all(complaint.number in row.body for row in rows)
