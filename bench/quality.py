"""Search quality, side by side: plain BM25, dense-only USE and e5, and kefu's engine.

    python bench/quality.py [--kb ../shared/kb/articles] [--queries ../shared/kb/dev_queries.jsonl]
                            [--cache var/vectors] [--no-pin] [--write]

Every system answers every dev query in the query's own locale (top 10); metrics are those of
``kefu eval`` (kefu.search.evaluation). Latency is per query around the ranker, on one core (one BLAS
thread, encoders with one thread) after a warm-up, document vectors cached (``--cache``) so a rerun only
pays for what changed. ``--write`` puts the table into docs/benchmarks.md (section ``bench:quality``).
"""

from __future__ import annotations

import argparse
import platform
import time
from collections.abc import Callable
from pathlib import Path

from onecore import pin_to_one_core
from report import ROOT, display_path, markdown_table, revision, write_section

Ranker = Callable[[str, str, int], list[tuple[str, str]]]
WARMUP = 5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles")
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors", help="vector cache directory")
    ap.add_argument("--no-pin", action="store_true", help="use every core (latency is then not comparable)")
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()
    if not args.no_pin:
        pin_to_one_core()

    from baselines import DenseOnly, PlainBM25
    from kefu.kb import load_directory
    from kefu.search.engine import EngineConfig, SearchEngine
    from kefu.search.evaluation import evaluate, read_queries

    articles = load_directory(args.kb).articles
    queries = read_queries(args.queries)

    def engine(**config: object) -> Ranker:
        built = SearchEngine.build(articles, EngineConfig(vector_cache=args.cache, **config))
        return lambda q, loc, n: [(h.slug, h.locale) for h in built.search(q, loc, n).hits]

    default_encoders = "+".join(EngineConfig().encoders) or "no dense"
    systems: list[tuple[str, Callable[[], Ranker]]] = [
        ("BM25 (chars + bigrams, words), title + body", lambda: PlainBM25(articles)),
        ("USE only, title + body", lambda: DenseOnly(articles, "use", args.cache)),
        ("e5-small only, title + body", lambda: DenseOnly(articles, "e5", args.cache)),
        (f"kefu default ({default_encoders})", engine),
        ("kefu, encoders use + e5", lambda: engine(encoders=("use", "e5"))),
    ]
    rows = []
    for name, make in systems:
        t0 = time.perf_counter()
        rank = make()
        build_s = time.perf_counter() - t0
        for q in queries[:WARMUP]:
            rank(q.query, q.locale, 10)
        report = evaluate(queries, rank, limit=10)
        zh, en, all_ = report.by_locale.get("zh-CN"), report.by_locale.get("en"), report.overall
        row = [
            name,
            f"{zh.mrr:.3f}" if zh else "-",
            f"{en.mrr:.3f}" if en else "-",
            *(f"{v:.3f}" for v in (all_.r1, all_.r3, all_.r10, all_.ndcg)),
            f"{all_.p50_ms:.1f}",
            f"{all_.p99_ms:.1f}",
        ]
        rows.append(row)
        print(f"  {name}: built in {build_s:.1f} s", flush=True)
    header = ["system", "zh-CN MRR@10", "en MRR@10", "all R@1", "all R@3", "all R@10", "all nDCG@10"]
    table = markdown_table([*header, "p50 ms", "p99 ms"], rows)
    n_zh = sum(1 for q in queries if q.locale == "zh-CN")
    notes = (
        f"{len(queries)} dev queries ({n_zh} zh-CN, {len(queries) - n_zh} en) on {len(articles)} articles "
        f"(`{display_path(args.kb)}`), in-locale retrieval, top 10. Latency per query around the ranker "
        f"after {WARMUP} warm-up queries, {'one core, one BLAS thread' if not args.no_pin else 'all cores'}, "
        f"document vectors cached; {platform.processor() or platform.machine()}, Python "
        f"{platform.python_version()}, kefu {revision()}. BM25 baseline: k1=1.2, b=0.75, title + body as one "
        "field, NFKC + lowercase, no stemming, stopwords, synonyms or repair (`bench/baselines.py`)."
    )
    body = f"## Search quality (`bench/quality.py`)\n\n{table}\n\n{notes}\n"
    print(body)
    if args.write:
        write_section("quality", body)


if __name__ == "__main__":
    main()
