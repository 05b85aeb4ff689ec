"""Step 2 of the ladder: formal complaints, their 24-hour acknowledgement, 15 (at most 30) business days,
and a final response that lists the outside bodies in the customer's language."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import (
    Viewer,
    add_information,
    ask_customer,
    extend_complaint,
    extend_dispute,
    external_channels,
    file_complaint,
    final_response,
    resolve,
    timeline,
)
from kefu.errors import Conflict, InvalidInput, PermissionDenied

from .scenes import AGENT, DISPUTES, HANDLER, bj, case_in, end_of, new_case, new_complaint

FRIDAY_EVENING = bj(2026, 8, 7, 21)


def test_a_complaint_is_acknowledged_within_24_hours_and_answered_within_15_business_days(
    session: Session, alice: int
) -> None:
    complaint = new_complaint(session, alice, FRIDAY_EVENING, related_transaction="T20260807")
    assert complaint.number.startswith("CP260807")
    assert (complaint.kind, complaint.team, complaint.status) == ("complaint", "complaints", "received")
    assert complaint.ack_due_at == FRIDAY_EVENING + timedelta(hours=24)
    # The article's example: Friday 21:00, day 1 is Monday, day 15 the Friday of the third week.
    assert complaint.due_at == end_of(2026, 8, 28)
    assert (complaint.desired_outcome, complaint.related_transaction) == ("Refund ¥200.", "T20260807")
    assert [e.kind for e in timeline(session, complaint)] == ["complaint_filed"]


def test_a_complaint_about_a_case_links_both(session: Session, alice: int) -> None:
    case = case_in(session, "resolved", alice, bj(2026, 8, 3, 10))
    complaint = new_complaint(session, alice, FRIDAY_EVENING, cites=case.number)
    assert complaint.parent_id == case.id
    assert timeline(session, case)[-1].detail["complaint"] == complaint.number
    with pytest.raises(Conflict) as raised:
        new_complaint(session, alice, FRIDAY_EVENING, cites=case.number)
    assert complaint.number in raised.value.message_en


def test_the_complaints_team_files_a_complaint_on_the_hotline_about_supports_case(
    session: Session, alice: int, bob: int
) -> None:
    case = case_in(session, "resolved", alice, bj(2026, 8, 3, 10))
    complaint = file_complaint(
        session,
        customer_id=alice,
        topic="refund",
        summary="Refused by phone.",
        desired_outcome="Refund.",
        actor=HANDLER,
        channel="hotline",
        now=FRIDAY_EVENING,
        cites=case.number,
    )
    assert (complaint.parent_id, complaint.channel) == (case.id, "hotline")
    assert timeline(session, complaint)[0].actor == "agent:h1"
    with pytest.raises(Conflict):  # staff can't tie one customer's complaint to another's case
        file_complaint(
            session,
            customer_id=bob,
            topic="refund",
            summary="x",
            desired_outcome="y",
            actor=HANDLER,
            channel="hotline",
            now=FRIDAY_EVENING,
            cites=case.number,
        )


def test_the_desired_outcome_is_required(session: Session, alice: int) -> None:
    with pytest.raises(InvalidInput):
        new_complaint(session, alice, FRIDAY_EVENING, desired_outcome="")


def test_extending_needs_a_reason_and_stops_at_30_business_days(session: Session, alice: int) -> None:
    complaint = new_complaint(session, alice, FRIDAY_EVENING)
    with pytest.raises(InvalidInput):
        extend_complaint(
            session, complaint, reason=" ", new_days=20, actor=HANDLER, channel="console", now=bj(2026, 8, 20)
        )
    with pytest.raises(Conflict) as raised:
        extend_complaint(
            session,
            complaint,
            reason="Waiting for the bank.",
            new_days=31,
            actor=HANDLER,
            channel="console",
            now=bj(2026, 8, 20),
        )
    assert "30" in raised.value.message_en and "30" in raised.value.message_zh
    extend_complaint(
        session,
        complaint,
        reason="Waiting for the bank.",
        new_days=30,
        actor=HANDLER,
        channel="console",
        now=bj(2026, 8, 20),
    )
    assert complaint.due_at == end_of(2026, 9, 18)
    assert (complaint.extended_reason, complaint.extension_count) == ("Waiting for the bank.", 1)
    event = timeline(session, complaint)[-1]
    assert (event.kind, event.actor, event.note) == ("extended", "agent:h1", "Waiting for the bank.")
    with pytest.raises(InvalidInput):  # not later than the current date
        extend_complaint(
            session,
            complaint,
            reason="More.",
            new_days=20,
            actor=HANDLER,
            channel="console",
            now=bj(2026, 8, 21),
        )


def test_time_spent_waiting_for_the_customer_does_not_count_towards_the_30(
    session: Session, alice: int
) -> None:
    complaint = new_complaint(session, alice, FRIDAY_EVENING)
    ask_customer(
        session,
        complaint,
        request="Send the receipt.",
        actor=HANDLER,
        channel="console",
        now=bj(2026, 8, 10, 9),
    )
    add_information(
        session,
        complaint,
        text="Receipt.",
        actor=Viewer.customer(alice),
        channel="app",
        now=bj(2026, 8, 12, 9),
    )
    assert complaint.paused_business_days == 2
    assert complaint.due_at == end_of(2026, 9, 1)
    extend_complaint(
        session, complaint, reason="Bank.", new_days=30, actor=HANDLER, channel="console", now=bj(2026, 8, 20)
    )
    # 30 business days of ours end Friday 18 Sep; the 2 we waited add Sunday 20 (make-up) and Monday 21.
    assert complaint.due_at == end_of(2026, 9, 21)


def test_only_staff_extend_and_only_open_complaints(session: Session, alice: int) -> None:
    complaint = new_complaint(session, alice, FRIDAY_EVENING)
    with pytest.raises(PermissionDenied):
        extend_complaint(
            session,
            complaint,
            reason="Please.",
            new_days=20,
            actor=Viewer.customer(alice),
            channel="app",
            now=bj(2026, 8, 10),
        )
    case = new_case(session, alice, FRIDAY_EVENING)
    with pytest.raises(Conflict):
        extend_complaint(
            session, case, reason="Busy.", new_days=20, actor=AGENT, channel="console", now=bj(2026, 8, 10)
        )
    answered = case_in(session, "resolved", alice, FRIDAY_EVENING, kind="complaint")
    with pytest.raises(Conflict):
        extend_complaint(
            session,
            answered,
            reason="Late.",
            new_days=20,
            actor=HANDLER,
            channel="console",
            now=bj(2026, 8, 10),
        )


def test_a_complex_dispute_can_take_up_to_45_days(session: Session, alice: int) -> None:
    dispute = new_case(session, alice, bj(2026, 8, 3, 10), kind="dispute")
    assert dispute.due_at == end_of(2026, 8, 17)
    with pytest.raises(Conflict):
        extend_dispute(
            session,
            dispute,
            reason="Merchant abroad.",
            new_days=46,
            actor=DISPUTES,
            channel="console",
            now=bj(2026, 8, 10),
        )
    extend_dispute(
        session,
        dispute,
        reason="Merchant abroad.",
        new_days=45,
        actor=DISPUTES,
        channel="console",
        now=bj(2026, 8, 10),
    )
    assert dispute.due_at == end_of(2026, 9, 17)


def test_complaints_are_answered_with_a_final_response_listing_the_outside_bodies(
    session: Session, alice: int, bob: int
) -> None:
    for customer, locale, regulator in ((alice, "zh-CN", "金融监管部门"), (bob, "en", "Financial regulator")):
        complaint = case_in(session, "in_progress", customer, FRIDAY_EVENING, kind="complaint")
        with pytest.raises(Conflict):
            resolve(session, complaint, answer="Done.", actor=HANDLER, channel="console", now=bj(2026, 8, 20))
        response = final_response(
            session, complaint, text="We refund ¥200.", actor=HANDLER, channel="email", now=bj(2026, 8, 20)
        )
        assert response.locale == locale
        assert [c.key for c in response.channels] == ["regulator", "mediation", "legal"]
        assert regulator in response.channels[0].name
        assert response.channels[0].placeholder  # still to be configured
        assert (complaint.status, complaint.resolved_at) == ("resolved", bj(2026, 8, 20))
        event = timeline(session, complaint)[-1]
        assert (event.kind, event.channel, event.note) == ("final_response", "email", "We refund ¥200.")
        assert event.detail["channels"] == ["regulator", "mediation", "legal"]


def test_the_configured_channels_exist_in_both_languages() -> None:
    zh, en = external_channels("zh-CN"), external_channels("en")
    assert [c.key for c in zh] == [c.key for c in en]
    assert all(c.name and c.contact and c.note for c in zh + en)
    assert all("example" in c.contact for c in zh + en if c.placeholder)
    assert external_channels("fr") == en


def test_a_final_response_is_only_for_complaints(session: Session, alice: int) -> None:
    case = case_in(session, "in_progress", alice, FRIDAY_EVENING)
    with pytest.raises(Conflict):
        final_response(session, case, text="Hi.", actor=AGENT, channel="console", now=bj(2026, 8, 10))
