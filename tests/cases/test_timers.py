"""The scheduler's sweeps: stale waiting cases close after 7 days, answered ones after 30, overdue ones
move up."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from kefu.cases import Viewer, add_information, ask_customer, close_answered, close_stale, overdue, timeline

from .scenes import AGENT, bj, case_in, new_case

T0 = bj(2026, 11, 2, 10)


def test_a_case_waiting_6_days_23_hours_stays_and_one_waiting_7_days_and_a_second_closes(
    session: Session, alice: int
) -> None:
    case = case_in(session, "waiting", alice, T0)
    assert close_stale(session, T0 + timedelta(days=6, hours=23)) == []
    assert close_stale(session, T0 + timedelta(days=7)) == []
    assert case.status == "waiting"
    assert close_stale(session, T0 + timedelta(days=7, seconds=1)) == [case.number]
    assert (case.status, case.closed_at, case.waiting_since) == (
        "closed",
        T0 + timedelta(days=7, seconds=1),
        None,
    )
    event = timeline(session, case)[-1]
    assert (event.kind, event.actor, event.channel, event.detail["reason"]) == (
        "auto_closed",
        "system",
        "system",
        "no_reply",
    )
    assert close_stale(session, T0 + timedelta(days=9)) == []


def test_an_answer_in_time_stops_the_stale_clock(session: Session, alice: int) -> None:
    case = case_in(session, "waiting", alice, T0)
    add_information(
        session, case, text="Here.", actor=Viewer.customer(alice), channel="app", now=T0 + timedelta(days=6)
    )
    assert close_stale(session, T0 + timedelta(days=8)) == []
    assert case.status == "in_progress"


def test_resolved_cases_close_when_the_30_day_window_ends(session: Session, alice: int) -> None:
    case = case_in(session, "resolved", alice, T0)
    assert close_answered(session, T0 + timedelta(days=30)) == []
    assert close_answered(session, T0 + timedelta(days=30, seconds=1)) == [case.number]
    assert case.status == "closed"


def test_overdue_cases_move_up_once_per_deadline(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, T0)  # due Monday 9 Nov, end of day
    waiting = case_in(session, "waiting", alice, T0)
    assert overdue(session, bj(2026, 11, 9, 23, 59)) == []
    assert overdue(session, bj(2026, 11, 10, 0, 0)) == [case.number]  # the waiting case's clock is paused
    assert (case.priority, case.overdue_at) == ("high", bj(2026, 11, 10))
    assert overdue(session, bj(2026, 11, 11)) == []
    event = timeline(session, case)[-1]
    assert (event.kind, event.actor, event.detail["priority"]) == (
        "overdue",
        "system",
        {"from": "normal", "to": "high"},
    )
    assert waiting.priority == "normal"


def test_a_moved_deadline_can_be_flagged_again_and_priority_stops_at_urgent(
    session: Session, alice: int
) -> None:
    case = new_case(session, alice, T0, priority="high")
    overdue(session, bj(2026, 11, 10))
    assert case.priority == "urgent"
    ask_customer(session, case, request="Receipt?", actor=AGENT, channel="console", now=bj(2026, 11, 10, 9))
    add_information(
        session, case, text="Sent.", actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 12, 9)
    )
    assert case.overdue_at is None  # the deadline moved (to Wednesday 11 Nov, still past)
    assert overdue(session, bj(2026, 11, 12, 10)) == [case.number]
    assert case.priority == "urgent"
