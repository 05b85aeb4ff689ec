"""Score fusion and confidence.

Each signal (BM25F lexical, each dense view) is z-scored across the candidate articles of one query, so
signals on different scales can be added with weights. The confidence is a logistic function of the fused
score's top value and its gap to the runner-up, with coefficients fitted on the labelled dev queries
(``bench/calibrate.py`` prints fresh ones); callers get "clear", "ambiguous" or "none".
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
            "lexical": 1.5,
            "use:doc": 1.0,
            "use:title": 1.0,
            "use:section": 0.5,
            "e5:doc": 0.5,
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
    """Confidence from two kinds of evidence, fitted by ``bench/calibrate.py``.

    - Does anything match at all? The best *absolute* dense similarity (cosine of the query with the
      nearest article) is below ``similarity_floor`` for chit-chat and off-topic text, and above it for
      real support questions; without a dense encoder the best raw BM25F score plays that part. A query of
      one word ("热线", "agent") is too short for a sentence encoder to place (cosines of 0.12–0.19 against
      the very article it names), so for a keyword query a BM25F score over ``lexical_floor`` counts too.
    - Does the top hit stand out? P(top hit answers) = sigmoid(a·top + b·gap + c) on the fused score of
      the top hit and its gap to the runner-up (both divided by the total fusion weight).
    """

    a: float = 0.701
    b: float = 1.038
    c: float = -1.144
    #: "clear" only when the top hit is right ~95% of the time on the dev queries.
    clear: float = 0.88
    similarity_floor: float = 0.2
    lexical_floor: float = 6.0
    #: Candidates within this many (normalised) points of the top are offered when ambiguous.
    ambiguous_gap: float = 0.6

    def probability(self, top: float, gap: float) -> float:
        return 1.0 / (1.0 + math.exp(-(self.a * top + self.b * gap + self.c)))

    def judge(
        self,
        scores: list[float],
        *,
        similarity: float | None = None,
        lexical: float = 0.0,
        keyword: bool = False,
    ) -> tuple[Confidence, float, int]:
        """(label, probability, how many candidates to offer) for fused scores sorted best first.

        ``similarity`` is the best raw dense cosine (None without dense encoders), ``lexical`` the best raw
        BM25F score, ``keyword`` whether the query is a single content word.
        """
        if not scores:
            return "none", 0.0, 0
        matched = (similarity is not None and similarity >= self.similarity_floor) or (
            (similarity is None or keyword) and lexical >= self.lexical_floor
        )
        top = scores[0]
        gap = top - scores[1] if len(scores) > 1 else top
        p = self.probability(top, gap)
        if not matched:
            return "none", min(p, 0.1), 0
        if p >= self.clear:
            return "clear", p, 1
        close = 1 + sum(1 for s in scores[1:3] if top - s <= self.ambiguous_gap)
        return "ambiguous", p, max(2, close)
