"""Business days in the service's time zone: weekends, public holidays, make-up working days and deadlines.

The rules are those of the help-center article "How business days and deadlines are counted": Monday to
Friday in Beijing time, public holidays excluded, a weekend day the official calendar makes a working day
(调休) included; the day a request arrives is day 0 and counting starts on the next business day. Which days
are holidays is data (``data/calendar.yaml``, read by :func:`load_calendar`); this module is the arithmetic.

Datetimes passed in should be timezone-aware; a naive one is taken as UTC, as the database hands them back.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from kefu.calendar import _source
from kefu.errors import InvalidInput

__all__ = ["DEFAULT_TIME_ZONE", "BusinessCalendar", "Holiday", "MakeUpWorkday", "load_calendar"]

DEFAULT_TIME_ZONE = "Asia/Shanghai"
_TOP_LEVEL_KEYS = {"time_zone", "weekend", "holidays", "workdays", "hours"}
#: Longer than any official holiday (Spring Festival is 9 days); a longer span is a typo in a year or month.
_MAX_HOLIDAY_DAYS = 31


@dataclass(frozen=True)
class Holiday:
    """A public holiday as officially scheduled: ``first`` to ``last`` inclusive, weekend days included."""

    first: date
    last: date
    name_zh: str
    name_en: str
    #: True while the year's official schedule is not yet published and the dates are only what the law fixes.
    provisional: bool = False

    def __contains__(self, day: object) -> bool:
        return isinstance(day, date) and self.first <= day <= self.last

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh-CN" else self.name_en


@dataclass(frozen=True)
class MakeUpWorkday:
    """A weekend day the official calendar makes a working day (调休上班)."""

    day: date
    name_zh: str
    name_en: str
    provisional: bool = False

    def name(self, locale: str) -> str:
        return self.name_zh if locale == "zh-CN" else self.name_en


class BusinessCalendar:
    """Which local days are business days, and deadlines counted in them.

    With no arguments: Beijing time, Saturday and Sunday off, no holidays (plain Monday to Friday).
    """

    tz: ZoneInfo

    def __init__(
        self,
        tz: ZoneInfo | None = None,
        *,
        weekend: Iterable[int] = (5, 6),
        holidays: Iterable[Holiday] = (),
        workdays: Iterable[MakeUpWorkday] = (),
    ) -> None:
        self.tz = tz or ZoneInfo(DEFAULT_TIME_ZONE)
        self.weekend = frozenset(weekend)
        if len(self.weekend) >= 7:
            raise ValueError("a calendar needs at least one working weekday")
        self.holidays = tuple(sorted(holidays, key=lambda holiday: holiday.first))
        self.workdays = tuple(sorted(workdays, key=lambda workday: workday.day))
        self._holiday_of = {
            holiday.first + timedelta(days=offset): holiday
            for holiday in self.holidays
            for offset in range((holiday.last - holiday.first).days + 1)
        }
        self._workday_of = {workday.day: workday for workday in self.workdays}

    def __repr__(self) -> str:
        return (
            f"BusinessCalendar({self.tz.key!r}, {len(self.holidays)} holidays, "
            f"{len(self.workdays)} make-up working days)"
        )

    @property
    def covered_years(self) -> frozenset[int]:
        """Years the holiday data speaks for; outside them every Monday to Friday counts."""
        days = [holiday.first for holiday in self.holidays] + [workday.day for workday in self.workdays]
        return frozenset(day.year for day in days)

    def local_datetime(self, at: datetime) -> datetime:
        """``at`` in the calendar's time zone (a naive ``at`` is taken as UTC)."""
        if at.tzinfo is None:
            at = at.replace(tzinfo=UTC)
        return at.astimezone(self.tz)

    def local_date(self, at: datetime) -> date:
        """The calendar date of the instant ``at`` in the calendar's time zone."""
        return self.local_datetime(at).date()

    def at(self, day: date, minutes: int = 0) -> datetime:
        """The local instant ``minutes`` after ``day`` begins (wall-clock; 1440 is the next midnight)."""
        return datetime.combine(day, time(), tzinfo=self.tz) + timedelta(minutes=minutes)

    def end_of_day(self, day: date) -> datetime:
        """The last instant of local ``day`` (23:59:59.999999): the deadline meant by "by day N"."""
        return datetime.combine(day, time.max, tzinfo=self.tz)

    def holiday(self, day: date) -> Holiday | None:
        return self._holiday_of.get(day)

    def make_up_workday(self, day: date) -> MakeUpWorkday | None:
        return self._workday_of.get(day)

    def is_business_day(self, day: date) -> bool:
        """Monday to Friday unless a public holiday; a make-up working day on a weekend is one too."""
        if day in self._workday_of:
            return True
        if day in self._holiday_of:
            return False
        return day.weekday() not in self.weekend

    def next_business_day(self, day: date) -> date:
        """The first business day strictly after ``day``."""
        day += timedelta(days=1)
        while not self.is_business_day(day):
            day += timedelta(days=1)
        return day

    def add_business_days(self, received_at: datetime, days: int) -> date:
        """The local date of business day ``days``, the day ``received_at`` falls on being day 0.

        Counting starts on the next business day, so a request on Friday evening has Monday as day 1, and
        one on Saturday too. ``days=0`` gives the local date of ``received_at`` itself.
        """
        if days < 0:
            raise InvalidInput(
                f"A number of business days cannot be negative (got {days}).",
                f"工作日天数不能为负数（收到 {days}）。",
                code="negative_business_days",
            )
        day = self.local_date(received_at)
        for _ in range(days):
            day = self.next_business_day(day)
        return day

    def business_days_between(self, start: datetime, end: datetime) -> int:
        """The number of business days d with local_date(start) < d <= local_date(end); 0 if end <= start."""
        start, end = self.local_datetime(start), self.local_datetime(end)
        first, last = start.date(), end.date()
        if end <= start:
            return 0
        return sum(
            1
            for offset in range(1, (last - first).days + 1)
            if self.is_business_day(first + timedelta(offset))
        )


