"""Which language to answer in: the URL's locale, then the user's choice (a cookie set by the language
switch), then the browser's ``Accept-Language``, then zh-CN."""

from __future__ import annotations

from fastapi import Request

from kefu.kb.model import LOCALES

__all__ = ["COOKIE", "DEFAULT_LOCALE", "from_accept_language", "preferred_locale", "valid_locale"]

COOKIE = "kefu_locale"
DEFAULT_LOCALE = "zh-CN"


def valid_locale(value: str | None) -> str | None:
    """``value`` as one of LOCALES (case and ``_`` forgiven: ``zh_cn`` → ``zh-CN``), else None."""
    if not value:
        return None
    wanted = value.strip().replace("_", "-").lower()
    for locale in LOCALES:
        if locale.lower() == wanted:
            return locale
    return None


def from_accept_language(header: str) -> str | None:
    """The best of LOCALES for an ``Accept-Language`` header (q-values honoured; any zh-* means zh-CN)."""
    choices: list[tuple[float, int, str]] = []
    for position, part in enumerate(header.split(",")):
        tag, _, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        language = tag.strip().lower()
        locale = "zh-CN" if language.startswith("zh") else "en" if language.startswith("en") else None
        if locale and quality > 0:
            choices.append((-quality, position, locale))
    return min(choices)[2] if choices else None


def preferred_locale(request: Request) -> str:
    """For a URL without a locale: the cookie, then Accept-Language, then the default."""
    return (
        valid_locale(request.cookies.get(COOKIE))
        or from_accept_language(request.headers.get("accept-language", ""))
        or DEFAULT_LOCALE
    )
