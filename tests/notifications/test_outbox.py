"""The outbox on both backends: idempotent enqueue, delivery, retries with backoff, giving up, and two
deliverers at once never sending a message twice."""

from __future__ import annotations

import threading
import time
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kefu.cases import Viewer, open_case
from kefu.identity.customers import upsert_customer
from kefu.notifications import (
    MAX_ATTEMPTS,
    DeliveryError,
    LogSender,
    Notification,
    OutgoingMessage,
    backoff,
    deliver_due,
    enqueue,
)
from kefu.store import Database

T0 = datetime(2026, 11, 25, 1, 0, tzinfo=UTC)


class Recording:
    """A sender that keeps what it was given; thread-safe; fails the first ``failures`` sends."""

    def __init__(self, failures: int = 0, *, pause: float = 0.0) -> None:
        self.failures = failures
        self.pause = pause
        self.calls = 0
        self.sent: list[OutgoingMessage] = []
        self._lock = threading.Lock()

    def send(self, message: OutgoingMessage) -> None:
        time.sleep(self.pause)
        with self._lock:
            self.calls += 1
            if self.calls <= self.failures:
                raise DeliveryError(f"gateway down ({self.calls})")
            self.sent.append(message)


@pytest.fixture
def session(database: Database) -> Iterator[Session]:
    with database.session() as session:
        yield session


def add(session: Session, key: str, *, channel: str = "sms", recipient: str = "+8613800000001", **kw):
    return enqueue(
        session,
        key=key,
        channel=channel,
        recipient=recipient,
        locale=kw.pop("locale", "zh-CN"),
        subject=kw.pop("subject", "您的案件已受理"),
        body=kw.pop("body", "您好，我们已收到您的问题。"),
        now=kw.pop("now", T0),
        **kw,
    )


def test_the_same_key_twice_stores_one_row(session: Session) -> None:
    first = add(session, "case:C261125000001:created:sms")
    second = add(session, "case:C261125000001:created:sms", body="something else")
    assert first is not None and first.id and first.status == "pending"
    assert second is None
    rows = session.scalars(select(Notification)).all()
    assert [(row.idempotency_key, row.body) for row in rows] == [
        ("case:C261125000001:created:sms", "您好，我们已收到您的问题。")
    ]


def test_an_unknown_channel_is_refused(session: Session) -> None:
    from kefu.errors import InvalidInput

    with pytest.raises(InvalidInput):
        add(session, "k", channel="fax")


def test_delivery_marks_sent_and_passes_the_case_number(session: Session) -> None:
    customer = upsert_customer(session, external_id="w-1", phone="+8613800000001", locale="zh-CN")
    case = open_case(
        session,
        customer_id=customer.id,
        topic="transfer",
        summary="A transfer has been pending.",
        actor=Viewer.customer(customer.id),
        channel="app",
        now=T0,
    )
    # opening the case put its "we received it" messages in the outbox, in the same transaction
    [row] = session.scalars(
        select(Notification).where(Notification.case_id == case.id, Notification.channel == "sms")
    ).all()
    sender, inapp = Recording(), Recording()
    report = deliver_due(session, T0, {"sms": sender, "inapp": inapp})
    assert row.id in report.sent and report.retried == report.failed == []
    assert row.status == "sent" and row.sent_at == T0 and row.attempts == 1
    assert [(m.recipient, m.case_number) for m in sender.sent] == [("+8613800000001", case.number)]
    assert case.number in sender.sent[0].body
    assert [m.recipient for m in inapp.sent] == [str(customer.id)]
    assert deliver_due(session, T0 + timedelta(hours=1), {"sms": sender, "inapp": inapp}).sent == []  # once


def test_a_message_is_not_sent_before_it_is_due(session: Session) -> None:
    add(session, "later", now=T0 + timedelta(minutes=5))
    assert deliver_due(session, T0, {"sms": Recording()}).sent == []


def test_failures_are_retried_with_growing_backoff_until_sent(session: Session) -> None:
    row = add(session, "case:C261125000001:status:resolved:sms")
    sender = Recording(failures=3)
    now, waits = T0, []
    while row.status == "pending":
        assert deliver_due(session, now - timedelta(seconds=1), {"sms": sender}).sent == []  # not yet due
        deliver_due(session, now, {"sms": sender})
        if row.status == "pending":
            waits.append(row.next_attempt_at - now)
            assert row.last_error == f"DeliveryError: gateway down ({row.attempts})"
            now = row.next_attempt_at
    assert waits == [timedelta(seconds=30), timedelta(minutes=2), timedelta(minutes=8)]
    assert row.status == "sent" and row.attempts == 4 and row.last_error is None and row.sent_at == now
    assert [m.key for m in sender.sent] == ["case:C261125000001:status:resolved:sms"]  # nothing lost


def test_backoff_grows_fourfold_up_to_an_hour() -> None:
    assert [backoff(n) for n in range(1, 7)] == [
        timedelta(seconds=30),
        timedelta(minutes=2),
        timedelta(minutes=8),
        timedelta(minutes=32),
        timedelta(hours=1),
        timedelta(hours=1),
    ]


def test_after_max_attempts_the_message_is_failed(session: Session) -> None:
    row = add(session, "never")
    sender = Recording(failures=1000)
    now = T0
    for _ in range(MAX_ATTEMPTS):
        deliver_due(session, now, {"sms": sender})
        now = row.next_attempt_at
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS
    assert row.last_error == f"DeliveryError: gateway down ({MAX_ATTEMPTS})"
    assert deliver_due(session, now + timedelta(days=1), {"sms": sender}).sent == []
    assert sender.calls == MAX_ATTEMPTS


def test_a_raising_sender_fails_only_its_own_row(session: Session) -> None:
    class Picky:
        def send(self, message: OutgoingMessage) -> None:
            if message.recipient.endswith("2"):
                raise RuntimeError("unexpected bug")

    ok = add(session, "a", recipient="+8613800000001")
    bad = add(session, "b", recipient="+8613800000002")
    no_sender = add(session, "c", channel="email", recipient="a@example.com")
    inapp = add(session, "d", channel="inapp", recipient="7")
    report = deliver_due(session, T0, {"sms": Picky(), "inapp": LogSender()})
    assert sorted(report.sent) == sorted([ok.id, inapp.id])
    assert sorted(report.retried) == sorted([bad.id, no_sender.id])
    assert bad.last_error == "RuntimeError: unexpected bug"
    assert "no sender" in (no_sender.last_error or "")


def test_two_deliverers_never_send_a_message_twice(database: Database) -> None:
    with database.session() as session:
        for n in range(30):
            add(session, f"k{n}", recipient=f"+86138000000{n:02d}")
    sender = Recording(pause=0.005)
    start = threading.Barrier(2)
    errors: list[BaseException] = []

    def deliver() -> None:
        try:
            start.wait()
            with database.session() as session:
                deliver_due(session, T0, {"sms": sender}, limit=100)
        except BaseException as exc:  # surfaced below
            errors.append(exc)

    threads = [threading.Thread(target=deliver) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    counts = Counter(m.key for m in sender.sent)
    assert len(counts) == 30 and set(counts.values()) == {1}
    with database.session() as session:
        sent = session.scalar(select(func.count()).where(Notification.status == "sent"))
        assert sent == 30
