"""What every verb in :mod:`kefu.cases` does first and last: check the channel, the actor's right to see
the case and the clock; move the status through :func:`kefu.cases.states.check_move`; record the event."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from kefu.cases.access import Viewer, check_case_access
from kefu.cases.records import Case, CaseEvent
from kefu.cases.states import check_move
from kefu.cases.timeline import change, check_channel, record_event, utc
from kefu.errors import InvalidInput
from kefu.store import utcnow

__all__ = ["MAX_TEXT", "begin", "move", "require_text", "set_due"]

#: Longest free text a verb takes (a summary, a reply, a reason).
MAX_TEXT = 10_000


def begin(session: Session, case: Case, actor: Viewer, channel: str, now: datetime | None) -> datetime:
    """Check the channel and that ``actor`` may see ``case``; the verb's instant as aware UTC."""
    check_channel(channel)
    check_case_access(session, actor, case)
    return utc(now if now is not None else utcnow())


def move(
    session: Session,
    case: Case,
    verb: str,
    *,
    actor: Viewer,
    channel: str,
    at: datetime,
    event: str = "status_changed",
    note: str = "",
    **detail: Any,
) -> CaseEvent:
    """Apply ``verb``'s move (or raise what is possible instead) and record it as one event."""
    source = case.status
    target = check_move(case.number, source, verb, actor.party)
    case.status = target
    return record_event(
        session,
        case,
        event,
        actor=actor,
        channel=channel,
        at=at,
        note=note,
        verb=verb,
        **change(source, target),
        **detail,
    )


def set_due(case: Case, due_at: datetime) -> None:
    """A new promised deadline (the scheduler may flag the case overdue again when it passes)."""
    case.due_at = due_at
    case.overdue_at = None


def require_text(text: str | None, what_en: str, what_zh: str, *, limit: int = MAX_TEXT) -> str:
    """``text`` stripped, or InvalidInput asking for it (empty or too long)."""
    value = (text or "").strip()
    if not value:
        raise InvalidInput(f"Please add {what_en}.", f"请填写{what_zh}。", code="missing_text")
    if len(value) > limit:
        raise InvalidInput(
            f"{what_en.capitalize()} is too long ({len(value)} characters, at most {limit}).",
            f"{what_zh}过长（{len(value)} 个字符，最多 {limit} 个）。",
            code="text_too_long",
        )
    return value
