"""Opening, working, waiting, answering, closing and reopening a case, on a frozen Beijing clock."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import (
    Viewer,
    add_information,
    ask_customer,
    assign_case,
    case_by_number,
    close,
    open_case,
    reopen,
    reply,
    resolve,
    start_work,
    timeline,
)
from kefu.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from kefu.store import Database

from .scenes import AGENT, SUPERVISOR, bj, case_in, end_of, make_customer, new_case


def test_a_new_case_is_received_by_support_and_due_in_five_business_days(
    session: Session, alice: int
) -> None:
    case = new_case(session, alice, bj(2026, 11, 20, 21))  # Friday 21:00: day 1 is Monday
    assert (case.status, case.team, case.kind, case.priority) == ("received", "support", "case", "normal")
    assert case.locale == "zh-CN"  # the customer's
    assert case.due_at == end_of(2026, 11, 27)
    (created,) = timeline(session, case)
    assert (created.kind, created.actor, created.channel) == ("created", f"customer:{alice}", "app")
    assert created.detail["business_days"] == 5


def test_a_topic_with_its_own_promise_and_an_explicit_one(session: Session, alice: int) -> None:
    left = new_case(session, alice, bj(2026, 11, 20, 23), topic="left_message")  # outside chat hours
    assert left.due_at == end_of(2026, 11, 23)  # the next business day
    custom = new_case(session, alice, bj(2026, 11, 20, 23), days=2)
    assert custom.due_at == end_of(2026, 11, 24)


def test_a_dispute_goes_to_the_disputes_team_due_in_ten_business_days_over_national_day(
    session: Session, alice: int
) -> None:
    # Tuesday 29 Sep 2026: 30 Sep is day 1, 1–7 Oct are off, Saturday 10 Oct is a make-up working day.
    dispute = new_case(session, alice, bj(2026, 9, 29, 9), kind="dispute", related_transaction="T1")
    assert (dispute.team, dispute.number[:1]) == ("disputes", "D")
    assert dispute.due_at == end_of(2026, 10, 19)


def test_complaints_are_not_opened_with_open_case(session: Session, alice: int) -> None:
    with pytest.raises(InvalidInput):
        new_case(session, alice, bj(2026, 11, 2, 10), kind="complaint")


def test_a_customer_opens_cases_only_for_themselves(session: Session, alice: int, bob: int) -> None:
    with pytest.raises(PermissionDenied):
        open_case(
            session,
            customer_id=bob,
            topic="x",
            summary="y",
            actor=Viewer.customer(alice),
            channel="app",
            now=bj(2026, 11, 2, 10),
        )


def test_text_is_required(session: Session, alice: int) -> None:
    with pytest.raises(InvalidInput):
        new_case(session, alice, bj(2026, 11, 2, 10), summary="   ")
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))
    with pytest.raises(InvalidInput):
        ask_customer(session, case, request="", actor=AGENT, channel="console", now=bj(2026, 11, 2, 11))


def test_start_work_assigns_the_agent(session: Session, alice: int) -> None:
    case = new_case(session, alice, bj(2026, 11, 2, 10))
    start_work(session, case, actor=AGENT, channel="console", now=bj(2026, 11, 2, 11))
    assert (case.status, case.assignee) == ("in_progress", "a1")
    assign_case(session, case, assignee="a2", actor=AGENT, channel="console", now=bj(2026, 11, 2, 12))
    assert case.assignee == "a2"
    assert timeline(session, case)[-1].detail == {"from": "a1", "to": "a2"}


def test_waiting_pauses_the_clock_and_the_answer_moves_the_date(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))  # Monday, due Monday 9 Nov
    assert case.due_at == end_of(2026, 11, 9)
    ask_customer(
        session,
        case,
        request="Send the bank statement.",
        actor=AGENT,
        channel="console",
        now=bj(2026, 11, 3, 10),
    )
    assert (case.status, case.waiting_since) == ("waiting", bj(2026, 11, 3, 10))
    add_information(
        session,
        case,
        text="Statement attached.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 11, 6, 15),
        attachments=["statement.pdf"],
    )
    # Wednesday, Thursday and Friday were spent waiting: three business days later.
    assert case.status == "in_progress"
    assert case.due_at == end_of(2026, 11, 12)
    assert case.paused_business_days == 3
    assert case.waiting_since is None
    added, moved = timeline(session, case)[-2:]
    assert (added.kind, added.actor, added.note) == (
        "information_added",
        f"customer:{alice}",
        "Statement attached.",
    )
    assert added.detail["attachments"] == ["statement.pdf"]
    assert (moved.kind, moved.detail["paused_business_days"]) == ("deadline_changed", 3)


def test_an_answer_the_same_day_does_not_move_the_date(session: Session, alice: int) -> None:
    case = case_in(session, "waiting", alice, bj(2026, 11, 2, 10))
    due = case.due_at
    add_information(
        session, case, text="Here.", actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 2, 18)
    )
    assert case.due_at == due
    assert [e.kind for e in timeline(session, case)][-1] == "information_added"


def test_information_can_be_added_while_in_progress_without_moving_the_date(
    session: Session, alice: int
) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))
    due = case.due_at
    add_information(
        session,
        case,
        text="One more detail.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 11, 4, 9),
    )
    assert (case.status, case.due_at) == ("in_progress", due)


def test_a_reply_starts_the_work_and_an_answer_resolves(session: Session, alice: int) -> None:
    case = new_case(session, alice, bj(2026, 11, 2, 10))
    reply(
        session,
        case,
        text="We are checking with the bank.",
        actor=AGENT,
        channel="chat",
        now=bj(2026, 11, 2, 11),
    )
    assert case.status == "in_progress"
    resolve(session, case, answer="The money is back.", actor=AGENT, channel="chat", now=bj(2026, 11, 3, 11))
    assert (case.status, case.resolved_at) == ("resolved", bj(2026, 11, 3, 11))
    assert [e.kind for e in timeline(session, case)] == ["created", "reply", "status_changed"]


def test_a_customer_may_close_a_resolved_case_but_not_an_open_one(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))
    with pytest.raises(PermissionDenied):
        close(session, case, actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 2, 11))
    resolve(session, case, answer="Done.", actor=AGENT, channel="console", now=bj(2026, 11, 2, 12))
    close(session, case, actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 2, 13))
    assert (case.status, case.closed_at) == ("closed", bj(2026, 11, 2, 13))


def test_reopen_within_30_days_keeps_the_number_and_team_with_a_new_date(
    session: Session, alice: int
) -> None:
    case = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    number = case.number
    reopen(
        session,
        case,
        text="It failed again.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 12, 2, 10),
    )
    assert (case.number, case.status, case.team, case.resolved_at) == (number, "in_progress", "support", None)
    assert case.due_at == end_of(2026, 12, 9)  # Wednesday + 5 business days
    assert timeline(session, case)[-1].kind == "reopened"


def test_reopen_after_30_days_says_to_open_a_new_case_citing_the_old_number(
    session: Session, alice: int
) -> None:
    old = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    with pytest.raises(Conflict) as raised:
        reopen(
            session, old, text="Again.", actor=Viewer.customer(alice), channel="app", now=bj(2026, 12, 3, 10)
        )
    assert f"quote {old.number}" in raised.value.message_en
    assert old.number in raised.value.message_zh
    assert old.status == "resolved"
    follow_up = new_case(session, alice, bj(2026, 12, 3, 10), cites=old.number)
    assert follow_up.parent_id == old.id
    assert timeline(session, follow_up)[0].detail["cites"] == old.number


def test_a_closed_case_cannot_be_reopened(session: Session, alice: int) -> None:
    case = case_in(session, "closed", alice, bj(2026, 11, 2, 10))
    with pytest.raises(Conflict) as raised:
        reopen(
            session, case, text="Again.", actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 3, 10)
        )
    assert "new case" in raised.value.message_en


def test_citing_someone_elses_case_is_not_found(session: Session, alice: int, bob: int) -> None:
    theirs = new_case(session, bob, bj(2026, 11, 2, 10))
    with pytest.raises(NotFound):
        new_case(session, alice, bj(2026, 11, 2, 11), cites=theirs.number)


def test_verbs_check_who_may_see_the_case(session: Session, alice: int, bob: int) -> None:
    case = case_in(session, "waiting", alice, bj(2026, 11, 2, 10))
    with pytest.raises(NotFound):
        add_information(
            session, case, text="Hi", actor=Viewer.customer(bob), channel="app", now=bj(2026, 11, 2, 11)
        )
    with pytest.raises(PermissionDenied):
        start_work(
            session, case, actor=Viewer.agent("x", "disputes"), channel="console", now=bj(2026, 11, 2, 11)
        )


def test_unknown_channels_and_naive_clocks_are_refused(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))
    with pytest.raises(InvalidInput):
        reply(session, case, text="Hi", actor=AGENT, channel="pigeon", now=bj(2026, 11, 2, 11))
    with pytest.raises(ValueError):
        reply(
            session,
            case,
            text="Hi",
            actor=AGENT,
            channel="chat",
            now=bj(2026, 11, 2, 11).replace(tzinfo=None),
        )


def test_timestamps_come_back_aware_utc(database: Database) -> None:
    with database.session() as session:
        customer = make_customer(session, "w-clock")
        number = new_case(session, customer, bj(2026, 11, 2, 10)).number
    with database.session() as session:
        case = case_by_number(session, number, SUPERVISOR)
        assert case.received_at == bj(2026, 11, 2, 10)
        assert case.received_at.utcoffset() == timedelta(0)
        assert case.due_at == end_of(2026, 11, 9)


def test_every_verb_writes_one_event_with_actor_and_channel(session: Session, alice: int) -> None:
    t = bj(2026, 11, 2, 10)
    step = timedelta(hours=1)
    customer = Viewer.customer(alice)
    case = new_case(session, alice, t)
    calls = [
        (
            lambda now: start_work(session, case, actor=AGENT, channel="console", now=now),
            "status_changed",
            AGENT,
            "console",
        ),
        (
            lambda now: reply(session, case, text="Checking.", actor=AGENT, channel="chat", now=now),
            "reply",
            AGENT,
            "chat",
        ),
        (
            lambda now: ask_customer(session, case, request="Receipt?", actor=AGENT, channel="sms", now=now),
            "status_changed",
            AGENT,
            "sms",
        ),
        (
            lambda now: add_information(session, case, text="Sent.", actor=customer, channel="app", now=now),
            "information_added",
            customer,
            "app",
        ),
        (
            lambda now: assign_case(session, case, assignee="a2", actor=AGENT, channel="console", now=now),
            "assigned",
            AGENT,
            "console",
        ),
        (
            lambda now: resolve(session, case, answer="Fixed.", actor=AGENT, channel="email", now=now),
            "status_changed",
            AGENT,
            "email",
        ),
        (
            lambda now: reopen(session, case, text="Broken.", actor=customer, channel="hotline", now=now),
            "reopened",
            customer,
            "hotline",
        ),
        (
            lambda now: close(session, case, actor=AGENT, channel="web", now=now),
            "status_changed",
            AGENT,
            "web",
        ),
    ]
    for index, (call, kind, actor, channel) in enumerate(calls, start=1):
        before = len(timeline(session, case))
        call(t + step * index)
        events = timeline(session, case)[before:]
        assert len(events) == 1, kind
        assert (events[0].kind, events[0].actor, events[0].channel) == (kind, actor.actor, channel)
        assert events[0].at == t + step * index
