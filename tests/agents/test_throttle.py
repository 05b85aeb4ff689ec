"""Too many failed sign-ins lock the username (5 in 15 minutes) or the IP address (20), counted from the
audit log at fixed times."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.agents.audit import recent
from kefu.agents.sessions import sign_in
from kefu.agents.throttle import PER_IP, PER_USERNAME, WINDOW
from kefu.errors import PermissionDenied, RateLimited

from .conftest import T0
from .people import PASSWORD, make_agent


def _fail(session: Session, username: str, *, minute: float, ip: str = "10.0.0.7") -> None:
    with pytest.raises(PermissionDenied):
        sign_in(session, username, "wrong guess!", ip=ip, at=T0 + timedelta(minutes=minute))


def test_five_failures_lock_the_username_even_for_the_right_password(session: Session) -> None:
    make_agent(session, "lina")
    for minute in range(PER_USERNAME):
        _fail(session, "lina", minute=minute, ip=f"10.0.0.{minute}")
    with pytest.raises(RateLimited) as locked:
        sign_in(session, "lina", PASSWORD, ip="10.9.9.9", at=T0 + timedelta(minutes=5))
    assert locked.value.code == "sign_in_throttled"
    assert locked.value.retry_after == 10 * 60  # the first failure leaves the window at minute 15
    assert "10 minute" in locked.value.message_en and "10 分钟" in locked.value.message_zh
    [throttled] = recent(session, action="sign_in_throttled")
    assert (throttled.subject, throttled.ip) == ("lina", "10.9.9.9")
    # a refused attempt is not counted: when the first failure ages out, one attempt is allowed again
    sign_in(session, "lina", PASSWORD, at=T0 + WINDOW)


def test_unknown_usernames_are_locked_alike(session: Session) -> None:
    for minute in range(PER_USERNAME):
        _fail(session, "nobody", minute=minute)
    with pytest.raises(RateLimited):
        sign_in(session, "NoBody", "wrong guess!", at=T0 + timedelta(minutes=6))


def test_a_successful_sign_in_clears_the_username_count(session: Session) -> None:
    make_agent(session, "lina")
    for minute in range(PER_USERNAME - 1):
        _fail(session, "lina", minute=minute)
    sign_in(session, "lina", PASSWORD, at=T0 + timedelta(minutes=4))
    _fail(session, "lina", minute=5)  # a typo after signing in does not lock the account
    sign_in(session, "lina", PASSWORD, at=T0 + timedelta(minutes=6))


def test_twenty_failures_from_one_ip_lock_it_for_every_name(session: Session) -> None:
    make_agent(session, "lina")
    for n in range(PER_IP):
        _fail(session, f"guess{n}", minute=n * 0.5, ip="203.0.113.9")
    with pytest.raises(RateLimited) as locked:
        sign_in(session, "lina", PASSWORD, ip="203.0.113.9", at=T0 + timedelta(minutes=10))
    assert locked.value.retry_after == 5 * 60
    sign_in(session, "lina", PASSWORD, ip="198.51.100.1", at=T0 + timedelta(minutes=10))


def test_old_failures_do_not_count(session: Session) -> None:
    make_agent(session, "lina")
    for minute in range(PER_USERNAME):
        _fail(session, "lina", minute=minute)
    sign_in(session, "lina", PASSWORD, at=T0 + timedelta(minutes=4) + WINDOW + timedelta(seconds=1))