def load_calendar(path: Path | None = None) -> BusinessCalendar:
    """The calendar in ``path`` (default: kefu's bundled ``data/calendar.yaml``), checked entry by entry.

    A bad date, an unknown weekday, an overlapping or inverted range raises :class:`InvalidInput` naming the
    file and the entry, in both languages.
    """
    path = path or _source.bundled_path()
    document = _source.read_document(path)
    _source.unknown_keys(path, "the top level", document, _TOP_LEVEL_KEYS)
    tz = _time_zone(path, document.get("time_zone", DEFAULT_TIME_ZONE))
    weekend = _weekend(path, document.get("weekend", ["saturday", "sunday"]))
    holidays = _holidays(path, document.get("holidays") or [])
    workdays = _workdays(path, document.get("workdays") or [], weekend, holidays)
    return BusinessCalendar(tz, weekend=weekend, holidays=holidays, workdays=workdays)


def _time_zone(path: Path, name: object) -> ZoneInfo:
    try:
        return ZoneInfo(str(name))
    except (ZoneInfoNotFoundError, ValueError):
        raise _source.invalid(
            path,
            "time_zone",
            f"unknown time zone {name!r}; use an IANA name such as {DEFAULT_TIME_ZONE}",
            f"未知时区“{name}”，请使用 IANA 名称，例如 {DEFAULT_TIME_ZONE}",
        ) from None


def _weekend(path: Path, raw: object) -> list[int]:
    if not isinstance(raw, list):
        raise _source.invalid(path, "weekend", "expected a list of weekdays", "应为星期名称列表")
    days = [_source.parse_weekday(path, f"weekend[{index}]", name) for index, name in enumerate(raw)]
    if len(set(days)) != len(days):
        raise _source.invalid(path, "weekend", "a weekday is listed twice", "有星期重复出现")
    if len(days) >= 7:
        raise _source.invalid(path, "weekend", "leave at least one working weekday", "至少要保留一个工作日")
    return days


