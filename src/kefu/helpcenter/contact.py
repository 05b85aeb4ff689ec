"""The official support channels (hotline numbers, chat, SMS, email), read from ``data/contact.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

__all__ = ["Channel", "official_channels", "official_domains"]


@dataclass(frozen=True)
class Channel:
    kind: str
    value: str
    href: str
    name: str
    hours: str
    note: str


@cache
def _data() -> dict[str, Any]:
    text = files("kefu.helpcenter").joinpath("data/contact.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return data


def official_channels(locale: str) -> list[Channel]:
    out = []
    for entry in _data()["channels"]:
        words = entry.get(locale) or entry["en"]
        out.append(
            Channel(
                entry["kind"],
                entry.get("value", ""),
                entry.get("href", ""),
                words["name"],
                words["hours"],
                words.get("note", ""),
            )
        )
    return out


def official_domains() -> list[str]:
    return list(_data().get("official_domains", []))
