"""Who may see which case: every permission check on cases goes through here.

- A customer sees only their own cases. Asking for anyone else's, by number or by id, gets the same
  :class:`~kefu.errors.NotFound` as a number that was never issued, so nothing reveals it exists.
- An agent sees their team's queue and the cases assigned to them; the complaints team also sees the
  cases a complaint cites (it reviews the whole history).
- Supervisors, admins and the system (the scheduler) see everything.

The same :class:`Viewer` is the acting party passed to every verb in :mod:`kefu.cases`; its
:attr:`~Viewer.actor` string is what the timeline records.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from kefu.cases.records import Case
from kefu.errors import NotFound, PermissionDenied

__all__ = [
    "ROLES",
    "SYSTEM",
    "TEAMS",
    "Viewer",
    "can_view_case",
    "check_agent",
    "check_case_access",
    "may_view",
    "not_found",
]

#: customer; agent (works a team's queue); supervisor and admin (see every case); system (the scheduler).
ROLES: tuple[str, ...] = ("customer", "agent", "supervisor", "admin", "system")
TEAMS: tuple[str, ...] = ("support", "senior", "complaints", "disputes")


@dataclass(frozen=True)
class Viewer:
    """Someone looking at or acting on cases: a customer, an agent (id, team, role) or the system."""

    role: str
    customer_id: int | None = None
    agent_id: str | None = None
    team: str | None = None

    @classmethod
    def customer(cls, customer_id: int) -> Viewer:
        return cls(role="customer", customer_id=customer_id)

    @classmethod
    def agent(cls, agent_id: str, team: str = "support", *, role: str = "agent") -> Viewer:
        return cls(role=role, agent_id=agent_id, team=team)

    @property
    def party(self) -> str:
        """Which side of the transition table this viewer acts on: customer, agent or system."""
        if self.role in ("customer", "system"):
            return self.role
        return "agent"

    @property
    def actor(self) -> str:
        """How the timeline names this viewer: ``customer:<id>``, ``agent:<id>`` or ``system``."""
        if self.role == "customer":
            return f"customer:{self.customer_id}"
        if self.role == "system":
            return "system"
        return f"agent:{self.agent_id}"


#: The scheduler (auto-close, overdue moves).
SYSTEM = Viewer(role="system")


def can_view_case(viewer: Viewer, case: Case, *, cited_by_complaint: bool = False) -> bool:
    """Whether ``viewer`` may see ``case`` (``cited_by_complaint``: a complaint refers to it)."""
    if viewer.role in ("supervisor", "admin", "system"):
        return True
    if viewer.role == "customer":
        return case.customer_id == viewer.customer_id
    if viewer.role != "agent":
        return False
    if viewer.team is not None and case.team == viewer.team:
        return True
    if viewer.agent_id is not None and case.assignee == viewer.agent_id:
        return True
    if viewer.team == "complaints" and case.kind == "complaint":
        return True
    return viewer.team == "complaints" and cited_by_complaint


def may_view(session: Session, viewer: Viewer, case: Case) -> bool:
    """:func:`can_view_case`, looking up whether a complaint cites ``case`` when that matters."""
    cited = viewer.team == "complaints" and _cited_by_complaint(session, case)
    return can_view_case(viewer, case, cited_by_complaint=cited)


def check_case_access(session: Session, viewer: Viewer, case: Case) -> Case:
    """``case`` if ``viewer`` may see it; otherwise NotFound for a customer, PermissionDenied for staff."""
    if may_view(session, viewer, case):
        return case
    if viewer.role == "customer":
        raise not_found(case.number)
    raise PermissionDenied(
        f"Case {case.number} is in the {case.team} team's queue, not yours.",
        f"案件 {case.number} 属于 {case.team} 团队的队列，不在你的权限内。",
    )


def check_agent(viewer: Viewer, what_en: str, what_zh: str) -> None:
    """PermissionDenied unless ``viewer`` is staff (agent, supervisor, admin)."""
    if viewer.party != "agent":
        raise PermissionDenied(f"Only support staff can {what_en}.", f"只有客服人员可以{what_zh}。")


def not_found(number: str) -> NotFound:
    """The one answer for a number that does not exist or is not the customer's own."""
    return NotFound(
        f"We can't find case {number}. Check the number under Me > Help center > My cases, "
        "or ask in online chat.",
        f"找不到案件 {number}。请在“我的 > 帮助中心 > 我的案件”中核对编号，或咨询在线客服。",
        code="case_not_found",
    )


def _cited_by_complaint(session: Session, case: Case) -> bool:
    complaint = select(Case.id).where(Case.parent_id == case.id, Case.kind == "complaint")
    return bool(session.scalar(select(exists(complaint))))
