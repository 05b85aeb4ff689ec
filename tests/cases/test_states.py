"""The move table: every allowed move works through its verb; refused ones say what is possible instead."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy.orm import Session

from kefu.cases import (
    Case,
    Viewer,
    add_information,
    ask_customer,
    close,
    close_answered,
    close_stale,
    escalate_case,
    final_response,
    reopen,
    reply,
    resolve,
    start_work,
    timeline,
)
from kefu.cases.states import MOVES, STATUSES, Move, check_move, status_name
from kefu.errors import Conflict, PermissionDenied

from .scenes import AGENT, HANDLER, bj, case_in

T0 = bj(2026, 11, 2, 10)  # a Monday


def _apply(session: Session, case: Case, verb: str, actor: Viewer) -> None:
    later = T0 + timedelta(hours=1)
    common = {"actor": actor, "channel": "app" if actor.role == "customer" else "console"}
    if verb == "start_work":
        start_work(session, case, now=later, **common)
    elif verb == "ask_customer":
        ask_customer(session, case, request="Send a receipt.", now=later, **common)
    elif verb == "add_information":
        add_information(session, case, text="Here it is.", now=later, **common)
    elif verb == "reply":
        reply(session, case, text="Looking into it.", now=later, **common)
    elif verb == "resolve":
        resolve(session, case, answer="Done.", now=later, **common)
    elif verb == "final_response":
        final_response(session, case, text="We refund ¥200.", now=later, **common)
    elif verb == "reopen":
        reopen(session, case, text="It happened again.", now=later, **common)
    elif verb == "escalate":
        when = later if case.status == "resolved" else T0 + timedelta(days=30)  # past the promised date
        escalate_case(session, case, reason="Still not there.", now=when, **common)
    elif verb == "close":
        close(session, case, now=later, **common)
    else:
        raise AssertionError(verb)


def _rows() -> list[tuple[Move, str]]:
    return [(move, party) for move in MOVES if move.verb != "auto_close" for party in sorted(move.parties)]


@pytest.mark.parametrize(
    ("move", "party"), _rows(), ids=lambda v: v.verb + ":" + v.source if isinstance(v, Move) else v
)
def test_every_allowed_move_works_through_its_verb(
    session: Session, alice: int, move: Move, party: str
) -> None:
    kind = "complaint" if move.verb == "final_response" else "case"
    case = case_in(session, move.source, alice, T0, kind=kind)
    actor = Viewer.customer(alice) if party == "customer" else (HANDLER if kind == "complaint" else AGENT)
    before = len(timeline(session, case))
    _apply(session, case, move.verb, actor)
    assert case.status == move.target
    events = timeline(session, case)[before:]
    assert events and all(e.actor == actor.actor for e in events)


@pytest.mark.parametrize("source", ["waiting", "resolved"])
def test_the_system_closes_waiting_and_answered_cases(session: Session, alice: int, source: str) -> None:
    case = case_in(session, source, alice, T0)
    sweep = close_stale if source == "waiting" else close_answered
    assert sweep(session, T0 + timedelta(days=31)) == [case.number]
    assert case.status == "closed"
    assert timeline(session, case)[-1].actor == "system"


@pytest.mark.parametrize(
    ("status", "verb"),
    [
        ("received", "reopen"),
        ("closed", "add_information"),
        ("in_progress", "start_work"),
        ("waiting", "resolve"),
        ("waiting", "reply"),
        ("resolved", "ask_customer"),
        ("resolved", "resolve"),
        ("closed", "reopen"),
        ("closed", "start_work"),
        ("closed", "escalate"),
    ],
)
def test_refused_moves_are_conflicts(status: str, verb: str) -> None:
    with pytest.raises(Conflict) as raised:
        check_move("C261102000001", status, verb, "agent")
    assert "C261102000001" in raised.value.message_en
    assert status_name(status, "zh-CN") in raised.value.message_zh


def test_a_refusal_says_what_is_possible_instead() -> None:
    with pytest.raises(Conflict) as raised:
        check_move("C261102000001", "resolved", "add_information", "customer")
    assert "reopen it (Still have a problem)" in raised.value.message_en
    assert "Not resolved – escalate" in raised.value.message_en
    assert "仍有问题" in raised.value.message_zh
    with pytest.raises(Conflict) as closed:
        check_move("C261102000001", "closed", "reopen", "customer")
    assert "open a new case and quote C261102000001" in closed.value.message_en
    assert "注明原编号 C261102000001" in closed.value.message_zh


def test_a_move_for_someone_else_is_permission_denied() -> None:
    with pytest.raises(PermissionDenied):
        check_move("C261102000001", "received", "start_work", "customer")
    with pytest.raises(PermissionDenied):
        check_move("C261102000001", "waiting", "auto_close", "agent")


def test_customers_cannot_work_their_own_case(session: Session, alice: int) -> None:
    case = case_in(session, "received", alice, T0)
    with pytest.raises(PermissionDenied):
        start_work(session, case, actor=Viewer.customer(alice), channel="app", now=T0)
    assert case.status == "received"


def test_the_table_knows_every_status() -> None:
    assert {m.source for m in MOVES} | {m.target for m in MOVES} == set(STATUSES)
    assert not [m for m in MOVES if m.source == "closed"]
