"""When people answer chat: the shared calendar's "agents" schedule, and the promise for left messages."""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from kefu.calendar import OpeningHours, load_hours

__all__ = ["REPLY_BY_HOUR", "agent_hours", "hours_text", "reply_by"]

#: A message left outside hours is answered by this hour (Beijing time) of the next opening day.
REPLY_BY_HOUR = 10


@cache
def agent_hours() -> OpeningHours:
    return load_hours("agents")


def reply_by(at: datetime, hours: OpeningHours | None = None) -> datetime:
    """When a message left at ``at`` is answered: REPLY_BY_HOUR on the day agents next come in."""
    hours = hours or agent_hours()
    opening = hours.calendar.local_datetime(hours.next_opening(at))
    promised = opening.replace(hour=REPLY_BY_HOUR, minute=0, second=0, microsecond=0)
    return promised if promised >= opening else promised + timedelta(days=1)


def hours_text(hours: OpeningHours | None = None) -> str:
    """The opening hours as "08:00–22:00" (the first range of a normal day)."""
    hours = hours or agent_hours()
    ranges = hours.weekly[0]
    return ", ".join(str(r) for r in ranges) if ranges else "-"
