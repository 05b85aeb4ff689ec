"""calendar.yaml is checked on load: a bad entry is refused in both languages, naming the file and entry."""

from __future__ import annotations

from pathlib import Path

import pytest
from calendar_testing import beijing, write_calendar

from kefu.calendar import load_calendar, load_schedules
from kefu.errors import InvalidInput

GOOD_HOURS = 'hours:\n  agents: {zh-CN: 人工客服, en: Agents, weekly: {daily: ["08:00-22:00"]}}\n'


def refused(path: Path, *, hours: bool = False) -> InvalidInput:
    with pytest.raises(InvalidInput) as caught:
        if hours:
            load_schedules(path=path)
        else:
            load_calendar(path)
    error = caught.value
    assert str(path) in error.message_en and str(path) in error.message_zh
    assert error.message_zh != error.message_en
    assert error.code == "invalid_calendar"
    return error


@pytest.mark.parametrize(
    ("text", "entry", "says"),
    [
        (
            "holidays:\n  - {date: 2026-02-30, zh-CN: 假, en: Fake}\n",
            "holidays[0] (Fake).from",
            "'2026-02-30' is not a date",
        ),
        ("weekend: [saturday, caturday]\n", "weekend[1]", "unknown weekday 'caturday'"),
        ("weekend: [sunday, sunday]\n", "weekend", "listed twice"),
        (
            "holidays:\n  - {from: 2026-10-07, to: 2026-10-01, zh-CN: 国庆节, en: National Day}\n",
            "holidays[0] (National Day)",
            "ends (2026-10-01) before it starts (2026-10-07)",
        ),
        (
            "holidays:\n"
            "  - {from: 2026-10-01, to: 2026-10-07, zh-CN: 国庆节, en: National Day}\n"
            "  - {from: 2026-10-07, to: 2026-10-08, zh-CN: 重复, en: Again}\n",
            "holidays[1] (Again)",
            "overlaps National Day",
        ),
        (
            "holidays:\n  - {from: 2026-10-01, to: 2027-10-07, zh-CN: 国庆节, en: National Day}\n",
            "holidays[0] (National Day)",
            "spans 372 days",
        ),
        ("holidays:\n  - {date: 2026-10-01, en: National Day}\n", "holidays[0]", "zh-CN and en"),
        ("holidays:\n  - {zh-CN: 国庆节, en: National Day}\n", "holidays[0] (National Day)", "either date"),
        (
            "holidays:\n  - {date: 2026-10-01, zh-CN: 国庆节, en: National Day, provisional: maybe}\n",
            "holidays[0] (National Day).provisional",
            "true or false",
        ),
        (
            "workdays:\n  - {date: 2026-10-09, zh-CN: 调休, en: Make-up}\n",
            "workdays[0]",
            "2026-10-09 is a friday, already a working day",
        ),
        (
            "holidays:\n  - {from: 2026-10-01, to: 2026-10-07, zh-CN: 国庆节, en: National Day}\n"
            "workdays:\n  - {date: 2026-10-03, zh-CN: 调休, en: Make-up}\n",
            "workdays[0]",
            "inside the holiday National Day",
        ),
        (
            "workdays:\n  - {date: 2026-10-10, zh-CN: 调休, en: Make-up}\n"
            "  - {date: 2026-10-10, zh-CN: 调休, en: Make-up}\n",
            "workdays[1]",
            "listed twice",
        ),
        ("time_zone: Asia/Beijing\n", "time_zone", "unknown time zone 'Asia/Beijing'"),
        ("timezone: Asia/Shanghai\n", "the top level", "unknown key(s) timezone"),
        ("holidays: [2026-10-01\n", "its YAML", ""),
        ("- just\n- a list\n", "the top level", "expected a mapping"),
    ],
)
def test_a_bad_calendar_entry(tmp_path: Path, text: str, entry: str, says: str) -> None:
    path = write_calendar(tmp_path, text)
    error = refused(path)
    assert f"in {entry}: " in error.message_en
    assert says in error.message_en
    assert error.problems and error.problems[0].startswith(f"{path}: ")


