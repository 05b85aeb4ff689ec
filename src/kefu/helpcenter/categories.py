"""Category names and blurbs in both languages, read from ``data/categories.yaml``."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files

import yaml

from kefu.kb.model import CATEGORIES

__all__ = ["CategoryInfo", "all_categories", "category_info"]


@dataclass(frozen=True)
class CategoryInfo:
    key: str
    icon: str
    name: str
    blurb: str


@cache
def _data() -> dict[str, dict[str, object]]:
    text = files("kefu.helpcenter").joinpath("data/categories.yaml").read_text("utf-8")
    data: dict[str, dict[str, object]] = yaml.safe_load(text)
    return data


def category_info(key: str, locale: str) -> CategoryInfo:
    """The display name of ``key`` in ``locale``; an unknown key shows as itself."""
    entry = _data().get(key, {})
    names = entry.get(locale) or entry.get("en") or {}
    assert isinstance(names, dict)
    return CategoryInfo(
        key, str(entry.get("icon", "")), str(names.get("name", key)), str(names.get("blurb", ""))
    )


def all_categories(locale: str) -> list[CategoryInfo]:
    return [category_info(key, locale) for key in CATEGORIES]
