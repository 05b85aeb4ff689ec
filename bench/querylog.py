"""The query log for bench/throughput.py: queries drawn by Zipf rank, and the request paths built from it.

Every distinct (query, locale) of the given JSON-lines files is put in a fixed shuffled order (the seed) and
ranked, then ``n`` requests are drawn with P(rank k) ∝ 1/k^ZIPF_EXPONENT; each keeps its query's own locale.
:func:`uncached` gives a query a punctuation suffix of its own, a new cache key for the same search work.
"""

from __future__ import annotations

import json
import random
from pathlib import Path
from urllib.parse import urlencode

__all__ = [
    "ZIPF_EXPONENT",
    "api_path",
    "page_path",
    "read_log_queries",
    "uncached",
    "write_paths",
    "zipf_log",
]

ZIPF_EXPONENT = 1.1
#: Characters of the cache-busting suffix: punctuation, which normalisation folds into the run's first mark.
_PUNCTUATION = "?!.,;:"


def read_log_queries(files: list[Path]) -> list[tuple[str, str]]:
    """Every distinct (query, locale) in ``files`` (JSON lines with query and locale), in file order."""
    seen: dict[tuple[str, str], None] = {}
    for file in files:
        for line in file.read_text(encoding="utf-8").splitlines():
            if line.strip():
                row = json.loads(line)
                seen[(row["query"], row["locale"])] = None
    return list(seen)


def zipf_log(queries: list[tuple[str, str]], n: int, *, seed: int) -> list[tuple[str, str]]:
    """``n`` draws from ``queries`` ranked in a seeded shuffled order, P(rank k) ∝ 1/k^ZIPF_EXPONENT."""
    rng = random.Random(seed)
    ranked = list(queries)
    rng.shuffle(ranked)
    weights = [1 / k**ZIPF_EXPONENT for k in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights=weights, k=n)


def uncached(query: str, number: int) -> str:
    """``query`` + `` ?`` + a punctuation run spelling ``number``: a new cache key, the same search work."""
    marks = []
    for _ in range(7):
        number, digit = divmod(number, len(_PUNCTUATION))
        marks.append(_PUNCTUATION[digit])
    return f"{query} ?{''.join(marks)}"


def api_path(query: str, locale: str) -> str:
    return "/api/v1/search?" + urlencode({"q": query, "locale": locale})


def page_path(query: str, locale: str) -> str:
    return f"/{locale}/search?" + urlencode({"q": query})


def write_paths(file: Path, paths: list[str]) -> Path:
    file.write_text("".join(path + "\n" for path in paths), encoding="utf-8")
    return file
