"""Sign-in names: stored lower-case, so ``LiNa`` and ``lina`` are one account."""

from __future__ import annotations

import re

from kefu.errors import InvalidInput

__all__ = ["MAX_USERNAME", "check_username", "normalize_username"]

MAX_USERNAME = 64

_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{1,63}")


def normalize_username(username: str) -> str:
    """How a typed name is looked up: surrounding space dropped, lower-case."""
    return username.strip().lower()


def check_username(username: str) -> str:
    """``username`` normalised, or InvalidInput: 2–64 of a–z, 0–9, ``.``, ``_``, ``-``, starting with a
    letter or digit."""
    name = normalize_username(username)
    if _USERNAME.fullmatch(name):
        return name
    raise InvalidInput(
        f"The username {username!r} cannot be used: use 2 to {MAX_USERNAME} letters a–z, digits, '.', '_' or "
        "'-', starting with a letter or digit.",
        f"用户名 {username!r} 不可用：请使用 2 到 {MAX_USERNAME} 个英文字母、数字、“.”、“_”或“-”，"
        "并以字母或数字开头。",
        code="invalid_username",
    )
