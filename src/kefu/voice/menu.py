"""The IVR menu as data (``data/ivr.yaml``): greeting, prompt, options by key, hours per option.

:func:`load_menu` checks the whole file before anything uses it: one bilingual
:class:`~kefu.errors.InvalidInput` names the file and the key of each mistake (an unknown action, a key
that is not one digit, a missing translation, hours the calendar does not have). :meth:`Menu.choose` says
what a key does at a given moment, and :func:`caller_locale` picks the language from the caller's number
(mainland numbers hear Chinese first, others English).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from kefu.calendar import OpeningHours, load_hours
from kefu.errors import InvalidInput, KefuError
from kefu.identity.phones import normalize_phone

__all__ = ["ACTIONS", "LOCALES", "Choice", "Menu", "Option", "caller_locale", "default_menu", "load_menu"]

ACTIONS = ("emergency", "assistant", "complaint", "language", "agent")
LOCALES = ("zh-CN", "en")
_TEXTS = ("greeting", "prompt", "invalid", "closed")


@dataclass(frozen=True)
class Option:
    key: str
    action: str
    hours: OpeningHours
    label: dict[str, str]
    topic: str | None = None
    locale: str | None = None


@dataclass(frozen=True)
class Choice:
    option: Option
    #: Whether the option's service is open at that moment.
    open: bool


@dataclass(frozen=True)
class Menu:
    texts: dict[str, dict[str, str]]
    options: dict[str, Option]
    max_attempts: int

    def say(self, name: str, locale: str, **values: Any) -> str:
        text = self.texts[name]["zh-CN" if locale == "zh-CN" else "en"]
        return text.format(**values) if values else text

    def choose(self, key: str, at: datetime) -> Choice | None:
        """What pressing ``key`` does at ``at``; None for a key the menu does not have."""
        option = self.options.get(key.strip())
        if option is None:
            return None
        return Choice(option, option.hours.is_open(at))


def caller_locale(phone: str | None) -> str:
    """zh-CN for mainland China numbers, en for the rest (and for a withheld or unreadable number: zh-CN)."""
    if not phone:
        return "zh-CN"
    try:
        number = normalize_phone(phone)
    except KefuError:
        return "zh-CN"
    return "zh-CN" if number.startswith("+86") else "en"


def _problem(path: Path, key: str, en: str, zh: str) -> str:
    return f"{path.name}: {key}: {en} / {zh}"


def load_menu(path: Path | None = None) -> Menu:
    """The menu in ``path`` (default: the bundled ``data/ivr.yaml``), checked as a whole."""
    source = path or Path(str(files("kefu.voice").joinpath("data/ivr.yaml")))
    try:
        raw = yaml.safe_load(source.read_text("utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise InvalidInput(
            f"The IVR menu {source} cannot be read: {error}",
            f"无法读取语音菜单 {source}：{error}",
            code="invalid_ivr_menu",
        ) from None
    problems: list[str] = []
    if not isinstance(raw, dict):
        raw = {}
        problems.append(_problem(source, "(file)", "must be a mapping", "应为键值映射"))
    texts = {name: _texts(source, name, raw.get(name), problems) for name in _TEXTS}
    attempts = raw.get("max_attempts", 3)
    if not isinstance(attempts, int) or not 1 <= attempts <= 10:
        problems.append(_problem(source, "max_attempts", "must be a whole number 1–10", "应为 1–10 的整数"))
        attempts = 3
    options: dict[str, Option] = {}
    entries = raw.get("options")
    if not isinstance(entries, dict) or not entries:
        problems.append(_problem(source, "options", "must list the keys", "应列出各按键"))
        entries = {}
    for key, entry in entries.items():
        option = _option(source, str(key), entry, problems)
        if option is not None:
            options[option.key] = option
    if problems:
        raise InvalidInput(
            f"The IVR menu {source.name} has {len(problems)} problem(s).",
            f"语音菜单 {source.name} 有 {len(problems)} 处问题。",
            code="invalid_ivr_menu",
            problems=problems,
        )
    return Menu(texts=texts, options=options, max_attempts=attempts)


def _texts(path: Path, key: str, raw: object, problems: list[str]) -> dict[str, str]:
    if not isinstance(raw, dict) or any(
        not isinstance(raw.get(locale), str) or not raw.get(locale) for locale in LOCALES
    ):
        problems.append(_problem(path, key, "needs a text in zh-CN and en", "需要 zh-CN 和 en 两种文本"))
        return {locale: "" for locale in LOCALES}
    return {locale: str(raw[locale]) for locale in LOCALES}


def _option(path: Path, key: str, raw: object, problems: list[str]) -> Option | None:
    where = f"options.{key}"
    if len(key) != 1 or key not in "0123456789*#":
        problems.append(_problem(path, where, "a key is one of 0–9, * or #", "按键须为 0–9、* 或 #"))
        return None
    if not isinstance(raw, dict):
        problems.append(_problem(path, where, "must be a mapping", "应为键值映射"))
        return None
    action = raw.get("action")
    if action not in ACTIONS:
        problems.append(
            _problem(
                path,
                f"{where}.action",
                f"must be one of {', '.join(ACTIONS)}",
                f"须为 {'、'.join(ACTIONS)} 之一",
            )
        )
        return None
    try:
        hours = load_hours(str(raw.get("hours", "agents")))
    except KefuError as error:
        problems.append(_problem(path, f"{where}.hours", error.message_en, error.message_zh))
        return None
    locale = raw.get("locale")
    if action == "language" and locale not in LOCALES:
        problems.append(
            _problem(
                path, f"{where}.locale", "a language option names zh-CN or en", "语言选项须为 zh-CN 或 en"
            )
        )
        return None
    label = _texts(path, f"{where}.label", raw.get("label"), problems)
    topic = raw.get("topic")
    return Option(
        key=key,
        action=str(action),
        hours=hours,
        label=label,
        topic=str(topic) if topic else None,
        locale=locale,
    )


@cache
def default_menu() -> Menu:
    return load_menu()
