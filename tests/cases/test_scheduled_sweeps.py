"""The scheduler runs the case sweeps: a case left waiting closes itself, an overdue one is flagged."""

from __future__ import annotations

from datetime import timedelta

from kefu.cases import Case, ask_customer, start_work
from kefu.config import load_settings
from kefu.store import Database
from kefu.web.app import case_scheduler

from .scenes import AGENT, bj, make_customer, new_case


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
    assert set(ran) == {"cases.close-stale", "cases.close-answered", "cases.flag-overdue"}
    with database.session() as session:
        assert session.get(Case, waiting_id).status == "closed"
        flagged = session.get(Case, late_id)
        assert flagged.status == "received" and flagged.overdue_at is not None