def _entries(path: Path, section: str, raw: object) -> list[tuple[str, dict[str, Any]]]:
    if not isinstance(raw, list):
        raise _source.invalid(path, section, "expected a list of entries", "应为条目列表")
    return [
        (f"{section}[{index}]", _source.mapping(path, f"{section}[{index}]", entry))
        for index, entry in enumerate(raw)
    ]


def _provisional(path: Path, entry: str, raw: dict[str, Any]) -> bool:
    value = raw.get("provisional", False)
    if not isinstance(value, bool):
        raise _source.invalid(path, f"{entry}.provisional", "write true or false", "请填写 true 或 false")
    return value


def _holidays(path: Path, raw: object) -> list[Holiday]:
    holidays: list[Holiday] = []
    for entry, fields in _entries(path, "holidays", raw):
        _source.unknown_keys(path, entry, fields, {"date", "from", "to", "zh-CN", "en", "provisional"})
        name_zh, name_en = _source.names(path, entry, fields)
        entry = f"{entry} ({name_en})"
        if ("date" in fields) == ("from" in fields or "to" in fields):
            raise _source.invalid(
                path, entry, "give either date, or from and to", "请填写 date，或同时填写 from 和 to"
            )
        first = _source.parse_date(path, f"{entry}.from", fields.get("date", fields.get("from")))
        last = _source.parse_date(path, f"{entry}.to", fields.get("date", fields.get("to")))
        if last < first:
            raise _source.invalid(
                path,
                entry,
                f"ends ({last}) before it starts ({first})",
                f"结束日期 {last} 早于开始日期 {first}",
            )
        if (last - first).days >= _MAX_HOLIDAY_DAYS:
            raise _source.invalid(
                path,
                entry,
                f"spans {(last - first).days + 1} days; check the year and month",
                f"跨度达 {(last - first).days + 1} 天，请检查年份和月份",
            )
        holiday = Holiday(first, last, name_zh, name_en, _provisional(path, entry, fields))
        for earlier in holidays:
            if earlier.first <= last and first <= earlier.last:
                raise _source.invalid(
                    path,
                    entry,
                    f"overlaps {earlier.name_en} ({earlier.first} to {earlier.last})",
                    f"与{earlier.name_zh}（{earlier.first} 至 {earlier.last}）重叠",
                )
        holidays.append(holiday)
    return holidays


def _workdays(path: Path, raw: object, weekend: list[int], holidays: list[Holiday]) -> list[MakeUpWorkday]:
    workdays: dict[date, MakeUpWorkday] = {}
    for entry, fields in _entries(path, "workdays", raw):
        _source.unknown_keys(path, entry, fields, {"date", "zh-CN", "en", "provisional"})
        name_zh, name_en = _source.names(path, entry, fields)
        day = _source.parse_date(path, f"{entry}.date", fields.get("date"))
        if day.weekday() not in weekend:
            raise _source.invalid(
                path,
                entry,
                f"{day} is a {_source.WEEKDAYS[day.weekday()]}, already a working day; "
                "a make-up working day falls on a weekend",
                f"{day} 是{_source.weekday_zh(day.weekday())}，本来就是工作日；调休上班日应在周末",
            )
        if day in workdays:
            raise _source.invalid(path, entry, f"{day} is listed twice", f"{day} 重复出现")
        clash = next((holiday for holiday in holidays if day in holiday), None)
        if clash:
            raise _source.invalid(
                path,
                entry,
                f"{day} is inside the holiday {clash.name_en}",
                f"{day} 位于假期“{clash.name_zh}”之内",
            )
        workdays[day] = MakeUpWorkday(day, name_zh, name_en, _provisional(path, entry, fields))
    return list(workdays.values())
