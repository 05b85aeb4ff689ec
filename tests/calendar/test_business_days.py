"""Business days and deadlines, as the article "How business days and deadlines are counted" promises."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from calendar_testing import BEIJING, beijing, bundled, write_calendar

from kefu.calendar import BusinessCalendar, load_calendar
from kefu.errors import InvalidInput

PLAIN = BusinessCalendar()  # Beijing time, Monday to Friday, no holidays


def holiday_name(calendar: BusinessCalendar, day: date, locale: str) -> str | None:
    holiday = calendar.holiday(day)
    return holiday.name(locale) if holiday else None


def test_the_default_calendar_is_beijing_monday_to_friday() -> None:
    assert PLAIN.tz.key == "Asia/Shanghai"
    week = [date(2026, 3, 2) + timedelta(days=offset) for offset in range(7)]  # Monday 2 March 2026
    assert [PLAIN.is_business_day(day) for day in week] == [True] * 5 + [False] * 2


@pytest.mark.parametrize("calendar", [PLAIN, bundled()], ids=["plain", "bundled"])
def test_the_articles_friday_evening_example(calendar: BusinessCalendar) -> None:
    friday_evening = beijing(2026, 3, 6, 21)  # a complaint at 21:00 on Friday 6 March 2026, no holiday near
    assert calendar.add_business_days(friday_evening, 1) == date(2026, 3, 9)  # Monday
    assert calendar.add_business_days(friday_evening, 15) == date(2026, 3, 27)  # Friday of the third week


def test_day_0_is_the_local_day_the_request_arrives() -> None:
    assert PLAIN.add_business_days(beijing(2026, 3, 7, 10), 0) == date(2026, 3, 7)  # even a Saturday
    late_utc = datetime(2026, 5, 29, 23, 30, tzinfo=UTC)  # already Saturday 30 May in Beijing
    assert PLAIN.add_business_days(late_utc, 0) == date(2026, 5, 30)


def test_a_request_on_saturday_has_monday_as_day_1() -> None:
    assert PLAIN.add_business_days(beijing(2026, 3, 7, 10), 1) == date(2026, 3, 9)
    assert PLAIN.add_business_days(beijing(2026, 3, 8, 23, 59), 1) == date(2026, 3, 9)  # Sunday, late


def test_the_time_zone_decides_the_day_a_request_arrives() -> None:
    # 15:59 UTC on Friday is 23:59 Friday in Beijing; 16:00 UTC is already Saturday.
    assert PLAIN.add_business_days(datetime(2026, 3, 6, 15, 59, tzinfo=UTC), 1) == date(2026, 3, 9)
    assert PLAIN.add_business_days(datetime(2026, 3, 5, 16, 0, tzinfo=UTC), 1) == date(2026, 3, 9)
    assert PLAIN.add_business_days(datetime(2026, 3, 5, 15, 59, tzinfo=UTC), 1) == date(2026, 3, 6)


def test_a_naive_datetime_is_taken_as_utc() -> None:
    assert PLAIN.local_date(datetime(2026, 5, 29, 23, 30)) == date(2026, 5, 30)
    assert PLAIN.local_date(datetime(2026, 5, 29, 15, 59)) == date(2026, 5, 29)
    assert PLAIN.business_days_between(datetime(2026, 3, 6, 13), datetime(2026, 3, 9, 1)) == 1


def test_holidays_from_a_small_calendar_are_skipped(tmp_path: Path) -> None:
    calendar = load_calendar(
        write_calendar(
            tmp_path,
            """
            time_zone: Asia/Shanghai
            weekend: [saturday, sunday]
            holidays:
              - {from: 2026-03-09, to: 2026-03-10, zh-CN: 测试假期, en: Test holiday}
            workdays:
              - {date: 2026-03-14, zh-CN: 测试调休, en: Test make-up day}
            """,
        )
    )
    friday = beijing(2026, 3, 6, 21)
    assert not calendar.is_business_day(date(2026, 3, 9))
    assert calendar.add_business_days(friday, 1) == date(2026, 3, 11)  # Wednesday: Mon and Tue are off
    assert calendar.add_business_days(friday, 4) == date(2026, 3, 14)  # the make-up Saturday counts
    assert calendar.add_business_days(friday, 5) == date(2026, 3, 16)
    assert holiday_name(calendar, date(2026, 3, 10), "zh-CN") == "测试假期"


def test_bundled_calendar_over_national_day_2026() -> None:
    wednesday = beijing(2026, 9, 30, 10)  # the day before the break (1 to 7 October)
    assert [bundled().add_business_days(wednesday, n) for n in (1, 2, 3, 4)] == [
        date(2026, 10, 8),  # Thursday after the break
        date(2026, 10, 9),
        date(2026, 10, 10),  # Saturday, a make-up working day
        date(2026, 10, 12),
    ]
    assert holiday_name(bundled(), date(2026, 10, 5), "en") == "National Day"


def test_a_make_up_working_day_counts() -> None:
    for day in (date(2026, 1, 4), date(2026, 2, 14), date(2026, 2, 28), date(2026, 5, 9), date(2026, 9, 20)):
        assert day.weekday() >= 5 and bundled().is_business_day(day)
    # A request on Friday 13 February 2026: Saturday 14th is worked, then the Spring Festival break.
    friday = beijing(2026, 2, 13, 18)
    assert bundled().add_business_days(friday, 1) == date(2026, 2, 14)
    assert bundled().add_business_days(friday, 2) == date(2026, 2, 24)
    assert bundled().next_business_day(date(2026, 9, 18)) == date(
        2026, 9, 20
    )  # Sunday 20 September is worked


def test_next_business_day_is_strictly_after() -> None:
    assert bundled().next_business_day(date(2026, 3, 9)) == date(2026, 3, 10)
    assert bundled().next_business_day(date(2026, 3, 6)) == date(2026, 3, 9)
    assert bundled().next_business_day(date(2026, 4, 3)) == date(2026, 4, 7)  # Qingming 4 to 6 April


@pytest.mark.parametrize(
    ("days", "expected"),
    [(5, date(2026, 9, 20)), (15, date(2026, 10, 10)), (30, date(2026, 10, 30))],
)
def test_5_15_and_30_business_days_across_mid_autumn_and_national_day(days: int, expected: date) -> None:
    monday = beijing(2026, 9, 14, 9)
    assert bundled().add_business_days(monday, days) == expected


@pytest.mark.parametrize(
    ("days", "expected"), [(5, date(2026, 3, 9)), (15, date(2026, 3, 23)), (30, date(2026, 4, 13))]
)
def test_5_15_and_30_business_days_in_a_plain_month(days: int, expected: date) -> None:
    assert PLAIN.add_business_days(beijing(2026, 3, 2, 9), days) == expected


def test_negative_business_days_are_refused_in_both_languages() -> None:
    with pytest.raises(InvalidInput) as caught:
        PLAIN.add_business_days(beijing(2026, 3, 2), -1)
    assert "negative" in caught.value.message_en and "负数" in caught.value.message_zh


def test_business_days_between() -> None:
    friday_evening = beijing(2026, 3, 6, 21)
    assert PLAIN.business_days_between(friday_evening, beijing(2026, 3, 6, 23)) == 0  # same day
    assert PLAIN.business_days_between(friday_evening, beijing(2026, 3, 8, 12)) == 0  # weekend only
    assert PLAIN.business_days_between(friday_evening, beijing(2026, 3, 9, 0)) == 1
    assert PLAIN.business_days_between(friday_evening, beijing(2026, 3, 27, 12)) == 15
    assert PLAIN.business_days_between(beijing(2026, 3, 27, 12), friday_evening) == 0  # end before start


def test_business_days_between_skips_holidays_and_counts_make_up_days() -> None:
    # 30 Sep → 12 Oct 2026: 8, 9, 10 (Saturday, worked) and 12 October.
    assert bundled().business_days_between(beijing(2026, 9, 30, 10), beijing(2026, 10, 12, 10)) == 4


def test_end_of_day_is_the_last_instant_of_the_beijing_day() -> None:
    received = datetime(2026, 5, 29, 23, 30, tzinfo=UTC)  # 07:30 on Saturday 30 May in Beijing
    assert PLAIN.local_date(received) == date(2026, 5, 30)
    end = PLAIN.end_of_day(date(2026, 5, 30))
    assert end == datetime(2026, 5, 30, 23, 59, 59, 999999, tzinfo=BEIJING)
    assert end.astimezone(UTC) == datetime(2026, 5, 30, 15, 59, 59, 999999, tzinfo=UTC)
    assert end.utcoffset() == timedelta(hours=8)
    assert datetime(2026, 5, 30, 16, 0, tzinfo=UTC) > end  # midnight in Beijing is past the deadline


def test_a_deadline_by_day_n() -> None:
    received = beijing(2026, 9, 14, 9)
    deadline = bundled().end_of_day(bundled().add_business_days(received, 15))
    assert deadline == datetime(2026, 10, 10, 23, 59, 59, 999999, tzinfo=BEIJING)
    assert bundled().business_days_between(received, deadline) == 15


def test_the_bundled_2026_schedule_matches_the_state_council_notice() -> None:
    year_2026 = [holiday for holiday in bundled().holidays if holiday.first.year == 2026]
    lengths = {holiday.name_en: (holiday.last - holiday.first).days + 1 for holiday in year_2026}
    assert lengths == {
        "New Year's Day": 3,
        "Spring Festival": 9,
        "Qingming Festival": 3,
        "Labour Day": 5,
        "Dragon Boat Festival": 3,
        "Mid-Autumn Festival": 3,
        "National Day": 7,
    }
    assert not any(holiday.provisional for holiday in year_2026)
    assert [workday.day for workday in bundled().workdays if workday.day.year == 2026] == [
        date(2026, 1, 4),
        date(2026, 2, 14),
        date(2026, 2, 28),
        date(2026, 5, 9),
        date(2026, 9, 20),
        date(2026, 10, 10),
    ]


def test_the_bundled_2027_dates_are_marked_provisional() -> None:
    year_2027 = [holiday for holiday in bundled().holidays if holiday.first.year == 2027]
    assert len(year_2027) == 7 and all(holiday.provisional for holiday in year_2027)
    assert holiday_name(bundled(), date(2027, 2, 6), "zh-CN") == "春节"
    assert bundled().covered_years == {2026, 2027}
    assert bundled().is_business_day(date(2028, 1, 3))  # past the data: Monday to Friday only
