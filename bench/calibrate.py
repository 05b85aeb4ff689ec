"""Fit the search confidence (kefu.search.fusion.Calibration) on labelled queries plus off-topic ones.

    python bench/calibrate.py [--queries ../shared/kb/dev_queries.jsonl] [--kb ../shared/kb/articles]

Prints the fitted coefficients and how the labels split the queries; copy the coefficients into
``Calibration``'s defaults when they change. Off-topic queries (``bench/data/offtopic_queries.jsonl``)
are general chit-chat that no help-center article answers: they teach the "none" end.
"""

from __future__ import annotations

import argparse
from dataclasses import replace
from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from kefu.kb import load_directory
from kefu.search.engine import EngineConfig, SearchEngine
from kefu.search.evaluation import read_queries
from kefu.search.fusion import Calibration

ROOT = Path(__file__).resolve().parents[1]


def features(engine: SearchEngine, query: str, locale: str) -> tuple[float, float, list[str]]:
    response = engine.search(query, locale, limit=10)
    scores = [h.score for h in response.hits]
    gap = scores[0] - scores[1] if len(scores) > 1 else scores[0]
    return scores[0], gap, [h.slug for h in response.hits]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles")
    ap.add_argument("--negatives", type=Path, default=ROOT / "bench/data/offtopic_queries.jsonl")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors")
    ap.add_argument("--clear", type=float, default=Calibration().clear, help="P(top right) for 'clear'")
    args = ap.parse_args()
    engine = SearchEngine.build(load_directory(args.kb).articles, EngineConfig(vector_cache=args.cache))
    rows = []
    for q in read_queries(args.queries):
        top, gap, slugs = features(engine, q.query, q.locale)
        rows.append((top, gap, 1.0 if slugs and slugs[0] in q.relevant else 0.0))
    X = np.array([[r[0], r[1], 1.0] for r in rows])
    y = np.array([r[2] for r in rows])

    def loss(w: np.ndarray) -> float:
        z = X @ w
        return float(np.sum(np.logaddexp(0, z) - y * z) + 0.01 * np.sum(w[:2] ** 2))

    w = minimize(loss, np.zeros(3), method="BFGS").x
    print(f"fitted: a={w[0]:.3f} b={w[1]:.3f} c={w[2]:.3f}")
    clear = args.clear
    engine.config = replace(
        engine.config, calibration=replace(Calibration(), a=w[0], b=w[1], c=w[2], clear=clear)
    )
    print(f"clear when P >= {clear}")
    print("| query set | clear | ambiguous | none | top hit right when clear | answer among candidates |")
    print("|---|---|---|---|---|---|")
    for name, path in (("dev (answerable)", args.queries), ("off-topic", args.negatives)):
        counts = {"clear": 0, "ambiguous": 0, "none": 0}
        clear_right = among = 0
        for q in read_queries(path):
            r = engine.search(q.query, q.locale, limit=10)
            counts[r.confidence] += 1
            slugs = [h.slug for h in r.hits]
            if r.confidence == "clear" and slugs[:1] and slugs[0] in q.relevant:
                clear_right += 1
            if r.confidence == "ambiguous" and set(r.candidates) & set(q.relevant):
                among += 1
        print(
            f"| {name} | {counts['clear']} | {counts['ambiguous']} | {counts['none']} "
            f"| {clear_right}/{counts['clear']} | {among}/{counts['ambiguous']} |"
        )


if __name__ == "__main__":
    main()
