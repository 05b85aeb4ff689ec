"""The buttons a customer's case page offers are exactly the verbs that would succeed."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.orm import Session

from kefu.cases import Viewer, resolve, start_work
from kefu.cases.actions import available_actions

from .scenes import AGENT, bj, new_case


def test_actions_follow_the_case_rules(session: Session, alice: int) -> None:
    opened = bj(2026, 11, 2, 10)
    me = Viewer.customer(alice)
    case = new_case(session, alice, opened)
    assert available_actions(case, me, opened) == ["add_information"]  # nothing to escalate yet
    assert "escalate" in available_actions(case, me, case.due_at + timedelta(seconds=1))  # promise missed
    start_work(session, case, actor=AGENT, channel="console", now=opened)
    resolve(session, case, answer="Done.", actor=AGENT, channel="console", now=opened + timedelta(days=1))
    answered = opened + timedelta(days=2)
    assert available_actions(case, me, answered) == ["escalate", "reopen", "close"]
    assert available_actions(case, me, opened + timedelta(days=40)) == ["close"]  # windows passed
