"""Properties of business-day counting over random instants across 2026–2027 (bundled calendar)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.calendar import load_calendar, load_hours

CALENDAR = load_calendar()
AGENTS = load_hours("agents", CALENDAR)
EMAIL = load_hours("email_replies", CALENDAR)

instants = st.datetimes(
    min_value=datetime(2025, 12, 1), max_value=datetime(2027, 11, 30), timezones=st.just(UTC)
)


@settings(max_examples=300, deadline=None)
@given(received_at=instants, days=st.integers(min_value=0, max_value=40))
def test_business_day_counting_is_consistent(received_at: datetime, days: int) -> None:
    due = CALENDAR.add_business_days(received_at, days)
    after = CALENDAR.add_business_days(received_at, days + 1)
    assert CALENDAR.is_business_day(after)
    assert due < after
    if days >= 1:
        assert CALENDAR.is_business_day(due)
    else:
        assert due == CALENDAR.local_date(received_at)
    assert CALENDAR.business_days_between(received_at, CALENDAR.end_of_day(due)) == days


@settings(max_examples=300, deadline=None)
@given(at=instants)
def test_opening_hours_are_consistent(at: datetime) -> None:
    for hours in (AGENTS, EMAIL):
        opening = hours.next_opening(at)
        assert opening >= at and hours.is_open(opening)
        if not hours.is_open(at):
            assert hours.closes_at(at) is None
            continue
        closing = hours.closes_at(at)
        assert closing is not None and closing > at
        assert not hours.is_open(closing) and hours.is_open(closing - timedelta(microseconds=1))
