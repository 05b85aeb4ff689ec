"""Step 1 of the ladder: senior review when the promised date has passed or the answer is disputed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import (
    Viewer,
    assign_case,
    escalate_case,
    resolve,
    start_work,
    timeline,
)
from kefu.errors import Conflict, InvalidInput

from .scenes import AGENT, COLLEAGUE, SENIOR, bj, case_in, end_of, new_case


def test_escalating_before_the_promised_date_without_an_answer_is_refused(
    session: Session, alice: int
) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))  # due Monday 9 Nov
    with pytest.raises(Conflict) as raised:
        escalate_case(
            session,
            case,
            reason="Too slow.",
            actor=Viewer.customer(alice),
            channel="app",
            now=bj(2026, 11, 9, 23),
        )
    assert "2026-11-09" in raised.value.message_en and "2026-11-09" in raised.value.message_zh
    assert case.team == "support"


def test_after_the_date_a_senior_who_did_not_handle_it_reviews_within_5_business_days(
    session: Session, alice: int
) -> None:
    case = new_case(session, alice, bj(2026, 9, 14, 10))  # Monday
    start_work(session, case, actor=AGENT, channel="console", now=bj(2026, 9, 14, 11))
    assert case.due_at == end_of(2026, 9, 20)  # Sunday 20 Sep is a make-up working day
    # Tuesday 29 Sep: 30 Sep is day 1, 1–7 Oct are off, 8 and 9 Oct, Saturday 10 Oct (make-up), Monday 12.
    escalate_case(
        session,
        case,
        reason="No answer yet.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 9, 29, 10),
    )
    assert (case.team, case.status, case.assignee, case.original_assignee) == (
        "senior",
        "in_progress",
        None,
        "a1",
    )
    assert case.due_at == end_of(2026, 10, 12)
    assert case.escalated_at == bj(2026, 9, 29, 10)
    event = timeline(session, case)[-1]
    assert (event.kind, event.actor, event.detail["from_team"]) == (
        "escalated",
        f"customer:{alice}",
        "support",
    )
    with pytest.raises(Conflict):
        assign_case(session, case, assignee="a1", actor=SENIOR, channel="console", now=bj(2026, 9, 29, 11))
    assign_case(session, case, assignee="s1", actor=SENIOR, channel="console", now=bj(2026, 9, 29, 11))
    assert case.assignee == "s1"


def test_nobody_who_handled_the_case_may_review_it(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, bj(2026, 11, 2, 10))  # a1 works it
    resolve(session, case, answer="No refund.", actor=COLLEAGUE, channel="console", now=bj(2026, 11, 3, 10))
    escalate_case(
        session, case, reason="Wrong.", actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 4, 10)
    )
    for handler in ("a1", "a2"):
        with pytest.raises(Conflict):
            assign_case(
                session, case, assignee=handler, actor=SENIOR, channel="console", now=bj(2026, 11, 4, 11)
            )


def test_an_answer_can_be_disputed_for_30_days(session: Session, alice: int) -> None:
    on_time = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    escalate_case(
        session,
        on_time,
        reason="The answer is wrong.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 12, 2, 10),
    )
    assert (on_time.team, on_time.status, on_time.resolved_at) == ("senior", "in_progress", None)
    late = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    with pytest.raises(Conflict) as raised:
        escalate_case(
            session,
            late,
            reason="Wrong.",
            actor=Viewer.customer(alice),
            channel="app",
            now=bj(2026, 12, 2, 10) + timedelta(days=1),
        )
    assert "complaint" in raised.value.message_en


def test_a_case_is_escalated_once_then_the_next_step_is_a_complaint(session: Session, alice: int) -> None:
    case = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    escalate_case(session, case, reason="Wrong.", actor=AGENT, channel="hotline", now=bj(2026, 11, 3, 10))
    assign_case(session, case, assignee="s1", actor=SENIOR, channel="console", now=bj(2026, 11, 3, 11))
    resolve(session, case, answer="Confirmed.", actor=SENIOR, channel="console", now=bj(2026, 11, 4, 10))
    with pytest.raises(Conflict) as raised:
        escalate_case(
            session,
            case,
            reason="Still wrong.",
            actor=Viewer.customer(alice),
            channel="app",
            now=bj(2026, 11, 5, 10),
        )
    assert "formal complaint" in raised.value.message_en and case.number in raised.value.message_en


@pytest.mark.parametrize(
    ("status", "kind"), [("waiting", "case"), ("closed", "case"), ("in_progress", "complaint")]
)
def test_waiting_closed_and_complaints_cannot_be_escalated(
    session: Session, alice: int, status: str, kind: str
) -> None:
    case = case_in(session, status, alice, bj(2026, 11, 2, 10), kind=kind)
    with pytest.raises(Conflict):
        escalate_case(
            session, case, reason="Now!", actor=Viewer.customer(alice), channel="app", now=bj(2026, 12, 20)
        )


def test_a_reason_is_required(session: Session, alice: int) -> None:
    case = case_in(session, "resolved", alice, bj(2026, 11, 2, 10))
    with pytest.raises(InvalidInput):
        escalate_case(
            session, case, reason=" ", actor=Viewer.customer(alice), channel="app", now=bj(2026, 11, 3)
        )
