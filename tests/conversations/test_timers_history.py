"""The 10-minute idle end, retention (180 days shown, 3 years kept), and My conversations."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.attachments import CheckedFile, LocalStorage
from kefu.conversations.access import Participant
from kefu.conversations.history import my_conversations
from kefu.conversations.lifecycle import (
    accept,
    end_conversation,
    hide,
    open_case_from_conversation,
    request_agent,
    start_conversation,
)
from kefu.conversations.messages import post_message
from kefu.conversations.records import Attachment, Conversation, Message
from kefu.conversations.timers import apply_retention, end_idle
from kefu.conversations.uploads import store_upload

from .people import OPEN


def test_a_chat_waiting_for_the_customer_ends_after_ten_minutes(
    session: Session, alice: int, zhang: Participant
) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    post_message(session, conversation, sender="customer", body="退款问题", at=OPEN)
    request_agent(session, conversation, at=OPEN)
    accept(session, conversation, zhang, at=OPEN)
    post_message(session, conversation, sender="agent", body="请提供订单号", at=OPEN + timedelta(minutes=1))
    assert end_idle(session, OPEN + timedelta(minutes=10, seconds=59)) == 0
    assert end_idle(session, OPEN + timedelta(minutes=11, seconds=1)) == 1
    session.refresh(conversation)
    assert conversation.status == "ended" and conversation.end_reason == "idle"


def test_a_customer_waiting_for_us_is_never_timed_out(
    session: Session, alice: int, zhang: Participant
) -> None:
    conversation = start_conversation(session, customer_id=alice, at=OPEN).conversation
    request_agent(session, conversation, at=OPEN)
    post_message(session, conversation, sender="customer", body="还在吗", at=OPEN)
    assert end_idle(session, OPEN + timedelta(hours=1)) == 0  # queued
    accept(session, conversation, zhang, at=OPEN + timedelta(hours=1))
    post_message(session, conversation, sender="customer", body="在吗？", at=OPEN + timedelta(hours=1))
    assert end_idle(session, OPEN + timedelta(hours=2)) == 0  # the agent owes the reply
    session.refresh(conversation)
    assert conversation.status == "agent"


def _file() -> CheckedFile:
    return CheckedFile("image", "image/png", b"\x89PNG fake", 1, 1, "shot.png", "0" * 64, 9)


def test_retention_archives_then_deletes_with_files(session: Session, alice: int, tmp_path: Path) -> None:
    files = tmp_path / "uploads"
    storage = LocalStorage(files)
    old = start_conversation(session, customer_id=alice, at=OPEN).conversation
    me = Participant.customer(alice)
    upload = store_upload(session, old, me, _file(), storage, at=OPEN)
    key = upload.storage_key
    post_message(session, old, sender="customer", body="old", at=OPEN)
    end_conversation(session, old, me, at=OPEN)
    assert apply_retention(session, OPEN + timedelta(days=179), storage=storage) == (0, 0)
    assert apply_retention(session, OPEN + timedelta(days=181), storage=storage) == (1, 0)
    assert my_conversations(session, alice, now=OPEN + timedelta(days=181)) == []
    assert apply_retention(session, OPEN + timedelta(days=3 * 365 + 2), storage=storage) == (0, 1)
    assert session.scalar(select(func.count()).select_from(Conversation)) == 0
    assert session.scalar(select(func.count()).select_from(Message)) == 0
    assert session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert (files / key).parent.is_dir() and not [p for p in files.rglob("*") if p.is_file()]


def test_my_conversations_newest_first_searchable_hidden_left_out(
    session: Session, alice: int, bob: int, zhang: Participant
) -> None:
    me = Participant.customer(alice)
    refund = start_conversation(session, customer_id=alice, at=OPEN).conversation
    post_message(session, refund, sender="customer", body="退款一直没到账", at=OPEN)
    request_agent(session, refund, at=OPEN)
    accept(session, refund, zhang, at=OPEN)
    case = open_case_from_conversation(session, refund, zhang, topic="refund", summary="退款未到账", at=OPEN)
    end_conversation(session, refund, me, at=OPEN)
    later = OPEN + timedelta(days=2)
    login = start_conversation(session, customer_id=alice, at=later).conversation
    post_message(session, login, sender="customer", body="I cannot log in", at=later)
    theirs = start_conversation(session, customer_id=bob, at=later).conversation
    post_message(session, theirs, sender="customer", body="退款", at=later)

    items = my_conversations(session, alice, now=later)
    assert [i.conversation.id for i in items] == [login.id, refund.id]
    assert items[1].case_number == case.number and items[1].first_message == "退款一直没到账"
    assert items[1].can_continue
    assert [i.conversation.id for i in my_conversations(session, alice, now=later, query="退款")] == [
        refund.id
    ]
    assert [i.conversation.id for i in my_conversations(session, alice, now=later, query="LOG IN")] == [
        login.id
    ]
    by_number = my_conversations(session, alice, now=later, query=case.number.lower())
    assert [i.conversation.id for i in by_number] == [refund.id]
    assert my_conversations(session, alice, now=later, query="100%_") == []
    assert not my_conversations(session, alice, now=OPEN + timedelta(days=8))[1].can_continue
    hide(session, refund, me)
    assert [i.conversation.id for i in my_conversations(session, alice, now=later)] == [login.id]
