"""Promised response times (``data/deadlines.yaml``) and the business-day arithmetic on them.

A deadline is always the last instant of a Beijing business day: a promise of N business days made at
``start`` is due at ``cal.end_of_day(cal.add_business_days(start, N))``. While a case waits for the
customer the clock is paused, and answering moves the deadline later by the business days spent waiting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kefu.calendar.business import BusinessCalendar, load_calendar

__all__ = ["DeadlineRules", "KindRules", "calendar", "due_after", "rules", "shift_for_pause"]


@dataclass(frozen=True)
class KindRules:
    team: str
    business_days: int
    max_business_days: int | None = None
    max_calendar_days: int | None = None
    ack_hours: int | None = None


@dataclass(frozen=True)
class DeadlineRules:
    kinds: dict[str, KindRules]
    topics: dict[str, int]
    senior_review_business_days: int
    waiting_limit: timedelta
    reopen_window: timedelta
    escalation_window: timedelta

    def response_days(self, kind: str, topic: str = "") -> int:
        """Business days promised for a new ``kind`` case on ``topic`` (topics refine service cases)."""
        if kind == "case" and topic in self.topics:
            return self.topics[topic]
        return self.kinds[kind].business_days


@cache
def rules() -> DeadlineRules:
    data: dict[str, Any] = yaml.safe_load(
        files("kefu.cases").joinpath("data/deadlines.yaml").read_text("utf-8")
    )
    return DeadlineRules(
        kinds={kind: KindRules(**values) for kind, values in data["kinds"].items()},
        topics={str(topic): int(days) for topic, days in data["topics"].items()},
        senior_review_business_days=int(data["senior_review_business_days"]),
        waiting_limit=timedelta(days=int(data["waiting_limit_days"])),
        reopen_window=timedelta(days=int(data["reopen_window_days"])),
        escalation_window=timedelta(days=int(data["escalation_window_days"])),
    )


@cache
def calendar() -> BusinessCalendar:
    """The service's business-day calendar (Beijing time, CN holidays), loaded once."""
    return load_calendar()


def due_after(start: datetime, business_days: int) -> datetime:
    """The deadline ``business_days`` after ``start`` (day 0 = ``start``'s Beijing date)."""
    cal = calendar()
    return cal.end_of_day(cal.add_business_days(start, business_days))


def shift_for_pause(due_at: datetime, waiting_since: datetime, now: datetime) -> tuple[datetime, int]:
    """``due_at`` moved later by the business days between ``waiting_since`` and ``now``, and that count."""
    paused = calendar().business_days_between(waiting_since, now)
    if paused <= 0:
        return due_at, 0
    return due_after(due_at, paused), paused
