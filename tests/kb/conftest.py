"""Fixtures for knowledge-base tests: small article files written into a temporary directory."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pytest

from .articles import BODIES, EN_BODY, WriteArticle, article_text, front_matter


@pytest.fixture
def kb_dir(tmp_path: Path) -> Path:
    directory = tmp_path / "kb"
    directory.mkdir()
    return directory


@pytest.fixture
def write_article(kb_dir: Path) -> WriteArticle:
    """Write ``<slug>.<locale>.md`` into ``kb_dir`` and return its path.

    ``front`` overrides front-matter keys, ``drop`` removes some, ``body`` replaces the body, ``text``
    replaces the whole file, ``name`` the file name.
    """

    def write(
        slug: str = "reset-pin",
        locale: str = "en",
        *,
        front: dict[str, Any] | None = None,
        drop: Iterable[str] = (),
        body: str | None = None,
        text: str | None = None,
        name: str | None = None,
    ) -> Path:
        path = kb_dir / (name or f"{slug}.{locale}.md")
        if text is None:
            fields = {**front_matter(slug, locale), **(front or {})}
            for key in drop:
                fields.pop(key)
            text = article_text(fields, body if body is not None else BODIES.get((slug, locale), EN_BODY))
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def good_kb(write_article: WriteArticle, kb_dir: Path) -> Path:
    """Two articles in both locales that refer to each other: loads with no problems."""
    for slug, locale in BODIES:
        write_article(slug, locale)
    return kb_dir
