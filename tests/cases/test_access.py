"""Who sees which case: customers only their own (a foreign one is NotFound, never revealed), agents their
team's queue, the complaints team complaints and what they cite, supervisors everything."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.cases import (
    SYSTEM,
    Viewer,
    can_view_case,
    case_by_id,
    case_by_number,
    cases_by_phone,
    cases_of_customer,
)
from kefu.cases.access import check_case_access
from kefu.errors import InvalidInput, NotFound, PermissionDenied

from .scenes import AGENT, DISPUTES, HANDLER, SENIOR, SUPERVISOR, bj, case_in, new_case, new_complaint

T0 = bj(2026, 11, 2, 10)


def test_a_customer_never_sees_another_customers_case(session: Session, alice: int, bob: int) -> None:
    mine = new_case(session, alice, T0)
    theirs = new_case(session, bob, T0)
    me = Viewer.customer(alice)
    assert case_by_number(session, mine.number, me) is mine
    assert case_by_number(session, mine.number.lower(), me) is mine
    with pytest.raises(NotFound) as foreign:
        case_by_number(session, theirs.number, me)
    with pytest.raises(NotFound) as missing:
        case_by_number(session, "C261102999999", me)
    # The same answer whether the number exists or not.
    assert foreign.value.message_en.replace(theirs.number, "#") == missing.value.message_en.replace(
        "C261102999999", "#"
    )
    assert case_by_id(session, mine.id, me) is mine
    with pytest.raises(NotFound) as by_id:
        case_by_id(session, theirs.id, me)
    assert theirs.number not in str(by_id.value)


def test_a_malformed_number_is_invalid_input(session: Session, alice: int) -> None:
    with pytest.raises(InvalidInput):
        case_by_number(session, "12345", Viewer.customer(alice))


def test_agents_see_their_teams_queue_and_their_own_cases(session: Session, alice: int) -> None:
    case = new_case(session, alice, T0)
    dispute = new_case(session, alice, T0, kind="dispute")
    assert can_view_case(AGENT, case)
    assert not can_view_case(AGENT, dispute)
    assert can_view_case(DISPUTES, dispute)
    assert not can_view_case(SENIOR, case)
    case.assignee = "s1"
    assert can_view_case(SENIOR, case)
    with pytest.raises(PermissionDenied):
        check_case_access(session, DISPUTES, case)


def test_the_complaints_team_sees_complaints_and_the_cases_they_cite(session: Session, alice: int) -> None:
    cited = case_in(session, "resolved", alice, T0)
    other = new_case(session, alice, T0)
    complaint = new_complaint(session, alice, T0, cites=cited.number)
    assert can_view_case(HANDLER, complaint)
    assert not can_view_case(AGENT, complaint)
    assert check_case_access(session, HANDLER, cited) is cited
    with pytest.raises(PermissionDenied):
        check_case_access(session, HANDLER, other)


@pytest.mark.parametrize("viewer", [SUPERVISOR, Viewer.agent("root", "support", role="admin"), SYSTEM])
def test_supervisors_admins_and_the_system_see_everything(
    session: Session, alice: int, viewer: Viewer
) -> None:
    for case in (new_case(session, alice, T0, kind="dispute"), new_complaint(session, alice, T0)):
        assert can_view_case(viewer, case)


def test_unknown_roles_see_nothing(session: Session, alice: int) -> None:
    assert not can_view_case(Viewer(role="guest"), new_case(session, alice, T0))


def test_a_customers_own_list_newest_first_and_by_kind(session: Session, alice: int, bob: int) -> None:
    first = new_case(session, alice, T0)
    complaint = new_complaint(session, alice, bj(2026, 11, 3, 10))
    new_case(session, bob, T0)
    assert cases_of_customer(session, alice) == [complaint, first]
    assert cases_of_customer(session, alice, kind="complaint") == [complaint]


def test_agents_find_cases_by_the_registered_phone_however_typed(
    session: Session, alice: int, bob: int
) -> None:
    case = new_case(session, alice, T0)
    dispute = new_case(session, alice, T0, kind="dispute")
    new_case(session, bob, T0)
    assert cases_by_phone(session, "138 0000 0001", AGENT) == [case]
    assert cases_by_phone(session, "+8613800000001", SUPERVISOR) == [dispute, case]
    assert cases_by_phone(session, "13900000000", AGENT) == []
    with pytest.raises(PermissionDenied):
        cases_by_phone(session, "13800000001", Viewer.customer(alice))
