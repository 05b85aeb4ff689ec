"""What a party may do with a case right now — the buttons "My cases" shows — asked of the same rules the
verbs enforce, so a button is shown exactly when pressing it would work."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from kefu.cases.access import Viewer
from kefu.cases.escalation import check_escalation_allowed
from kefu.cases.lifecycle import check_reopen_allowed
from kefu.cases.records import Case
from kefu.cases.states import check_move
from kefu.cases.timeline import utc
from kefu.errors import KefuError
from kefu.store import utcnow

__all__ = ["CUSTOMER_ACTIONS", "available_actions"]

#: The verbs a customer's case page offers, in display order, with the extra rule each one has.
CUSTOMER_ACTIONS: tuple[tuple[str, Callable[[Case, datetime], None] | None], ...] = (
    ("add_information", None),
    ("escalate", check_escalation_allowed),
    ("reopen", check_reopen_allowed),
    ("close", None),
)


def available_actions(case: Case, viewer: Viewer, now: datetime | None = None) -> list[str]:
    """The verbs of :data:`CUSTOMER_ACTIONS` that ``viewer`` could perform on ``case`` at ``now``."""
    at = utc(now if now is not None else utcnow())
    allowed = []
    for verb, rule in CUSTOMER_ACTIONS:
        try:
            check_move(case.number, case.status, verb, viewer.party)
            if rule is not None:
                rule(case, at)
        except KefuError:
            continue
        allowed.append(verb)
    return allowed
