"""Reading ``calendar.yaml``: the document itself, and its dates, weekdays and names checked one by one.

Every problem becomes :class:`kefu.errors.InvalidInput` with a message in both languages naming the file and
the entry, so whoever edits the file can fix it without reading code. Dates stay text while YAML is parsed
(PyYAML would otherwise build them itself and fail on ``2026-02-30`` with a bare ``ValueError``).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from kefu.errors import InvalidInput

__all__ = [
    "WEEKDAYS",
    "bundled_path",
    "invalid",
    "mapping",
    "names",
    "parse_date",
    "parse_weekday",
    "read_document",
    "unknown_keys",
    "weekday_zh",
]

#: Weekday names as the file spells them, in ``date.weekday()`` order.
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAYS_ZH = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


def bundled_path() -> Path:
    """The calendar shipped with kefu (``kefu/calendar/data/calendar.yaml``)."""
    return Path(__file__).parent / "data" / "calendar.yaml"


def invalid(
    path: Path, entry: str, problem_en: str, problem_zh: str, *, entry_zh: str | None = None
) -> InvalidInput:
    """The error for one bad entry of a calendar file; ``entry`` is its key path, e.g. ``holidays[3].to``."""
    where = f"{path}: {entry}"
    return InvalidInput(
        f"The calendar file {path} has a problem in {entry}: {problem_en}. Fix the entry and reload.",
        f"日历文件 {path} 的 {entry_zh or entry} 有误：{problem_zh}。请修正该条目后重新加载。",
        code="invalid_calendar",
        problems=[f"{where}: {problem_en}"],
    )


class _TextDatesLoader(yaml.SafeLoader):
    """SafeLoader that leaves timestamps as strings, so each date is checked (and reported) by us."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_document(path: Path) -> dict[str, Any]:
    """The file's top-level mapping; the parse is cached by content, so an edited file is read afresh."""
    try:
        text = path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise InvalidInput(
            f"The calendar file {path} cannot be read ({reason}). Check the path in the settings.",
            f"无法读取日历文件 {path}（{reason}），请检查配置中的路径。",
            code="invalid_calendar",
        ) from exc
    return _parse(path, text)


@lru_cache(maxsize=16)
def _parse(path: Path, text: str) -> dict[str, Any]:
    try:
        document = yaml.load(text, Loader=_TextDatesLoader)
    except yaml.YAMLError as exc:
        detail = " ".join(str(exc).split())
        raise invalid(path, "its YAML", detail, f"YAML 格式错误（{detail}）", entry_zh="YAML 格式") from exc
    return mapping(path, "the top level", document, entry_zh="顶层")


def mapping(path: Path, entry: str, value: object, *, entry_zh: str | None = None) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise invalid(
            path, entry, "expected a mapping of keys to values", "应为“键: 值”形式的映射", entry_zh=entry_zh
        )
    return value


def parse_date(path: Path, entry: str, value: object) -> date:
    text = str(value).strip()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise invalid(
            path,
            entry,
            f"{text!r} is not a date; write YYYY-MM-DD",
            f"“{text}”不是有效日期，请写成 YYYY-MM-DD",
        ) from None


def parse_weekday(path: Path, entry: str, value: object) -> int:
    """A weekday name (``monday`` … ``sunday``, any case) → ``date.weekday()`` number."""
    text = str(value).strip().lower()
    if text not in WEEKDAYS:
        raise invalid(
            path,
            entry,
            f"unknown weekday {value!r}; use one of {', '.join(WEEKDAYS)}",
            f"未知的星期“{value}”，请使用 {', '.join(WEEKDAYS)} 之一",
        )
    return WEEKDAYS.index(text)


def weekday_zh(number: int) -> str:
    return _WEEKDAYS_ZH[number]


def names(path: Path, entry: str, raw: dict[str, Any]) -> tuple[str, str]:
    """The entry's ``zh-CN`` and ``en`` names, both required."""
    zh, en = raw.get("zh-CN"), raw.get("en")
    if not (isinstance(zh, str) and zh.strip() and isinstance(en, str) and en.strip()):
        raise invalid(path, entry, "give a name in both zh-CN and en", "请同时填写 zh-CN 和 en 名称")
    return zh.strip(), en.strip()


def unknown_keys(path: Path, entry: str, raw: dict[str, Any], allowed: set[str]) -> None:
    extra = sorted(str(key) for key in raw if key not in allowed)
    if extra:
        raise invalid(
            path,
            entry,
            f"unknown key(s) {', '.join(extra)}; allowed: {', '.join(sorted(allowed))}",
            f"未知字段 {', '.join(extra)}；可用字段：{', '.join(sorted(allowed))}",
        )
