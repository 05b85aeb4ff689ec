"""Searching the help center on behalf of a visitor: check the query, search the current snapshot, record it.

Every channel that searches for a customer (help center pages, the API, later chat and the hotline) goes
through :func:`search_help`, so every search lands in the analytics log the KB editors work from.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from kefu.analytics.recorder import Recorder
from kefu.errors import InvalidInput
from kefu.helpcenter.live import Snapshot
from kefu.search.normalize import normalize
from kefu.search.results import SearchResponse

__all__ = ["MAX_QUERY_CHARS", "RecordedSearch", "clean_query", "search_help"]

#: Longer than any real question (the longest dev query is ~60 characters); a paste of a whole email is not
#: a search.
MAX_QUERY_CHARS = 500


@dataclass(frozen=True)
class RecordedSearch:
    search_id: str
    response: SearchResponse
    took_ms: float


def clean_query(raw: str | None) -> str:
    """The query with surrounding space removed; empty or over-long queries are refused, in both languages."""
    query = (raw or "").strip()
    if not query:
        raise InvalidInput(
            "Type a few words to search, e.g. “forgot password” or “退款多久到账”.",
            "请输入要搜索的内容，例如“忘记密码”或“退款多久到账”。",
            code="empty_query",
        )
    if len(query) > MAX_QUERY_CHARS:
        raise InvalidInput(
            f"The search is too long ({len(query)} characters); keep it under {MAX_QUERY_CHARS}.",
            f"搜索内容过长（{len(query)} 个字符），请控制在 {MAX_QUERY_CHARS} 个字符以内。",
            code="query_too_long",
        )
    return query


def search_help(
    snapshot: Snapshot,
    recorder: Recorder,
    query: str,
    locale: str | None,
    *,
    limit: int = 10,
    channel: str = "api",
) -> RecordedSearch:
    started = time.perf_counter()
    response = snapshot.search(query, locale, limit)
    took_ms = (time.perf_counter() - started) * 1000
    search_id = recorder.search(response, normalized=normalize(query)[:500], channel=channel, took_ms=took_ms)
    return RecordedSearch(search_id, response, took_ms)
