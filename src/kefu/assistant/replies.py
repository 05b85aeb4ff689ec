"""The assistant's words, read from ``data/replies.yaml``, and how each channel wants them.

:func:`say` returns an entry in a locale, choosing the ``short`` wording for SMS and voice when there is one
and filling its ``{fields}``; :func:`label` is a quick-reply label; :class:`Style` says how a channel shows
an answer (Markdown and link text in chat; plain text and bare URLs in WeChat and SMS; no URL read aloud on
the phone, where the caller may text the link instead — it stays in ``Reply.article``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kefu.helpcenter.contact import official_channels

__all__ = ["Style", "hotlines", "label", "say", "voice_steps"]


@dataclass(frozen=True)
class Style:
    markdown: bool
    short: bool
    #: How to show a link: "markdown" ([text](url)), "plain" (the URL on its own line) or "none".
    links: str
    #: At most this many steps in an answer.
    steps: int
    spoken: bool = False
    #: No buttons: list the quick replies as numbered options in the text (the customer replies "2").
    numbered: bool = False

    @classmethod
    def of(cls, channel: str) -> Style:
        return _STYLES.get(channel, _STYLES["chat"])


_STYLES = {
    "chat": Style(markdown=True, short=False, links="markdown", steps=6),
    "wechat": Style(markdown=False, short=False, links="plain", steps=6, numbered=True),
    "sms": Style(markdown=False, short=True, links="plain", steps=3, numbered=True),
    "voice": Style(markdown=False, short=True, links="none", steps=3, spoken=True),
}


@cache
def _texts() -> dict[str, dict[str, Any]]:
    text = files("kefu.assistant").joinpath("data/replies.yaml").read_text("utf-8")
    data: dict[str, dict[str, Any]] = yaml.safe_load(text)
    return data


def say(key: str, locale: str, channel: str = "chat", **fields: object) -> str:
    """Entry ``key`` in ``locale`` (English when missing), short for SMS and voice, fields filled in."""
    entry = _texts()[key]
    if Style.of(channel).short and isinstance(entry.get("short"), dict):
        entry = entry["short"]
    words = str(entry.get(locale) or entry["en"])
    return words.format(**fields) if fields else words


def label(key: str, locale: str) -> str:
    return say(f"label_{key}", locale)


def voice_steps(locale: str) -> list[str]:
    entry = _texts()["voice_steps"]
    return [str(w) for w in entry.get(locale) or entry["en"]]


def hotlines(locale: str) -> dict[str, str]:
    """``hotline`` and ``hotline_abroad`` from the official contact channels, for the emergency texts."""
    numbers = [c.value for c in official_channels(locale) if c.kind == "hotline" and c.value]
    first = numbers[0] if numbers else ""
    return {"hotline": first, "hotline_abroad": numbers[1] if len(numbers) > 1 else first}
