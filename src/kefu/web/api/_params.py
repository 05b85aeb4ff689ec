"""Query parameters shared by several API routes, validated with bilingual errors."""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Query

from kefu.errors import InvalidInput
from kefu.web.locale import valid_locale

__all__ = ["LocaleParam", "OptionalLocaleParam", "locale_param", "optional_locale_param"]


def _checked(value: str | None) -> str | None:
    if value is None or value == "":
        return None
    locale = valid_locale(value)
    if locale is None:
        raise InvalidInput(
            f"Unknown locale {value[:20]!r}: use zh-CN or en.",
            f"不支持的语言 {value[:20]!r}：请使用 zh-CN 或 en。",
            code="invalid_locale",
        )
    return locale


def optional_locale_param(
    locale: Annotated[str | None, Query(description="zh-CN or en; omitted: the query's own language")] = None,
) -> str | None:
    return _checked(locale)


def locale_param(locale: Annotated[str, Query(description="zh-CN or en")] = "zh-CN") -> str:
    found = _checked(locale)
    assert found is not None
    return found


async def _optional_locale(
    locale: Annotated[str | None, Query(description="zh-CN or en; omitted: the query's own language")] = None,
) -> str | None:
    return optional_locale_param(locale)


async def _locale(locale: Annotated[str, Query(description="zh-CN or en")] = "zh-CN") -> str:
    return locale_param(locale)


# async dependencies: a sync one would cost a thread-pool hand-off per request
OptionalLocaleParam = Annotated[str | None, Depends(_optional_locale)]
LocaleParam = Annotated[str, Depends(_locale)]
