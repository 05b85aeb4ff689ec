"""Score fusion and confidence.

Each signal (BM25F lexical, each dense view) is z-scored across the candidate articles of one query, so
signals on different scales can be added with weights. The confidence is a logistic function of the fused
score's top value and its gap to the runner-up, with coefficients fitted on the labelled dev queries
(``kefu eval --calibrate`` prints fresh ones); callers get "clear", "ambiguous" or "none".
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from kefu.search.results import Confidence

__all__ = ["Calibration", "FusionWeights", "fuse", "zscore"]


@dataclass(frozen=True, slots=True)
class FusionWeights:
    """Weight of each signal in the fused score; tuned on ``kb/dev_queries.jsonl``."""

    weights: Mapping[str, float] = field(
        default_factory=lambda: {
            "lexical": 1.0,
            "use:doc": 1.0,
            "use:title": 1.0,
            "use:section": 1.0,
            "e5:doc": 1.0,
        }
    )

    def get(self, signal: str) -> float:
        return float(self.weights.get(signal, 0.0))


def zscore(x: np.ndarray) -> np.ndarray:
    if len(x) < 2:
        return np.zeros_like(x, dtype=np.float32)
    sd = float(x.std())
    if sd < 1e-9:
        return np.zeros_like(x, dtype=np.float32)
    return ((x - x.mean()) / sd).astype(np.float32)


def fuse(signals: Mapping[str, np.ndarray], weights: FusionWeights) -> np.ndarray:
    total: np.ndarray | None = None
    for name, scores in signals.items():
        w = weights.get(name)
        if w == 0.0:
            continue
        part = w * zscore(scores)
        total = part if total is None else total + part
    if total is None:
        n = len(next(iter(signals.values()))) if signals else 0
        return np.zeros(n, dtype=np.float32)
    return total


@dataclass(frozen=True, slots=True)
class Calibration:
    """P(top hit answers) = sigmoid(a·top + b·gap + c), on fused scores divided by the total weight."""

    a: float = 1.2
    b: float = 2.5
    c: float = -3.0
    clear: float = 0.6
    none: float = 0.2
    #: Candidates within this many (normalised) points of the top are offered when ambiguous.
    ambiguous_gap: float = 0.6

    def probability(self, top: float, gap: float) -> float:
        return 1.0 / (1.0 + math.exp(-(self.a * top + self.b * gap + self.c)))

    def judge(self, scores: list[float]) -> tuple[Confidence, float, int]:
        """(label, probability, how many candidates to offer) for fused scores sorted best first."""
        if not scores:
            return "none", 0.0, 0
        top = scores[0]
        gap = top - scores[1] if len(scores) > 1 else top
        p = self.probability(top, gap)
        if p >= self.clear:
            return "clear", p, 1
        close = 1 + sum(1 for s in scores[1:3] if top - s <= self.ambiguous_gap)
        if p < self.none and top < self.none_floor():
            return "none", p, 0
        return "ambiguous", p, max(2, close)

    def none_floor(self) -> float:
        # Below this normalised top score nothing stands out from the crowd of articles.
        return (math.log(self.none / (1 - self.none)) - self.c) / self.a
