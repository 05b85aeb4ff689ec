"""Opening hours: agents 08:00–22:00 every day, English 08:00–20:00, 24/7 lines, business-day schedules."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from calendar_testing import BEIJING, beijing, write_calendar

from kefu.calendar import BusinessCalendar, OpeningHours, TimeRange, load_hours, load_schedules
from kefu.errors import NotFound


@pytest.fixture(scope="module")
def agents() -> OpeningHours:
    return load_hours("agents")


@pytest.mark.parametrize(
    ("hour", "minute", "is_open"),
    [(7, 59, False), (8, 0, True), (21, 59, True), (22, 0, False), (0, 0, False), (13, 0, True)],
)
def test_agents_are_on_from_8_to_22_beijing_time(
    agents: OpeningHours, hour: int, minute: int, is_open: bool
) -> None:
    assert agents.is_open(beijing(2026, 3, 9, hour, minute)) is is_open


def test_the_boundaries_hold_to_the_second(agents: OpeningHours) -> None:
    eight = beijing(2026, 3, 9, 8)
    assert not agents.is_open(eight - timedelta(microseconds=1))
    assert agents.is_open(eight)
    ten_pm = beijing(2026, 3, 9, 22)
    assert agents.is_open(ten_pm - timedelta(microseconds=1))
    assert not agents.is_open(ten_pm)


def test_hours_are_read_in_beijing_time_whatever_zone_the_instant_is_in(agents: OpeningHours) -> None:
    assert agents.is_open(datetime(2026, 3, 9, 0, 0, tzinfo=UTC))  # 08:00 in Beijing
    assert not agents.is_open(datetime(2026, 3, 8, 23, 59, tzinfo=UTC))  # 07:59 in Beijing
    assert not agents.is_open(datetime(2026, 3, 9, 14, 0))  # naive = UTC: 22:00 in Beijing
    assert agents.is_open(datetime(2026, 3, 9, 13, 59))


def test_agents_keep_their_hours_on_weekends_and_public_holidays(agents: OpeningHours) -> None:
    assert agents.is_open(beijing(2026, 3, 8, 10))  # Sunday
    assert agents.is_open(beijing(2026, 10, 1, 10))  # National Day
    assert agents.is_open(beijing(2026, 2, 17, 8))  # Spring Festival
    assert not agents.is_open(beijing(2026, 2, 17, 22))


def test_english_service_ends_at_20(agents: OpeningHours) -> None:
    english = load_hours("english")
    assert english.is_open(beijing(2026, 3, 9, 19, 59))
    assert not english.is_open(beijing(2026, 3, 9, 20))
    assert agents.is_open(beijing(2026, 3, 9, 20))
    assert english.closes_at(beijing(2026, 3, 9, 9)) == beijing(2026, 3, 9, 20)


@pytest.mark.parametrize("name", ["emergency", "assistant"])
def test_a_24_7_schedule_is_always_open_and_never_closes(name: str) -> None:
    hours = load_hours(name)
    assert hours.always_open
    for at in (beijing(2026, 3, 9, 3, 30), beijing(2026, 2, 17, 23, 59), beijing(2026, 10, 1, 0)):
        assert hours.is_open(at)
        assert hours.next_opening(at) == at
        assert hours.closes_at(at) is None


def test_next_opening_across_a_day(agents: OpeningHours) -> None:
    assert agents.next_opening(beijing(2026, 3, 9, 22, 30)) == beijing(2026, 3, 10, 8)
    assert agents.next_opening(beijing(2026, 3, 9, 22)) == beijing(2026, 3, 10, 8)
    assert agents.next_opening(beijing(2026, 3, 10, 3)) == beijing(2026, 3, 10, 8)
    assert agents.next_opening(datetime(2026, 3, 9, 15, tzinfo=UTC)) == beijing(2026, 3, 10, 8)  # 23:00 BJT
    assert agents.next_opening(beijing(2026, 3, 10, 8)).tzinfo is BEIJING


def test_next_opening_is_the_instant_itself_when_open(agents: OpeningHours) -> None:
    at = datetime(2026, 3, 9, 5, 0, tzinfo=UTC)  # 13:00 in Beijing
    assert agents.next_opening(at) is at
    assert agents.next_opening(datetime(2026, 3, 9, 5, 0)) == at  # a naive one comes back aware


def test_closes_at(agents: OpeningHours) -> None:
    assert agents.closes_at(beijing(2026, 3, 9, 10)) == beijing(2026, 3, 9, 22)
    assert agents.closes_at(beijing(2026, 3, 9, 21, 59)) == beijing(2026, 3, 9, 22)
    assert agents.closes_at(beijing(2026, 3, 9, 22)) is None  # closed now
    assert agents.closes_at(beijing(2026, 3, 9, 7)) is None


def test_a_schedule_that_follows_the_business_calendar() -> None:
    email = load_hours("email_replies")
    assert not email.always_open
    assert email.is_open(beijing(2026, 9, 30, 12))  # Wednesday
    assert not email.is_open(beijing(2026, 10, 1, 12))  # National Day
    assert not email.is_open(beijing(2026, 10, 11, 12))  # an ordinary Sunday
    assert email.is_open(beijing(2026, 10, 10, 12))  # the make-up Saturday
    assert email.next_opening(beijing(2026, 10, 1, 12)) == beijing(2026, 10, 8)
    assert email.closes_at(beijing(2026, 9, 30, 12)) == beijing(2026, 10, 1)
    # Friday 9 October runs on into the worked Saturday: one opening until Sunday begins.
    assert email.closes_at(beijing(2026, 10, 9, 12)) == beijing(2026, 10, 11)


def test_split_ranges_per_weekday_and_back_to_back_ranges(tmp_path: Path) -> None:
    path = write_calendar(
        tmp_path,
        """
        hours:
          counter:
            zh-CN: 柜台
            en: Counter
            weekly:
              daily: ["10:00–16:00"]
              monday: ["09:00-12:00", "13:00-18:00"]
              tuesday: ["08:00-12:00", "12:00-14:00"]
              sunday: []
        """,
    )
    counter = load_hours("counter", path=path)
    assert [str(hours) for hours in counter.hours_on(beijing(2026, 3, 9).date())] == [
        "09:00–12:00",
        "13:00–18:00",
    ]
    assert counter.next_opening(beijing(2026, 3, 9, 12, 30)) == beijing(2026, 3, 9, 13)
    assert counter.closes_at(beijing(2026, 3, 9, 10)) == beijing(2026, 3, 9, 12)
    assert counter.closes_at(beijing(2026, 3, 10, 9)) == beijing(2026, 3, 10, 14)  # one opening, merged
    assert counter.next_opening(beijing(2026, 3, 7, 17)) == beijing(2026, 3, 9, 9)  # Sat late → Mon
    assert not counter.is_open(beijing(2026, 3, 8, 11))  # Sunday closed
    assert counter.is_open(beijing(2026, 3, 11, 15, 59))  # Wednesday uses daily
    assert counter.title("zh-CN") == "柜台" and counter.title("en") == "Counter"


def test_a_range_ending_at_midnight_joins_the_next_day() -> None:
    nights = OpeningHours(
        "nights",
        [(TimeRange(8 * 60, 24 * 60),), (TimeRange(0, 2 * 60),), (), (), (), (), ()],
        BusinessCalendar(),
    )
    assert nights.is_open(beijing(2026, 3, 9, 23, 59))
    assert nights.closes_at(beijing(2026, 3, 9, 20)) == beijing(2026, 3, 10, 2)
    assert nights.next_opening(beijing(2026, 3, 10, 3)) == beijing(2026, 3, 16, 8)


def test_every_bundled_schedule_loads() -> None:
    schedules = load_schedules()
    assert {"agents", "english", "emergency", "sms_replies"} <= set(schedules)
    assert all(hours.title("zh-CN") and hours.title("en") for hours in schedules.values())


def test_an_unknown_schedule_is_not_found_in_both_languages() -> None:
    with pytest.raises(NotFound) as caught:
        load_hours("astrologers")
    assert "astrologers" in caught.value.message_en and "agents" in caught.value.message_en
    assert "没有名为" in caught.value.message_zh
