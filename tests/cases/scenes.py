"""Frozen Beijing clocks, the people who act on cases, and cases brought to each status."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from kefu.cases import Case, Viewer, ask_customer, close, open_case, resolve, start_work
from kefu.cases.complaints import file_complaint, final_response
from kefu.identity.customers import upsert_customer

BEIJING = ZoneInfo("Asia/Shanghai")

AGENT = Viewer.agent("a1", "support")
COLLEAGUE = Viewer.agent("a2", "support")
SENIOR = Viewer.agent("s1", "senior")
HANDLER = Viewer.agent("h1", "complaints")
DISPUTES = Viewer.agent("d1", "disputes")
SUPERVISOR = Viewer.agent("boss", "support", role="supervisor")


def bj(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    """An aware Beijing wall-clock instant."""
    return datetime(year, month, day, hour, minute, second, tzinfo=BEIJING)


def end_of(year: int, month: int, day: int) -> datetime:
    """The last instant of a Beijing day: what a deadline "by that day" is."""
    return bj(year, month, day, 23, 59, 59) + timedelta(microseconds=999_999)


def make_customer(
    session: Session, external_id: str, *, phone: str | None = None, locale: str = "zh-CN"
) -> int:
    return upsert_customer(session, external_id=external_id, phone=phone, locale=locale).id


def new_case(session: Session, customer_id: int, now: datetime, **options: Any) -> Case:
    options.setdefault("topic", "transfer")
    options.setdefault("summary", "A transfer has been pending for two days.")
    return open_case(
        session,
        customer_id=customer_id,
        actor=Viewer.customer(customer_id),
        channel="app",
        now=now,
        **options,
    )


def new_complaint(session: Session, customer_id: int, now: datetime, **options: Any) -> Case:
    options.setdefault("topic", "refund")
    options.setdefault("summary", "The agent refused my refund without a reason.")
    options.setdefault("desired_outcome", "Refund ¥200.")
    return file_complaint(
        session,
        customer_id=customer_id,
        actor=Viewer.customer(customer_id),
        channel="app",
        now=now,
        **options,
    )


def case_in(session: Session, status: str, customer_id: int, now: datetime, *, kind: str = "case") -> Case:
    """A case brought to ``status`` by the ordinary verbs, all at ``now``."""
    if kind == "complaint":
        case = new_complaint(session, customer_id, now)
        agent = HANDLER
    else:
        case = new_case(session, customer_id, now, kind=kind)
        agent = DISPUTES if kind == "dispute" else AGENT
    if status == "received":
        return case
    start_work(session, case, actor=agent, channel="console", now=now)
    if status == "in_progress":
        return case
    if status == "waiting":
        return ask_customer(
            session, case, request="Send the bank statement.", actor=agent, channel="console", now=now
        )
    if status == "resolved" and kind == "complaint":
        return final_response(session, case, text="Refunded.", actor=agent, channel="console", now=now).case
    if status == "resolved":
        return resolve(session, case, answer="The transfer arrived.", actor=agent, channel="console", now=now)
    assert status == "closed"
    return close(session, case, actor=agent, channel="console", now=now, reason="duplicate")