@pytest.mark.parametrize(
    ("schedule", "entry", "says"),
    [
        ('{daily: ["22:00-08:00"]}', "hours.chat.weekly.daily[0]", "ends before it starts"),
        ('{daily: ["08:00-08:00"]}', "hours.chat.weekly.daily[0]", "ends before it starts"),
        ('{daily: ["08:00-14:00", "12:00-22:00"]}', "hours.chat.weekly.daily", "overlap"),
        ('{daily: ["25:00-26:00"]}', "hours.chat.weekly.daily[0]", "not a time of day"),
        ('{daily: ["08:60-10:00"]}', "hours.chat.weekly.daily[0]", "not a time of day"),
        ('{daily: ["8am-10pm"]}', "hours.chat.weekly.daily[0]", "not a range like 08:00-22:00"),
        ('{daily: "08:00-22:00"}', "hours.chat.weekly.daily", "expected a list of ranges"),
        ('{funday: ["08:00-22:00"]}', "hours.chat.weekly.funday", "unknown weekday 'funday'"),
        ("{daily: []}", "hours.chat.weekly", "never open"),
    ],
)
def test_bad_opening_hours(tmp_path: Path, schedule: str, entry: str, says: str) -> None:
    path = write_calendar(tmp_path, f"hours:\n  chat: {{zh-CN: 在线客服, en: Chat, weekly: {schedule}}}\n")
    error = refused(path, hours=True)
    assert f"in {entry}: " in error.message_en
    assert says in error.message_en


def chat_schedule(tmp_path: Path, extra: str) -> Path:
    weekly = 'weekly: {daily: ["08:00-22:00"]}'
    return write_calendar(tmp_path, f"hours:\n  chat: {{zh-CN: 客服, en: Chat, {weekly}{extra}}}\n")


def test_holiday_overrides_go_with_the_flag(tmp_path: Path) -> None:
    error = refused(chat_schedule(tmp_path, ", holidays_change_hours: true"), hours=True)
    assert "on_holidays and on_make_up_workdays" in error.message_en
    error = refused(chat_schedule(tmp_path, ", on_holidays: []"), hours=True)
    assert "holidays_change_hours is true" in error.message_en
    error = refused(chat_schedule(tmp_path, ", holidays_change_hours: sometimes"), hours=True)
    assert "in hours.chat.holidays_change_hours: " in error.message_en


def test_a_schedule_without_names_or_with_unknown_keys(tmp_path: Path) -> None:
    nameless = write_calendar(tmp_path, 'hours:\n  chat: {weekly: {daily: ["08:00-22:00"]}}\n')
    assert "zh-CN and en" in refused(nameless, hours=True).message_en
    assert "unknown key(s) open" in refused(chat_schedule(tmp_path, ", open: 1"), hours=True).message_en


def test_hours_are_only_as_good_as_the_calendar_in_the_same_file(tmp_path: Path) -> None:
    assert load_schedules(path=write_calendar(tmp_path, GOOD_HOURS))["agents"].is_open(beijing(2026, 3, 9, 8))
    error = refused(write_calendar(tmp_path, "weekend: [caturday]\n" + GOOD_HOURS), hours=True)
    assert "in weekend[0]: unknown weekday 'caturday'" in error.message_en


def test_a_missing_file_is_refused_in_both_languages(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.yaml"
    with pytest.raises(InvalidInput) as caught:
        load_calendar(missing)
    assert str(missing) in caught.value.message_en and "无法读取" in caught.value.message_zh


def test_the_error_message_in_chinese_names_the_entry(tmp_path: Path) -> None:
    error = refused(write_calendar(tmp_path, "weekend: [saturday, caturday]\n"))
    assert "weekend[1]" in error.message_zh and "未知的星期" in error.message_zh


def test_an_edited_file_is_read_again(tmp_path: Path) -> None:
    path = write_calendar(tmp_path, "holidays: []\n")
    assert load_calendar(path).holidays == ()
    path = write_calendar(tmp_path, "holidays:\n  - {date: 2026-10-01, zh-CN: 国庆节, en: National Day}\n")
    assert len(load_calendar(path).holidays) == 1


def test_a_minimal_file_gives_plain_beijing_business_days(tmp_path: Path) -> None:
    calendar = load_calendar(write_calendar(tmp_path, "{}\n"))
    assert calendar.tz.key == "Asia/Shanghai" and calendar.weekend == {5, 6} and calendar.holidays == ()
    assert load_schedules(path=write_calendar(tmp_path, "{}\n")) == {}
