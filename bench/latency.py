"""Query latency of the default engine on one core, with a breakdown, and cold-start time of the CLI.

    python bench/latency.py [--kb ../shared/kb/articles] [--queries ../shared/kb/dev_queries.jsonl]
                            [--cache var/vectors] [--rounds 3] [--starts 3] [--write]

The process is pinned to core 0 with one BLAS thread and one encoder thread. Every dev query is run once
to warm up, then ``--rounds`` times, one at a time. Stages are timed in separate calls on the same query:
``plan`` (normalise, detect language, repair, expand), ``signals`` (lexical BM25F + every dense view,
including encoding the query), ``encode`` (the query encoder alone); ``other`` (fusion, confidence,
snippets) is total − plan − signals per query, so it is derived, not measured.

Cold start runs ``kefu search "<query>" --json`` in a fresh process (inheriting the pinning) and times it
until the answer's first line arrives: with the vector cache already holding every document vector, and
with an empty cache (every passage encoded). ``kefu --version`` is the floor: interpreter and CLI import.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from onecore import pin_to_one_core
from report import ROOT, display_path, markdown_table, percentile, revision, write_section

COLD_QUERY = "提现一直没到账怎么办"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles")
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors", help="vector cache directory")
    ap.add_argument("--rounds", type=int, default=3, help="timed passes over the queries")
    ap.add_argument("--starts", type=int, default=3, help="fresh processes per cold-start scenario")
    ap.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = ap.parse_args()
    pin_to_one_core()

    query_table, n_queries, encoders = measure_queries(args)
    start_table = measure_starts(args)
    body = (
        "## Latency (`bench/latency.py`)\n\n"
        f"Default engine (encoders: {', '.join(encoders) or 'none'}), `{display_path(args.kb)}` "
        f"({_count_articles(args.kb)} articles), {n_queries} dev queries × {args.rounds} rounds after one "
        f"warm-up round, one at a time, pinned to one core with one BLAS and one encoder thread; "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"kefu {revision()}.\n\n"
        f"{query_table}\n\n"
        "`plan`, `signals` and `encode` are timed in separate calls on the same query; `other` (fusion, "
        "confidence, snippets) is total − plan − signals per query (derived).\n\n"
        f"{start_table}\n\n"
        "Time from starting a fresh process to the first line of its answer "
        f'(`kefu search "{COLD_QUERY}" --kb … --json`), median of {args.starts} runs, same pinning. '
        "Warm: the vector cache already holds every document vector; cold: an empty cache directory, so "
        "every passage is encoded before the first answer.\n"
    )
    print(body)
    if args.write:
        write_section("latency", body)


def _count_articles(kb: Path) -> int:
    return sum(1 for _ in kb.glob("*.md"))


def measure_queries(args: argparse.Namespace) -> tuple[str, int, tuple[str, ...]]:
    from kefu.kb import load_directory
    from kefu.search.dense import make_encoder
    from kefu.search.engine import EngineConfig, SearchEngine
    from kefu.search.evaluation import read_queries

    engine = SearchEngine.build(load_directory(args.kb).articles, EngineConfig(vector_cache=args.cache))
    encoders = {name: make_encoder(name, 1) for name in engine.config.encoders}
    for encoder in encoders.values():
        encoder.queries(["warm up"])
    queries = read_queries(args.queries)
    for q in queries:
        engine.search(q.query, q.locale, 10)
    stages: dict[str, list[float]] = {"search (total)": [], "plan": [], "signals": [], "other (derived)": []}
    for name in encoders:
        stages[f"encode query ({name})"] = []
    for _ in range(args.rounds):
        for q in queries:
            t0 = time.perf_counter()
            engine.search(q.query, q.locale, 10)
            t1 = time.perf_counter()
            plan = engine.plan(q.query)
            t2 = time.perf_counter()
            engine.scores(plan, plan.locale if plan.locale in engine.locales else q.locale)
            t3 = time.perf_counter()
            total, plan_s, signals = t1 - t0, t2 - t1, t3 - t2
            stages["search (total)"].append(total)
            stages["plan"].append(plan_s)
            stages["signals"].append(signals)
            stages["other (derived)"].append(max(0.0, total - plan_s - signals))
            for name, encoder in encoders.items():
                t4 = time.perf_counter()
                encoder.queries([plan.did_you_mean or plan.text])
                stages[f"encode query ({name})"].append(time.perf_counter() - t4)
    rows = []
    for stage, seconds in stages.items():
        ms = [s * 1000 for s in seconds]
        rows.append([stage, *(f"{percentile(ms, p):.2f}" for p in (50, 95, 99)), f"{max(ms):.2f}"])
    table = markdown_table(["stage", "p50 ms", "p95 ms", "p99 ms", "max ms"], rows)
    return table, len(queries), engine.config.encoders


def _kefu() -> str:
    script = Path(sys.executable).parent / "kefu"
    return str(script) if script.exists() else "kefu"


def _time_to_first_line(argv: list[str], env: dict[str, str]) -> float:
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, text=True)
    assert proc.stdout is not None
    first = proc.stdout.readline()
    elapsed = time.perf_counter() - t0
    proc.stdout.read()
    if proc.wait() != 0 or not first:
        raise RuntimeError(f"{' '.join(argv)} failed with exit code {proc.returncode}")
    return elapsed


def measure_starts(args: argparse.Namespace) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_") or k == "KEFU_BENCH_PINNED"}
    search = [_kefu(), "search", COLD_QUERY, "--kb", str(args.kb), "--locale", "zh-CN", "--json"]
    warm_env = {**env, "KEFU_VECTOR_CACHE_DIR": str(args.cache)}
    _time_to_first_line(search, warm_env)  # fills the cache if the CLI's encoders differ from the engine's
    scenarios: list[tuple[str, list[float]]] = [
        ("`kefu --version` (interpreter + CLI import)", [_time_to_first_line([_kefu(), "--version"], env)]),
        ("`kefu search`, vector cache warm", []),
        ("`kefu search`, vector cache cold", []),
    ]
    for _ in range(args.starts - 1):
        scenarios[0][1].append(_time_to_first_line([_kefu(), "--version"], env))
    for _ in range(args.starts):
        scenarios[1][1].append(_time_to_first_line(search, warm_env))
        with tempfile.TemporaryDirectory(prefix="kefu-cold-") as cold:
            scenarios[2][1].append(_time_to_first_line(search, {**env, "KEFU_VECTOR_CACHE_DIR": cold}))
    rows = [
        [name, f"{statistics.median(s):.2f}", f"{min(s):.2f}", f"{max(s):.2f}", len(s)]
        for name, s in scenarios
    ]
    return markdown_table(["cold start", "median s", "min s", "max s", "runs"], rows)


if __name__ == "__main__":
    main()
