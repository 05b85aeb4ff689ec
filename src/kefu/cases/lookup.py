"""Finding cases: by number or id (access-checked), a customer's own list, and by phone for agents."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases.access import SYSTEM, Viewer, check_agent, check_case_access, may_view, not_found
from kefu.cases.numbers import parse_number
from kefu.cases.records import Case
from kefu.errors import Conflict, NotFound
from kefu.identity.customers import find_by_phone

__all__ = ["case_by_id", "case_by_number", "cases_by_phone", "cases_of_customer", "cited_case"]


def case_by_number(session: Session, number: str, viewer: Viewer) -> Case:
    """The case with this number (typed loosely: spaces, lower case, full width), if ``viewer`` may see it.

    A customer gets the same NotFound for someone else's case as for a number never issued.
    """
    canonical = parse_number(number)
    case = session.scalars(select(Case).where(Case.number == canonical)).one_or_none()
    if case is None:
        raise not_found(canonical)
    return check_case_access(session, viewer, case)


def case_by_id(session: Session, case_id: int, viewer: Viewer) -> Case:
    """The case with this id, if ``viewer`` may see it (NotFound otherwise, for customers)."""
    case = session.get(Case, case_id)
    if case is None:
        raise NotFound(f"There is no case {case_id}.", f"案件 {case_id} 不存在。", code="case_not_found")
    try:
        return check_case_access(session, viewer, case)
    except NotFound:
        raise NotFound(
            f"There is no case {case_id}.", f"案件 {case_id} 不存在。", code="case_not_found"
        ) from None


def cases_of_customer(session: Session, customer_id: int, kind: str | None = None) -> list[Case]:
    """A customer's cases ("My cases"; ``kind="complaint"`` for "My complaints"), newest first."""
    query = select(Case).where(Case.customer_id == customer_id)
    if kind is not None:
        query = query.where(Case.kind == kind)
    return list(session.scalars(query.order_by(Case.received_at.desc(), Case.id.desc())))


def cases_by_phone(session: Session, phone: str, viewer: Viewer) -> list[Case]:
    """The cases of every customer registered with ``phone`` that this agent may see, newest first.

    For "Lost the number? ask in online chat; agents can look it up with your registered phone number".
    """
    check_agent(viewer, "look cases up by phone number", "按手机号查询案件")
    ids = [customer.id for customer in find_by_phone(session, phone)]
    if not ids:
        return []
    query = select(Case).where(Case.customer_id.in_(ids)).order_by(Case.received_at.desc(), Case.id.desc())
    return [case for case in session.scalars(query) if may_view(session, viewer, case)]


def cited_case(session: Session, number: str, viewer: Viewer, customer_id: int) -> Case:
    """The earlier case a new case or complaint for ``customer_id`` quotes.

    A customer can quote only their own cases (others are NotFound). Staff may link any case of the same
    customer, whichever queue it is in: the complaints team files complaints about support's cases.
    """
    parent = case_by_number(session, number, viewer if viewer.party == "customer" else SYSTEM)
    if parent.customer_id != customer_id:
        raise Conflict(
            f"Case {parent.number} belongs to another customer and can't be quoted here.",
            f"案件 {parent.number} 属于其他客户，不能在此引用。",
            code="case_of_another_customer",
        )
    return parent
