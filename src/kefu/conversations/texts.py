"""The system's lines in a conversation (data/texts.yaml), in the conversation's language."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["TEXTS", "say"]


@cache
def _texts() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = yaml.safe_load(
        files("kefu.conversations").joinpath("data/texts.yaml").read_text("utf-8")
    )
    return data


TEXTS = _texts


def say(key: str, locale: str, **values: Any) -> str:
    """The text for ``key`` in ``locale`` (English when the locale is not zh-CN), filled in."""
    entry = _texts()[key]
    template = entry["zh-CN"] if locale == "zh-CN" else entry["en"]
    return template.format(**values)
