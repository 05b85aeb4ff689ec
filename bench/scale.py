"""The default engine on a large synthetic help center: build time, encoding cost, memory, query latency.

    python bench/scale.py [--n 100000] [--seed 7] [--kb ../shared/kb/articles]
                          [--queries ../shared/kb/dev_queries.jsonl] [--workdir var/bench-scale] [--write]

The corpus is the real help center plus synthetic articles (``bench/synthetic.py``) up to ``--n`` articles,
half zh-CN and half en. Everything runs pinned to one core, in two fresh processes so each peak RSS
belongs to one job:

1. ``prepare``: the lexical index alone (analysis + BM25F matrices, timed); then an engine build in
   which the encoders' *passage* side is a stand-in (hash-seeded random unit vectors), which fills the
   vector cache with a vector for every passage, counts them and keeps a random sample of them; the real
   encoders are timed on that sample, and the time to encode every passage is projected from it.
   Encoding 100,000 articles for real takes hours on one core (see the projection), which is what the
   cache exists to pay only once.
2. ``measure``: an engine build with the real encoders and that warm cache (every passage a cache hit,
   checked), then every dev query once after a warm-up. Query encoding is real; document vectors of the
   synthetic articles are stand-ins, so the hits are not meaningful, but every step of a search does the
   same work it would on real vectors.
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import json
import platform
import random
import shutil
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from onecore import peak_rss_mb, pin_to_one_core, rss_mb
from report import ROOT, display_path, markdown_table, percentile, revision, write_section

SAMPLE = 96  # passages timed with the real encoders, for the projection
WARMUP = 5


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=100_000, help="articles in the corpus (both locales)")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles")
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--workdir", type=Path, default=ROOT / "var/bench-scale")
    ap.add_argument("--keep", action="store_true", help="keep the (large) seeded vector cache")
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    ap.add_argument("--phase", choices=["prepare", "measure"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    pin_to_one_core()
    if args.phase == "prepare":
        print(json.dumps(prepare(args)))
    elif args.phase == "measure":
        print(json.dumps(measure(args)))
    else:
        run(args)


# ----------------------------------------------------------------------------------- the two phases


def _corpus(args: argparse.Namespace) -> tuple[list[Any], int]:
    from kefu.kb import load_directory
    from synthetic import SourcePool, synthesize

    real = load_directory(args.kb).articles
    synthetic = synthesize(SourcePool(real), max(0, args.n - len(real)), seed=args.seed)
    return real + synthetic, len(real)


def _cache_dir(args: argparse.Namespace) -> Path:
    return args.workdir / f"n{args.n}" / "vectors"


class StandInEncoder:
    """Vectors without the model: a unit vector seeded by the text's hash (same name and size as the model).

    Keeps a uniform random sample of the passages it was given (reservoir sampling), to time the real
    encoder on passages exactly like the ones it stood in for.
    """

    def __init__(self, name: str, dim: int, sample: int) -> None:
        self.name, self.dim = name, dim
        self.count = 0
        self.sample: list[str] = []
        self._size = sample
        self._rng = random.Random(0)

    def passages(self, texts: list[str]) -> np.ndarray:
        for text in texts:
            self.count += 1
            if len(self.sample) < self._size:
                self.sample.append(text)
            elif (j := self._rng.randrange(self.count)) < self._size:
                self.sample[j] = text
        return self.queries(texts)

    def queries(self, texts: list[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "little")
            out[i] = np.random.default_rng(seed).standard_normal(self.dim, dtype=np.float32)
        return out / np.linalg.norm(out, axis=1, keepdims=True)


def prepare(args: argparse.Namespace) -> dict[str, Any]:
    from kefu.search.dense import make_encoder
    from kefu.search.engine import EngineConfig, SearchEngine

    t0 = time.perf_counter()
    articles, n_real = _corpus(args)
    out: dict[str, Any] = {"articles": len(articles), "real": n_real, "generate_s": time.perf_counter() - t0}
    config = EngineConfig(vector_cache=_cache_dir(args))

    out |= _lexical_alone(articles, config)

    # Seed the vector cache through a real build whose passage encoder is the stand-in.
    shutil.rmtree(_cache_dir(args), ignore_errors=True)
    stand_ins = {name: StandInEncoder(name, make_encoder(name, 1).dim, SAMPLE) for name in config.encoders}
    t0 = time.perf_counter()
    SearchEngine.build(articles, config, encoders=stand_ins)
    out["seed_build_s"] = time.perf_counter() - t0
    out["peak_rss_mb"] = peak_rss_mb()
    del articles
    gc.collect()

    # The real encoders on a random sample of the very passages the stand-ins encoded.
    encoding: dict[str, dict[str, float]] = {}
    for name, stand_in in stand_ins.items():
        encoder = make_encoder(name, config.encoder_threads)
        encoder.passages(["warm up"])
        t0 = time.perf_counter()
        for text in stand_in.sample:
            encoder.passages([text])
        per_passage = (time.perf_counter() - t0) / max(1, len(stand_in.sample))
        encoding[name] = {"passages": stand_in.count, "sample": len(stand_in.sample), "s_each": per_passage}
    out["encoding"] = encoding
    out["cache_mb"] = sum(f.stat().st_size for f in _cache_dir(args).glob("*")) / 2**20
    out["peak_rss_mb"] = peak_rss_mb()
    return out


def _lexical_alone(articles: list[Any], config: Any) -> dict[str, Any]:
    """The lexical index alone, fed one document at a time as the engine does, with the engine's fields
    (body as section headings + text); analysis is timed inside the stream, the rest builds the matrices."""
    from kefu.search.analysis import terms
    from kefu.search.lexical import LexicalIndex

    analyse = total = 0.0
    n_terms = 0

    def analysed(locale: str) -> Iterator[dict[str, Counter[str]]]:
        nonlocal analyse
        for a in articles:
            if a.locale == locale:
                t0 = time.perf_counter()
                body = "\n".join(f"{s.heading}\n{s.text}".strip() for s in a.sections)
                fields = {"title": a.title, "tags": " , ".join(a.tags), "body": body}
                doc = {name: Counter(terms(text)) for name, text in fields.items()}
                analyse += time.perf_counter() - t0
                yield doc

    for locale in sorted({a.locale for a in articles}):
        t0 = time.perf_counter()
        lexical = LexicalIndex(analysed(locale), config.fields, k1=config.k1)
        total += time.perf_counter() - t0
        n_terms += len(lexical.vocabulary)
        del lexical
        gc.collect()
    return {"analyse_s": analyse, "bm25f_s": total - analyse, "terms": n_terms}


def measure(args: argparse.Namespace) -> dict[str, Any]:
    from kefu.search.engine import EngineConfig, SearchEngine
    from kefu.search.evaluation import read_queries

    articles, _ = _corpus(args)
    gc.collect()
    before = rss_mb()
    fresh: Counter[str] = Counter()

    def count(stage: str, advance: int, total: int) -> None:
        if stage.startswith("encode "):
            fresh[stage] += advance

    t0 = time.perf_counter()
    engine = SearchEngine.build(articles, EngineConfig(vector_cache=_cache_dir(args)), progress=count)
    build_s = time.perf_counter() - t0
    if fresh:
        raise RuntimeError(f"the seeded cache missed passages: {dict(fresh)}")
    del articles
    gc.collect()
    after = rss_mb()
    queries = read_queries(args.queries)
    for q in queries[:WARMUP]:
        engine.search(q.query, q.locale, 10)
    seconds = []
    for q in queries:
        t0 = time.perf_counter()
        engine.search(q.query, q.locale, 10)
        seconds.append(time.perf_counter() - t0)
    ms = [s * 1000 for s in seconds]
    return {
        "build_s": build_s,
        "rss_corpus_mb": before,
        "rss_engine_mb": after,
        "peak_rss_mb": peak_rss_mb(),
        "queries": len(queries),
        "p50_ms": percentile(ms, 50),
        "p99_ms": percentile(ms, 99),
        "max_ms": max(ms),
        "encoders": list(engine.config.encoders),
    }


# ----------------------------------------------------------------------------------- driver


def _phase(args: argparse.Namespace, phase: str) -> dict[str, Any]:
    argv = [sys.executable, __file__, "--phase", phase, "--n", str(args.n), "--seed", str(args.seed)]
    argv += ["--kb", str(args.kb), "--queries", str(args.queries), "--workdir", str(args.workdir)]
    t0 = time.perf_counter()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.stderr.write(done.stderr)
        raise SystemExit(f"phase {phase} failed ({done.returncode})")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    print(f"  {phase}: {time.perf_counter() - t0:.0f} s", flush=True)
    return result


def run(args: argparse.Namespace) -> None:
    print(f"scale bench, {args.n} articles", flush=True)
    prep = _phase(args, "prepare")
    meas = _phase(args, "measure")
    if not args.keep:
        shutil.rmtree(_cache_dir(args), ignore_errors=True)
    body = _section(args, prep, meas)
    print(body)
    if args.write:
        write_section(f"scale-{args.n}", body)


def _section(args: argparse.Namespace, prep: dict[str, Any], meas: dict[str, Any]) -> str:
    n = prep["articles"]
    lexical = prep["analyse_s"] + prep["bm25f_s"]
    encoding = prep["encoding"]
    passages = sum(e["passages"] for e in encoding.values())
    projected = sum(e["passages"] * e["s_each"] for e in encoding.values())
    projection_parts = [
        f"{name}: {e['passages']:,} passages × {e['s_each'] * 1000:.1f} ms, the mean over {e['sample']} "
        "drawn at random from them"
        for name, e in encoding.items()
    ]
    rows = [
        ["articles (zh-CN + en)", f"{n:,} ({prep['real']} real)", "measured"],
        ["lexical index: analysis", f"{prep['analyse_s']:.1f} s", "measured"],
        ["lexical index: BM25F matrices", f"{prep['bm25f_s']:.1f} s ({prep['terms']:,} terms)", "measured"],
        ["lexical index total", f"{lexical:.1f} s", "measured"],
        ["dense passages to encode", f"{passages:,}", "counted"],
        ["encoding every passage, one core", _duration(projected), "projected"],
        ["engine build, vector cache warm", f"{meas['build_s']:.1f} s", "measured"],
        ["vector cache on disk", f"{prep['cache_mb']:,.0f} MB", "measured"],
        ["RSS with the corpus in memory, before build", f"{meas['rss_corpus_mb']:,.0f} MB", "measured"],
        ["RSS after build (serving)", f"{meas['rss_engine_mb']:,.0f} MB", "measured"],
        ["peak RSS, build with warm cache", f"{meas['peak_rss_mb']:,.0f} MB", "measured"],
        ["peak RSS, building the cache", f"{prep['peak_rss_mb']:,.0f} MB", "measured"],
        [
            "query p50 / p99 / max",
            f"{meas['p50_ms']:.1f} / {meas['p99_ms']:.1f} / {meas['max_ms']:.1f} ms",
            "measured",
        ],
    ]
    table = markdown_table(["what", "value", "how"], rows)
    return (
        f"## Scale: {n:,} articles (`bench/scale.py --n {args.n}`)\n\n"
        f"{table}\n\n"
        f"Default engine (encoders: {', '.join(meas['encoders']) or 'none'}), one core, one BLAS thread. "
        f"Corpus: the {prep['real']} real articles (`{display_path(args.kb)}`) plus synthetic ones "
        f"recombined from them (`bench/synthetic.py`, seed {args.seed}): sections from random articles with "
        "shuffled sentences and ~10% of words swapped, random real titles and tags plus a made-up name each; "
        "articles are built in memory, so reading files is not included. "
        "*Lexical index*: the engine's fields analysed and indexed on their own, streamed one document at "
        "a time as the engine does, without the dense views or the repair vocabulary. "
        f"*Encoding* every passage is projected, not run ({'; '.join(projection_parts)}). Instead the "
        "vector cache is filled with "
        "stand-in vectors (random unit vectors seeded by each passage's hash) through a build whose passage "
        "encoder is the stand-in, and *engine build, vector cache warm* is a real build (analysis, BM25F, "
        "vocabulary, suggestions, every dense view from the cache: all hits, checked) — the cost of a "
        "restart or a rebuild once vectors exist. *Query latency*: the "
        f"{meas['queries']} dev queries, one at a time after {WARMUP} warm-up, query encoding real; the "
        "synthetic documents' vectors being stand-ins, ranking quality is not meaningful here, but each "
        "search does the same work. RSS from /proc and getrusage in the measuring process. "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}, "
        f"kefu {revision()}.\n"
    )


def _duration(seconds: float) -> str:
    return f"{seconds / 3600:.1f} h" if seconds >= 3600 else f"{seconds / 60:.1f} min"


def _ms(*values: float) -> str:
    return " / ".join(f"{v:.1f}" for v in values) + " ms"


if __name__ == "__main__":
    main()
