"""Opening hours: named weekly schedules in the service's time zone (agents, English service, 24/7 lines).

Each schedule in the ``hours:`` section of ``calendar.yaml`` gives time ranges per weekday (``daily`` for the
days not named) and says whether public holidays change them. The help-center articles promise the same
hours every day, weekends and public holidays included, so most schedules say ``holidays_change_hours:
false``; one that follows the business calendar gives ``on_holidays`` and ``on_make_up_workdays`` ranges.
Times are wall-clock times in the calendar's time zone; a range may end at ``24:00`` and never crosses
midnight (write ``22:00-24:00`` and ``00:00-02:00`` on the next day instead).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from kefu.calendar import _source
from kefu.calendar.business import BusinessCalendar, load_calendar
from kefu.errors import NotFound, Unavailable

__all__ = ["OpeningHours", "TimeRange", "load_hours", "load_schedules"]

_DAY_MINUTES = 24 * 60
#: How far ahead next_opening / closes_at look: past any holiday season and a whole year of calendar data.
_HORIZON_DAYS = 400
_RANGE = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*$")
_SCHEDULE_KEYS = {"zh-CN", "en", "weekly", "holidays_change_hours", "on_holidays", "on_make_up_workdays"}


@dataclass(frozen=True, order=True)
class TimeRange:
    """Open from ``start`` to ``end`` (exclusive), in minutes after local midnight; ``end`` may be 1440."""

    start: int
    end: int

    def __str__(self) -> str:
        return f"{_clock(self.start)}–{_clock(self.end)}"

    def contains(self, offset: timedelta) -> bool:
        return timedelta(minutes=self.start) <= offset < timedelta(minutes=self.end)


_ALL_DAY = (TimeRange(0, _DAY_MINUTES),)


class OpeningHours:
    """One named schedule: when it is open, when it next opens, when the current opening ends."""

    def __init__(
        self,
        name: str,
        weekly: Sequence[Sequence[TimeRange]],
        calendar: BusinessCalendar | None = None,
        *,
        holidays_change_hours: bool = False,
        on_holidays: Sequence[TimeRange] = (),
        on_make_up_workdays: Sequence[TimeRange] = (),
        name_zh: str = "",
        name_en: str = "",
    ) -> None:
        if len(weekly) != 7:
            raise ValueError("weekly hours need one list of ranges per weekday, Monday first")
        self.name = name
        self.calendar = calendar or BusinessCalendar()
        self.weekly = tuple(tuple(sorted(ranges)) for ranges in weekly)
        self.holidays_change_hours = holidays_change_hours
        self.on_holidays = tuple(sorted(on_holidays))
        self.on_make_up_workdays = tuple(sorted(on_make_up_workdays))
        self.name_zh = name_zh or name
        self.name_en = name_en or name

    def __repr__(self) -> str:
        return f"OpeningHours({self.name!r}, {'24/7' if self.always_open else 'scheduled'})"

    def title(self, locale: str) -> str:
        return self.name_zh if locale == "zh-CN" else self.name_en

    @property
    def always_open(self) -> bool:
        """Open around the clock every day (holidays too): such a schedule never closes."""
        days = list(self.weekly)
        if self.holidays_change_hours:
            days += [self.on_holidays, self.on_make_up_workdays]
        return all(ranges == _ALL_DAY for ranges in days)

    def hours_on(self, day: date) -> tuple[TimeRange, ...]:
        """The ranges open on local ``day``, earliest first (empty when closed all day)."""
        if self.holidays_change_hours:
            if self.calendar.holiday(day):
                return self.on_holidays
            if self.calendar.make_up_workday(day):
                return self.on_make_up_workdays
        return self.weekly[day.weekday()]

    def is_open(self, at: datetime) -> bool:
        return self._current(at) is not None

    def next_opening(self, at: datetime) -> datetime:
        """``at`` itself (made aware) when open, else the local instant the schedule next opens."""
        local = self.calendar.local_datetime(at)
        if self._current(at) is not None:
            return at if at.tzinfo else local
        for offset in range(_HORIZON_DAYS):
            day = local.date() + timedelta(days=offset)
            for hours in self.hours_on(day):
                opening = self.calendar.at(day, hours.start)
                if opening > local:
                    return opening
        raise Unavailable(
            f"The {self.name_en} schedule does not open in the next {_HORIZON_DAYS} days.",
            f"“{self.name_zh}”在未来 {_HORIZON_DAYS} 天内没有开放时间。",
            code="never_open",
        )

    def closes_at(self, at: datetime) -> datetime | None:
        """When the opening ``at`` is in ends (a local instant); None if closed now or if it never closes."""
        current = self._current(at)
        if current is None or self.always_open:
            return None
        day, end = self.calendar.local_date(at), current.end
        for _ in range(_HORIZON_DAYS):
            if end < _DAY_MINUTES:
                return self.calendar.at(day, end)
            following = self.hours_on(day + timedelta(days=1))
            if not following or following[0].start != 0:
                return self.calendar.at(day, end)
            day, end = day + timedelta(days=1), following[0].end
        return None

    def _current(self, at: datetime) -> TimeRange | None:
        local = self.calendar.local_datetime(at)
        offset = local - local.replace(hour=0, minute=0, second=0, microsecond=0)
        return next((hours for hours in self.hours_on(local.date()) if hours.contains(offset)), None)


def load_schedules(
    calendar: BusinessCalendar | None = None, path: Path | None = None
) -> dict[str, OpeningHours]:
    """Every schedule in the ``hours:`` section of ``path`` (default: the bundled calendar), checked."""
    path = path or _source.bundled_path()
    section = _source.mapping(path, "hours", _source.read_document(path).get("hours") or {})
    calendar = calendar or load_calendar(path)
    return {str(name): _schedule(path, str(name), raw, calendar) for name, raw in section.items()}


def load_hours(name: str, calendar: BusinessCalendar | None = None, path: Path | None = None) -> OpeningHours:
    """The schedule called ``name`` ("agents", "english", "emergency", ...) from ``path``'s ``hours:``."""
    schedules = load_schedules(calendar, path)
    if name not in schedules:
        known = ", ".join(sorted(schedules)) or "none"
        raise NotFound(
            f"There are no opening hours called {name!r} (known: {known}).",
            f"没有名为“{name}”的服务时间（已有：{known}）。",
            code="unknown_hours",
        )
    return schedules[name]


