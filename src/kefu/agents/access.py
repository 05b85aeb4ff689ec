"""What a signed-in agent may do: the :class:`~kefu.cases.Viewer` they act on cases as, and role checks.

Roles, from :data:`~kefu.agents.accounts.STAFF_ROLES`: ``agent`` works their team's queue, ``supervisor``
sees every queue, ``admin`` also manages agent accounts.
"""

from __future__ import annotations

from typing import Protocol

from kefu.agents.records import Agent
from kefu.cases.access import Viewer
from kefu.errors import PermissionDenied

__all__ = ["HasRole", "actor", "require_role", "viewer_for"]

_ROLE_NAMES = {
    "agent": ("agent", "坐席"),
    "supervisor": ("supervisor", "主管"),
    "admin": ("admin", "管理员"),
}


class HasRole(Protocol):
    """An agent row or anything carrying one's role (the console's signed-in agent)."""

    @property
    def role(self) -> str: ...


def viewer_for(agent: Agent) -> Viewer:
    """How ``agent`` acts on cases: ``agent:<code>``, their team's queue, their role."""
    return Viewer.agent(agent.code, agent.team, role=agent.role)


def actor(agent: Agent) -> str:
    """How timelines and the audit log name ``agent``: ``agent:<code>``."""
    return f"agent:{agent.code}"


def require_role(agent: HasRole, *roles: str) -> None:
    """PermissionDenied unless ``agent``'s role is one of ``roles``."""
    if agent.role in roles:
        return
    names_en = " or ".join(_ROLE_NAMES.get(role, (role, role))[0] for role in roles)
    names_zh = "或".join(_ROLE_NAMES.get(role, (role, role))[1] for role in roles)
    raise PermissionDenied(
        f"Only an {names_en} can do this. Ask an admin if you need it."
        if names_en[0] in "aeiou"
        else f"Only a {names_en} can do this. Ask an admin if you need it.",
        f"只有{names_zh}可以进行此操作。如有需要，请联系管理员。",
        code="role_required",
    )
