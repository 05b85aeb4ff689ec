"""Helpers for the calendar tests: instants in Beijing wall-clock time, small calendar files, the bundled one.

tests/calendar has no ``__init__.py`` on purpose: as a package it would be imported as ``calendar`` and
collide with the standard library's ``calendar`` module (tests/ itself is not a package). Its modules are
therefore imported by their own names, so they carry distinct ones, and there is no conftest.py here: a
second top-level ``conftest`` module would shadow tests/conftest.py, which other test packages import.
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from kefu.calendar import BusinessCalendar, load_calendar

__all__ = ["BEIJING", "beijing", "bundled", "write_calendar"]

BEIJING = ZoneInfo("Asia/Shanghai")


@cache
def bundled() -> BusinessCalendar:
    """kefu's own calendar (data/calendar.yaml), loaded once for all the tests."""
    return load_calendar()


def write_calendar(tmp_path: Path, text: str) -> Path:
    """``text`` (dedented) as ``tmp_path/calendar.yaml``."""
    path = tmp_path / "calendar.yaml"
    path.write_text(textwrap.dedent(text), "utf-8")
    return path


def beijing(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware instant given in Beijing wall-clock time."""
    return datetime(year, month, day, hour, minute, tzinfo=BEIJING)