def _schedule(path: Path, name: str, raw: object, calendar: BusinessCalendar) -> OpeningHours:
    entry = f"hours.{name}"
    fields = _source.mapping(path, entry, raw)
    _source.unknown_keys(path, entry, fields, _SCHEDULE_KEYS)
    name_zh, name_en = _source.names(path, entry, fields)
    weekly = _weekly(path, f"{entry}.weekly", fields.get("weekly"))
    follows = fields.get("holidays_change_hours", False)
    if not isinstance(follows, bool):
        raise _source.invalid(
            path, f"{entry}.holidays_change_hours", "write true or false", "请填写 true 或 false"
        )
    special = {key: fields[key] for key in ("on_holidays", "on_make_up_workdays") if key in fields}
    if len(special) != (2 if follows else 0):
        raise _source.invalid(
            path,
            entry,
            "give on_holidays and on_make_up_workdays exactly when holidays_change_hours is true",
            "仅当 holidays_change_hours 为 true 时填写 on_holidays 和 on_make_up_workdays（两者都要填写）",
        )
    if not any(weekly):
        raise _source.invalid(path, f"{entry}.weekly", "the schedule is never open", "该时间表从不开放")
    return OpeningHours(
        name,
        weekly,
        calendar,
        holidays_change_hours=follows,
        on_holidays=_ranges(path, f"{entry}.on_holidays", special.get("on_holidays", [])),
        on_make_up_workdays=_ranges(
            path, f"{entry}.on_make_up_workdays", special.get("on_make_up_workdays", [])
        ),
        name_zh=name_zh,
        name_en=name_en,
    )


def _weekly(path: Path, entry: str, raw: object) -> list[tuple[TimeRange, ...]]:
    days: dict[str, Any] = _source.mapping(path, entry, raw)
    every_day = _ranges(path, f"{entry}.daily", days["daily"]) if "daily" in days else ()
    weekly = [every_day] * 7
    for key, value in days.items():
        if key != "daily":
            number = _source.parse_weekday(path, f"{entry}.{key}", key)
            weekly[number] = _ranges(path, f"{entry}.{key}", value)
    return weekly


def _ranges(path: Path, entry: str, raw: object) -> tuple[TimeRange, ...]:
    if not isinstance(raw, list):
        raise _source.invalid(
            path,
            entry,
            'expected a list of ranges such as ["08:00-22:00"]',
            '应为时间段列表，例如 ["08:00-22:00"]',
        )
    ranges = sorted(_range(path, f"{entry}[{index}]", text) for index, text in enumerate(raw))
    merged: list[TimeRange] = []
    for hours in ranges:
        if merged and hours.start < merged[-1].end:
            raise _source.invalid(
                path, entry, f"{merged[-1]} and {hours} overlap", f"时间段 {merged[-1]} 与 {hours} 重叠"
            )
        if merged and hours.start == merged[-1].end:  # back to back: one opening
            merged[-1] = TimeRange(merged[-1].start, hours.end)
        else:
            merged.append(hours)
    return tuple(merged)


def _range(path: Path, entry: str, raw: object) -> TimeRange:
    match = _RANGE.match(str(raw))
    if not match:
        raise _source.invalid(
            path, entry, f"{raw!r} is not a range like 08:00-22:00", f"“{raw}”不是形如 08:00-22:00 的时间段"
        )
    start_h, start_m, end_h, end_m = (int(part) for part in match.groups())
    start, end = start_h * 60 + start_m, end_h * 60 + end_m
    if start_m > 59 or end_m > 59 or start >= _DAY_MINUTES or end > _DAY_MINUTES:
        raise _source.invalid(
            path,
            entry,
            f"{raw!r} is not a time of day (00:00 to 24:00)",
            f"“{raw}”不是有效时刻（00:00 至 24:00）",
        )
    if end <= start:
        raise _source.invalid(
            path,
            entry,
            f"{raw!r} ends before it starts; split a range across midnight into two days",
            f"“{raw}”结束早于开始；跨午夜的时间段请拆成两天填写",
        )
    return TimeRange(start, end)


def _clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
