"""A chat's life: start, the queue by language, hours and leaving a message, accept, transfer, end, rate,
continue within 7 days, hide."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import Case
from kefu.conversations.access import Participant
from kefu.conversations.lifecycle import (
    accept,
    continue_conversation,
    end_conversation,
    hide,
    leave_message,
    open_case_from_conversation,
    rate,
    request_agent,
    start_conversation,
    transfer,
)
from kefu.conversations.messages import messages_since
from kefu.conversations.queue import queue_position, waiting
from kefu.errors import Conflict, InvalidInput, PermissionDenied

from .people import BEIJING, CLOSED, OPEN, bj, make_agent, make_customer


def test_a_customer_picks_up_their_live_chat(session: Session, alice: int) -> None:
    first = start_conversation(session, customer_id=alice, at=OPEN)
    again = start_conversation(session, customer_id=alice, at=OPEN)
    assert not first.resumed and again.resumed
    assert again.conversation.id == first.conversation.id
    assert first.guest_token is None


def test_a_chat_from_a_transaction_carries_it(session: Session, alice: int) -> None:
    live = start_conversation(session, customer_id=alice, at=OPEN).conversation
    started = start_conversation(
        session, customer_id=alice, at=OPEN, context={"transaction_id": "T20261202001", "amount": 88.5}
    )
    assert started.conversation.id != live.id  # a transaction opens its own chat
    assert started.conversation.context == {"transaction_id": "T20261202001", "amount": "88.5"}
    with pytest.raises(InvalidInput):
        start_conversation(session, customer_id=alice, at=OPEN, context={"password": "x"})


def test_guests_get_a_token_and_a_new_chat_each_time(session: Session) -> None:
    one = start_conversation(session, customer_id=None, at=OPEN)
    two = start_conversation(session, customer_id=None, at=OPEN)
    assert one.guest_token and two.guest_token and one.guest_token != two.guest_token
    assert one.conversation.id != two.conversation.id
    assert one.conversation.guest_token_hash != one.guest_token  # only the hash is kept


def test_asking_for_a_person_in_hours_joins_the_language_queue(
    session: Session, alice: int, bob: int
) -> None:
    a = start_conversation(session, customer_id=alice, at=OPEN).conversation
    b = start_conversation(session, customer_id=bob, at=OPEN, locale="en").conversation
    carol = make_customer(session, "w-carol")
    c = start_conversation(session, customer_id=carol, at=OPEN).conversation
    assert request_agent(session, a, at=OPEN).position == 1
    assert request_agent(session, b, at=OPEN + timedelta(seconds=1)).position == 1  # its own (English) queue
    handoff = request_agent(session, c, at=OPEN + timedelta(seconds=2))
    assert handoff.outcome == "queued" and handoff.position == 2
    assert request_agent(session, c, at=OPEN).outcome == "already"
    lines = messages_since(session, c, 0, staff=False)
    assert lines[-1].sender == "system" and "1" in lines[-1].body  # "1 ahead of you"


def test_emergencies_go_first(session: Session, alice: int, bob: int) -> None:
    a = start_conversation(session, customer_id=alice, at=OPEN).conversation
    request_agent(session, a, at=OPEN)
    dave = make_customer(session, "w-dave")
    d = start_conversation(session, customer_id=dave, at=OPEN).conversation
    assert request_agent(session, d, at=OPEN + timedelta(minutes=1), priority=True).position == 1
    assert queue_position(session, a) == 2
    assert [c.id for c in waiting(session, ("zh-CN",))] == [d.id, a.id]


def test_outside_hours_the_next_message_is_left_for_the_team(session: Session, alice: int) -> None:
    conversation = start_conversation(session, customer_id=alice, at=CLOSED).conversation
    assert request_agent(session, conversation, at=CLOSED).outcome == "leave_message"
    assert conversation.status == "bot" and conversation.assistant_state["leave_message"]
    case = leave_message(session, conversation, "充值没到账，订单 T1", at=CLOSED + timedelta(minutes=1))
    assert isinstance(case, Case) and case.number.startswith("C")
    # left at 23:31 → answered by 10:00 the next morning, Beijing time
    assert case.due_at.astimezone(BEIJING) == bj(2026, 12, 3, 10, 0)
    assert conversation.case_id == case.id and conversation.status == "ended"
    assert conversation.end_reason == "left_message"
    assert case.number in messages_since(session, conversation, 0, staff=False)[-1].body


def test_a_message_left_after_midnight_is_answered_that_morning(session: Session, alice: int) -> None:
    night = bj(2026, 12, 3, 2, 0)
    conversation = start_conversation(session, customer_id=alice, at=night).conversation
    request_agent(session, conversation, at=night)
    case = leave_message(session, conversation, "help", at=night)
    assert case.due_at.astimezone(BEIJING) == bj(2026, 12, 3, 10, 0)


def test_guests_outside_hours_are_told_to_sign_in_or_call(session: Session) -> None:
    conversation = start_conversation(session, customer_id=None, at=CLOSED).conversation
    assert request_agent(session, conversation, at=CLOSED).outcome == "guest_closed"
    with pytest.raises(PermissionDenied):
        leave_message(session, conversation, "help", at=CLOSED)


def test_one_of_two_agents_gets_the_chat(
    session: Session, alice: int, zhang: Participant, li: Participant
) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    request_agent(session, conversation, at=OPEN)
    accept(session, conversation, zhang, at=OPEN)
    assert conversation.status == "agent" and conversation.agent_id == zhang.agent_id
    with pytest.raises(Conflict):
        accept(session, conversation, li, at=OPEN)
    joined = messages_since(session, conversation, 0, staff=False)[-1]
    assert "KF2001" in joined.body


def test_an_agent_at_capacity_cannot_take_more(session: Session) -> None:
    busy = make_agent(session, "busy", "KF2100", max_chats=1)
    chats = []
    for i in range(2):
        customer = make_customer(session, f"w-{i}")
        conversation = start_conversation(session, customer_id=customer, at=OPEN).conversation
        request_agent(session, conversation, at=OPEN)
        chats.append(conversation)
    accept(session, chats[0], busy, at=OPEN)
    with pytest.raises(Conflict):
        accept(session, chats[1], busy, at=OPEN)


def test_transfer_to_an_agent_or_back_to_a_queue(
    session: Session, alice: int, zhang: Participant, emma: Participant
) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    request_agent(session, conversation, at=OPEN)
    accept(session, conversation, zhang, at=OPEN)
    transfer(session, conversation, zhang, at=OPEN, to_agent_id=emma.agent_id)
    assert conversation.agent_id == emma.agent_id and conversation.status == "agent"
    transfer(session, conversation, emma, at=OPEN, to_locale="en")
    assert conversation.status == "queued" and conversation.queue_locale == "en"
    assert conversation.agent_id is None
    with pytest.raises(PermissionDenied):
        transfer(session, conversation, Participant.customer(alice), at=OPEN)


def test_rating_comes_after_the_end(session: Session, alice: int, bob: int) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    me = Participant.customer(alice)
    with pytest.raises(Conflict):
        rate(session, conversation, me, stars=5, comment=None, at=OPEN)
    end_conversation(session, conversation, me, at=OPEN)
    assert conversation.end_reason == "customer"
    with pytest.raises(InvalidInput):
        rate(session, conversation, me, stars=6, comment=None, at=OPEN)
    rate(session, conversation, me, stars=4, comment="  快  ", at=OPEN)
    assert (conversation.rating, conversation.rating_comment) == (4, "快")


def test_continue_within_seven_days_back_to_the_same_team(
    session: Session, alice: int, zhang: Participant
) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    me = Participant.customer(alice)
    request_agent(session, conversation, at=OPEN)
    accept(session, conversation, zhang, at=OPEN)
    end_conversation(session, conversation, zhang, at=OPEN)
    later = OPEN + timedelta(days=6, hours=23)
    continue_conversation(session, conversation, me, at=later)
    assert conversation.status == "queued" and conversation.agent_id == zhang.agent_id
    end_conversation(session, conversation, me, at=later)
    with pytest.raises(Conflict):
        continue_conversation(session, conversation, me, at=later + timedelta(days=8))


def test_hide_and_open_a_case(session: Session, alice: int, zhang: Participant) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    request_agent(session, conversation, at=OPEN)
    accept(session, conversation, zhang, at=OPEN)
    case = open_case_from_conversation(
        session, conversation, zhang, topic="payment", summary="charged but order failed", at=OPEN
    )
    assert conversation.case_id == case.id
    assert case.number in messages_since(session, conversation, 0, staff=False)[-1].body
    with pytest.raises(PermissionDenied):
        hide(session, conversation, zhang)
    hide(session, conversation, Participant.customer(alice))
    assert conversation.hidden
