"""The IVR menu is data: the default matches the hotline's published menu and hours, a bad file is refused
whole with every problem named, and editing the file changes the flow."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from kefu.errors import InvalidInput
from kefu.voice.menu import caller_locale, default_menu, load_menu

BEIJING = ZoneInfo("Asia/Shanghai")


def bj(hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 12, 2, hour, minute, tzinfo=BEIJING)


def test_the_default_menu_has_the_published_keys() -> None:
    menu = default_menu()
    assert sorted(menu.options) == ["0", "1", "2", "3", "4", "5", "9"]
    assert menu.options["1"].action == "emergency" and menu.options["5"].action == "complaint"
    assert menu.options["9"].action == "language" and menu.options["9"].locale == "en"
    assert menu.options["0"].action == "agent"
    for option in menu.options.values():
        assert option.label["zh-CN"] and option.label["en"]


def test_hours_follow_the_calendar() -> None:
    menu = default_menu()
    night = bj(3)
    assert menu.choose("1", night).open  # freeze and fraud: 24/7
    assert not menu.choose("2", night).open
    assert menu.choose("2", bj(21, 30)).open  # agents until 22:00
    assert not menu.choose("9", bj(20, 30)).open  # English until 20:00
    assert menu.choose("9", bj(19, 59)).open
    assert menu.choose("7", bj(12)) is None


def test_texts_in_both_languages() -> None:
    menu = default_menu()
    assert "1" in menu.say("prompt", "zh-CN") and "press 1" in menu.say("prompt", "en")
    assert "22:00" in menu.say("closed", "en", hours="08:00–22:00")


@pytest.mark.parametrize(
    ("phone", "locale"),
    [("+86 138 0000 0000", "zh-CN"), ("13800000000", "zh-CN"), ("+44 20 7946 0958", "en"), ("", "zh-CN")],
)
def test_the_callers_number_picks_the_language(phone: str, locale: str) -> None:
    assert caller_locale(phone) == locale


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "ivr.yaml"
    path.write_text(text, "utf-8")
    return path


TEXTS = """
greeting: {zh-CN: 您好, en: Hello}
prompt: {zh-CN: 请按键, en: Press a key}
invalid: {zh-CN: 无效, en: Invalid}
closed: {zh-CN: 已下班, en: Closed}
"""


def test_editing_the_file_changes_the_flow(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        TEXTS
        + """
options:
  "7": {action: agent, hours: emergency, label: {zh-CN: 人工, en: Agent}}
""",
    )
    menu = load_menu(path)
    assert list(menu.options) == ["7"] and menu.choose("7", bj(3)).open


def test_every_problem_is_named_in_both_languages(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        """
greeting: {zh-CN: 您好}
options:
  "12": {action: agent, label: {zh-CN: a, en: b}}
  "3": {action: dance, label: {zh-CN: a, en: b}}
  "4": {action: agent, hours: lunch, label: {zh-CN: a, en: b}}
  "9": {action: language, label: {zh-CN: a, en: b}}
""",
    )
    with pytest.raises(InvalidInput) as caught:
        load_menu(path)
    problems = "\n".join(caught.value.problems)
    for where in (
        "greeting",
        "prompt",
        "options.12",
        "options.3.action",
        "options.4.hours",
        "options.9.locale",
    ):
        assert where in problems
    assert caught.value.message_zh != caught.value.message_en
