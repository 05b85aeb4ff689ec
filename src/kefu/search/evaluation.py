"""Search quality evaluation on labelled queries: MRR@10, Recall@1/3/10, nDCG@10, cross-locale hits, latency.

A query file has one JSON object a line: ``{"id", "locale", "query", "relevant": [slug, ...]}``.
``relevant[0]`` answers the query; further slugs also answer it. A hit counts in-locale when it is a
relevant slug in the query's own locale; a relevant slug in the other locale counts as a cross-locale hit.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "LabelledQuery",
    "Metrics",
    "QueryOutcome",
    "Ranker",
    "Report",
    "evaluate",
    "percentile",
    "read_queries",
]


@dataclass(frozen=True, slots=True)
class LabelledQuery:
    id: str
    locale: str
    query: str
    relevant: tuple[str, ...]


def read_queries(path: Path) -> list[LabelledQuery]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            out.append(
                LabelledQuery(
                    str(row.get("id", n)), row["locale"], row["query"], tuple(row.get("relevant", ()))
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n}: not a query line ({exc})") from exc
    return out


@dataclass(slots=True)
class QueryOutcome:
    query: LabelledQuery
    ranking: list[tuple[str, str]]  # (slug, locale), best first
    seconds: float

    @property
    def rank(self) -> int | None:
        """1-based rank of the first in-locale relevant hit within the top 10."""
        for i, (slug, loc) in enumerate(self.ranking[:10], 1):
            if slug in self.query.relevant and loc == self.query.locale:
                return i
        return None

    @property
    def cross_locale_hit(self) -> bool:
        return any(s in self.query.relevant and loc != self.query.locale for s, loc in self.ranking[:10])

    def ndcg(self) -> float:
        rel = set(self.query.relevant)
        dcg = sum(
            1.0 / math.log2(i + 1)
            for i, (s, loc) in enumerate(self.ranking[:10], 1)
            if s in rel and loc == self.query.locale
        )
        ideal = sum(1.0 / math.log2(i + 1) for i in range(1, min(len(rel), 10) + 1))
        return dcg / ideal if ideal else 0.0


@dataclass(slots=True)
class Metrics:
    n: int = 0
    mrr: float = 0.0
    r1: float = 0.0
    r3: float = 0.0
    r10: float = 0.0
    ndcg: float = 0.0
    cross_locale: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0

    @classmethod
    def of(cls, outcomes: Sequence[QueryOutcome]) -> Metrics:
        if not outcomes:
            return cls()
        n = len(outcomes)
        ranks = [o.rank for o in outcomes]
        lat = sorted(o.seconds * 1000 for o in outcomes)
        return cls(
            n=n,
            mrr=sum(1 / r for r in ranks if r) / n,
            r1=sum(1 for r in ranks if r == 1) / n,
            r3=sum(1 for r in ranks if r and r <= 3) / n,
            r10=sum(1 for r in ranks if r) / n,
            ndcg=sum(o.ndcg() for o in outcomes) / n,
            cross_locale=sum(1 for o in outcomes if o.cross_locale_hit),
            p50_ms=percentile(lat, 50),
            p99_ms=percentile(lat, 99),
        )

    def to_dict(self) -> dict[str, Any]:
        return {k: round(getattr(self, k), 4) for k in self.__slots__}


def percentile(sorted_values: Sequence[float], pct: float) -> float:
    if not sorted_values:
        return 0.0
    k = max(0, min(len(sorted_values) - 1, math.ceil(pct / 100 * len(sorted_values)) - 1))
    return float(sorted_values[k])


@dataclass(slots=True)
class Report:
    outcomes: list[QueryOutcome]
    by_locale: dict[str, Metrics] = field(default_factory=dict)
    overall: Metrics = field(default_factory=Metrics)

    def misses(self) -> list[QueryOutcome]:
        return [o for o in self.outcomes if o.rank != 1]


Ranker = Callable[[str, str, int], list[tuple[str, str]]]


def evaluate(queries: Iterable[LabelledQuery], rank: Ranker, *, limit: int = 10) -> Report:
    """Run every query through ``rank(query, locale, limit) → [(slug, locale)]`` and score the rankings."""
    outcomes = []
    for q in queries:
        t0 = time.perf_counter()
        ranking = rank(q.query, q.locale, limit)
        outcomes.append(QueryOutcome(q, ranking, time.perf_counter() - t0))
    report = Report(outcomes)
    for loc in sorted({o.query.locale for o in outcomes}):
        report.by_locale[loc] = Metrics.of([o for o in outcomes if o.query.locale == loc])
    report.overall = Metrics.of(outcomes)
    return report
