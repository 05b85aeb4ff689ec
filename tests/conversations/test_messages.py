"""Messages: server-assigned, strictly increasing sequence numbers; a retried send stores one message."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.conversations.access import Participant
from kefu.conversations.lifecycle import start_conversation
from kefu.conversations.messages import mark_read, messages_since, post_message, set_typing
from kefu.conversations.records import Conversation, Message
from kefu.errors import InvalidInput
from kefu.store import Database

from .people import OPEN


def test_sequence_numbers_count_up_from_one(session: Session, alice: int) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    seqs = [
        post_message(session, conversation, sender="customer", body=f"m{i}", at=OPEN)[0].seq for i in range(5)
    ]
    assert seqs == [1, 2, 3, 4, 5]
    assert conversation.last_seq == 5


def test_a_retried_send_returns_the_stored_message(session: Session, alice: int) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    first, created = post_message(
        session, conversation, sender="customer", body="hi", client_key="k1", at=OPEN
    )
    again, created_again = post_message(
        session, conversation, sender="customer", body="hi", client_key="k1", at=OPEN
    )
    assert created and not created_again
    assert again.id == first.id and again.seq == 1
    assert session.scalar(select(func.count()).select_from(Message)) == 1
    assert conversation.last_seq == 1


def test_the_same_key_in_another_conversation_is_another_message(
    session: Session, alice: int, bob: int
) -> None:
    one = start_conversation(session, customer_id=alice, at=OPEN).conversation
    two = start_conversation(session, customer_id=bob, at=OPEN).conversation
    a, _ = post_message(session, one, sender="customer", body="hi", client_key="same", at=OPEN)
    b, _ = post_message(session, two, sender="customer", body="hi", client_key="same", at=OPEN)
    assert a.id != b.id


@pytest.mark.parametrize("key", ["", " ", "x" * 65, "bad\nkey"])
def test_bad_client_keys_are_refused(session: Session, alice: int, key: str) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    with pytest.raises(InvalidInput):
        post_message(session, conversation, sender="customer", body="hi", client_key=key, at=OPEN)
    assert conversation.last_seq == 0


def _new_conversation(database: Database, customer: int) -> int:
    with database.session() as session:
        conversation = start_conversation(
            session, customer_id=customer, at=OPEN, context={"transaction_id": "T1"}
        )
        return conversation.conversation.id


def test_concurrent_senders_get_distinct_gapless_sequences(
    database: Database, session: Session, alice: int
) -> None:
    session.commit()
    conversation_id = _new_conversation(database, alice)
    start = threading.Barrier(6)

    def sender(worker: int) -> list[int]:
        start.wait()
        seqs = []
        for i in range(20):
            with database.session() as own:
                conversation = own.get(Conversation, conversation_id)
                assert conversation is not None
                message, _ = post_message(own, conversation, sender="customer", body=f"{worker}-{i}", at=OPEN)
                seqs.append(message.seq)
        return seqs

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(sender, range(6)))
    every = sorted(seq for seqs in results for seq in seqs)
    assert every == list(range(1, 121))
    for seqs in results:  # each sender saw its own messages in increasing order
        assert seqs == sorted(seqs)
    with database.session() as check:
        stored = check.scalars(select(Message.seq).where(Message.conversation_id == conversation_id)).all()
        assert sorted(stored) == list(range(1, 121))


def test_concurrent_retries_of_one_send_store_one_message(
    database: Database, session: Session, alice: int
) -> None:
    session.commit()
    conversation_id = _new_conversation(database, alice)
    start = threading.Barrier(5)

    def retry(_: int) -> int:
        start.wait()
        with database.session() as own:
            conversation = own.get(Conversation, conversation_id)
            assert conversation is not None
            message, _created = post_message(
                own, conversation, sender="customer", body="once", client_key="retry-1", at=OPEN
            )
            return message.seq

    with ThreadPoolExecutor(5) as pool:
        seqs = set(pool.map(retry, range(5)))
    assert seqs == {1}
    with database.session() as check:
        assert check.scalar(select(func.count()).select_from(Message)) == 1
        conversation = check.get(Conversation, conversation_id)
        assert conversation is not None and conversation.last_seq == 1


def test_internal_notes_are_for_staff_only(session: Session, alice: int, zhang: Participant) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    post_message(session, conversation, sender="customer", body="hello", at=OPEN)
    post_message(session, conversation, sender="agent", body="VIP, be quick", internal=True, at=OPEN)
    post_message(session, conversation, sender="agent", body="Hi!", at=OPEN)
    assert [m.body for m in messages_since(session, conversation, 0, staff=False)] == ["hello", "Hi!"]
    assert len(messages_since(session, conversation, 0, staff=True)) == 3
    assert [m.seq for m in messages_since(session, conversation, 1, staff=True)] == [2, 3]


def test_read_marks_only_move_forward(session: Session, alice: int, zhang: Participant) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    for i in range(3):
        post_message(session, conversation, sender="agent", body=str(i), at=OPEN)
    customer = Participant.customer(alice)
    mark_read(session, conversation, customer, 2)
    mark_read(session, conversation, customer, 1)
    mark_read(session, conversation, zhang, 99)
    session.flush()
    session.refresh(conversation)
    assert conversation.customer_read_seq == 2
    assert conversation.agent_read_seq == 3  # never past the last message


def test_changes_of_state_bump_the_revision_messages_the_sequence(session: Session, alice: int) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    session.flush()
    session.refresh(conversation)
    before = conversation.revision
    set_typing(session, conversation, Participant.customer(alice), OPEN)
    session.flush()
    session.refresh(conversation)
    assert conversation.revision == before + 1
    assert conversation.customer_typing_until is not None
    post_message(session, conversation, sender="customer", body="hi", at=OPEN)
    session.refresh(conversation)
    assert conversation.revision == before + 1 and conversation.last_seq == 1
    assert conversation.customer_typing_until is None  # sending ends typing
