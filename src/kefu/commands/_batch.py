"""The ``kefu search --batch`` file formats: JSON lines in, JSON lines out.

In, one object a line: ``{"id": …, "locale": "zh-CN" | "en", "query": "…"}``; other keys are ignored, blank
lines skipped. The whole file is checked before any query runs, and every bad line is reported with its
number. Out, one object a line, in input order: ``{"id": …, "results": [{"slug", "locale", "score",
"title"}, …]}``, best first. The ``id`` is echoed as given (string or number).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from kefu.errors import InvalidInput
from kefu.kb import LOCALES
from kefu.search.results import SearchResponse

__all__ = ["BatchQuery", "parse_batch", "result_line"]

#: At most this many bad lines are listed in the error.
_MAX_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class BatchQuery:
    id: str | int
    locale: str
    query: str


def parse_batch(lines: Iterable[str], source: str = "<batch>") -> list[BatchQuery]:
    """Every query of a batch file, or :class:`InvalidInput` listing each bad line as ``source:line: why``."""
    queries: list[BatchQuery] = []
    problems: list[str] = []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            queries.append(_parse_line(line))
        except ValueError as error:
            problems.append(f"{source}:{number}: {error}")
    if problems:
        shown = problems[:_MAX_PROBLEMS]
        if len(problems) > _MAX_PROBLEMS:
            shown.append(f"… {len(problems) - _MAX_PROBLEMS} more")
        raise InvalidInput(
            f"{source}: {len(problems)} malformed line(s); each line must be "
            '{"id": …, "locale": "zh-CN" or "en", "query": "…"}; nothing was searched',
            f"{source}：有 {len(problems)} 行格式错误；每行应为 "
            '{"id": …, "locale": "zh-CN" 或 "en", "query": "…"}；未执行任何搜索',
            code="invalid_batch",
            problems=shown,
        )
    return queries


def _parse_line(line: str) -> BatchQuery:
    try:
        row = json.loads(line)
    except json.JSONDecodeError as error:
        raise ValueError(f"not JSON ({error.msg} at column {error.colno})") from error
    if not isinstance(row, dict):
        raise ValueError("not a JSON object")
    missing = [key for key in ("id", "locale", "query") if key not in row]
    if missing:
        raise ValueError(f"missing {', '.join(repr(key) for key in missing)}")
    id_, locale, query = row["id"], row["locale"], row["query"]
    if isinstance(id_, bool) or not isinstance(id_, str | int):
        raise ValueError("'id' must be a string or an integer")
    if locale not in LOCALES:
        raise ValueError(f"'locale' is {locale!r}; expected one of {', '.join(LOCALES)}")
    if not isinstance(query, str):
        raise ValueError("'query' must be a string")
    return BatchQuery(id_, locale, query)


def result_line(query: BatchQuery, response: SearchResponse) -> dict[str, Any]:
    return {
        "id": query.id,
        "results": [
            {"slug": hit.slug, "locale": hit.locale, "score": hit.score, "title": hit.title}
            for hit in response.hits
        ],
    }
