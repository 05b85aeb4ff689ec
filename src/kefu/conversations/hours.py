"""When people answer chat: a named schedule of the shared calendar (``agents`` unless the server's
``KEFU_CHAT_HOURS`` names another, e.g. ``emergency`` for a 24/7 team), and the promise for left messages.

The schedule is chosen once per process at startup (:func:`use_schedule`, called by the app factory), like
the calendar file itself: every conversation in a deployment follows the same hours.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from functools import cache

from kefu.calendar import OpeningHours, load_hours

__all__ = ["REPLY_BY_HOUR", "agent_hours", "hours_text", "reply_by", "use_schedule"]

#: A message left outside hours is answered by this hour (Beijing time) of the next opening day.
REPLY_BY_HOUR = 10


_schedule = ["agents"]


def use_schedule(name: str) -> None:
    """Chat follows the calendar's schedule ``name`` from now on (checked: an unknown name raises)."""
    load_hours(name)
    _schedule[0] = name


@cache
def _hours(name: str) -> OpeningHours:
    return load_hours(name)


def agent_hours() -> OpeningHours:
    return _hours(_schedule[0])


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
