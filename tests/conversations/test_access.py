"""One customer can never open another's conversation or file; guests only their own; agents theirs and
their languages' queue."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.attachments import CheckedFile, LocalStorage
from kefu.conversations.access import SYSTEM, Participant, get_conversation
from kefu.conversations.lifecycle import accept, request_agent, start_conversation
from kefu.conversations.uploads import attachment_for, store_upload
from kefu.errors import NotFound

from .people import OPEN, make_agent


def _file() -> CheckedFile:
    return CheckedFile(
        kind="pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 test",
        width=None,
        height=None,
        filename="statement.pdf",
        sha256="0" * 64,
        size=13,
    )


def test_customers_and_guests_see_only_their_own(session: Session, alice: int, bob: int, tmp_path) -> None:
    mine = start_conversation(session, customer_id=alice, at=OPEN).conversation
    guest = start_conversation(session, customer_id=None, at=OPEN).conversation
    a, b = Participant.customer(alice), Participant.customer(bob)
    assert get_conversation(session, mine.id, a) is mine
    for who, conversation_id in (
        (b, mine.id),
        (a, guest.id),
        (Participant.guest(guest.id), mine.id),
        (a, 99999),
    ):
        with pytest.raises(NotFound) as caught:
            get_conversation(session, conversation_id, who)
        assert caught.value.code == "conversation_not_found"
    storage = LocalStorage(tmp_path)
    upload = store_upload(session, mine, a, _file(), storage, at=OPEN)
    assert attachment_for(session, upload.id, a).id == upload.id
    for who in (b, Participant.guest(guest.id)):
        with pytest.raises(NotFound):
            attachment_for(session, upload.id, who)


def test_agents_see_their_chats_and_their_languages_queue(session: Session, alice: int, bob: int) -> None:
    zhang = make_agent(session, "zhang", "KF3001", languages=("zh-CN",))
    emma = make_agent(session, "emma", "KF3002", languages=("en",))
    boss = make_agent(session, "boss", "KF3003", role="supervisor")
    chinese = start_conversation(session, customer_id=alice, at=OPEN).conversation
    english = start_conversation(session, customer_id=bob, at=OPEN, locale="en").conversation
    with pytest.raises(NotFound):  # the assistant still has it: not in any agent's queue yet
        get_conversation(session, chinese.id, zhang)
    request_agent(session, chinese, at=OPEN)
    request_agent(session, english, at=OPEN)
    assert get_conversation(session, chinese.id, zhang) is chinese
    with pytest.raises(NotFound):
        get_conversation(session, english.id, zhang)
    accept(session, english, emma, at=OPEN)
    with pytest.raises(NotFound):
        get_conversation(session, english.id, zhang)
    assert get_conversation(session, english.id, boss) is english
    assert get_conversation(session, english.id, SYSTEM) is english
