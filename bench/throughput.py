"""Requests per second and latency under load: the real server (``kefu serve --workers 2``) driven by wrk.

    python bench/throughput.py [--kb ../shared/kb/articles | --starter] [--workers 2]
                               [--connections 16,32,64] [--duration 20] [--warmup 5] [--n 20000] [--write]

Needs wrk (``apt-get install wrk``); it is not a Python package and not part of CI.

The server runs in a fresh temporary data directory (a new SQLite database, so the first start imports the
articles), over ``--kb`` (default: the 120-article benchmark corpus) or, with ``--starter``, the bundled
starter help center; document vectors come from ``--cache`` (default ``var/vectors``, as the other benches).
Once every worker has built its index, the same server process answers, one after the other:

- ``static``: a static file of the help center (its stylesheet), the floor for this stack and machine;
- ``search API``: ``GET /api/v1/search?q=…&locale=…`` with a Zipf query log;
- ``search page``: the help center's results page ``GET /{locale}/search?q=…`` with the same log.

The query log: every distinct (query, locale) of the dev queries plus ``bench/data/offtopic_queries.jsonl``,
put in a fixed shuffled order (``--seed``) and ranked, then ``--n`` requests drawn with P(rank k) ∝ 1/k^1.1.
Each request carries its query's own locale, so both languages are in the log. A wrk Lua script (written
into the temporary directory) walks the log, each wrk thread from its own offset, so consecutive requests
are different entries of the log.

Each target gets a ``--warmup`` run, then one ``--duration`` run per connection count, with 2 wrk threads
and ``--latency``. wrk runs on the same 2 cores as the server, so it takes its share of CPU (reported).
``--write`` puts the table into docs/benchmarks.md (section ``bench:throughput``).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import json
import os
import platform
import random
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

from report import ROOT, display_path, markdown_table, revision, write_section

#: The project's bar for search: this many requests a second, p99 at most P99_BAR_MS, 2 workers, 2 cores.
RPS_BAR = 300
P99_BAR_MS = 100.0
ZIPF_EXPONENT = 1.1
WRK_THREADS = 2
READY_TIMEOUT = 300.0

# Walks a file of request paths, one per line; each thread starts at its own offset. ``done`` prints the
# summary as one JSON line (microseconds), with where each thread started and how many requests it sent.
LUA = r"""
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
  table.insert(threads, thread)
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  local nthreads = tonumber(args[2])
  start = math.floor(id * #paths / nthreads)
  index = start
  sent = 0
end

function request()
  local path = paths[index + 1]
  index = (index + 1) % #paths
  sent = sent + 1
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local starts, counts = {}, {}
  for _, thread in ipairs(threads) do
    starts[#starts + 1] = tostring(thread:get("start"))
    counts[#counts + 1] = tostring(thread:get("sent"))
  end
  local e = summary.errors
  io.write(string.format(
    'KEFU_WRK {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d, ' ..
    '"starts": [%s], "sent": [%s]}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    table.concat(starts, ","), table.concat(counts, ",")))
end
"""


@dataclass(frozen=True)
class Target:
    name: str
    paths: Path  # request paths, one a line, walked by the Lua script
    walks_log: bool


@dataclass(frozen=True)
class Run:
    target: str
    connections: int
    requests: int
    seconds: float
    p50_ms: float
    p90_ms: float
    p99_ms: float
    max_ms: float
    non_2xx: int
    errors: int
    server_cpu: float  # cores kept busy by the server's processes, on average
    wrk_cpu: float  # by wrk
    other_cpu: float  # by everything else on the machine (should be ~0: a quiet machine)
    entries: frozenset[int]  # which log entries were sent (log targets only)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def within_bar(self) -> bool:
        return self.p99_ms <= P99_BAR_MS and self.non_2xx == 0 and self.errors == 0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles", help="articles to serve")
    ap.add_argument("--starter", action="store_true", help="serve the bundled starter help center instead")
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--offtopic", type=Path, default=ROOT / "bench/data/offtopic_queries.jsonl")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors", help="vector cache directory")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--connections", default="16,32,64", help="comma-separated wrk connection counts")
    ap.add_argument("--duration", type=int, default=20, help="seconds per measured run")
    ap.add_argument("--warmup", type=int, default=5, help="seconds of warm-up per target")
    ap.add_argument("--n", type=int, default=20_000, help="requests in the query log")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--write", action="store_true", help="write the table into docs/benchmarks.md")
    args = ap.parse_args()
    wrk = shutil.which("wrk")
    if wrk is None:
        sys.exit("bench/throughput.py needs wrk, an HTTP load generator: apt-get install wrk")
    connections = [int(c) for c in args.connections.split(",")]

    queries = read_log_queries([args.queries, args.offtopic])
    log = zipf_log(queries, args.n, seed=args.seed)
    with tempfile.TemporaryDirectory(prefix="kefu-throughput-") as tmp:
        workdir = Path(tmp)
        (workdir / "walk.lua").write_text(LUA, encoding="utf-8")
        api_paths = workdir / "api.txt"
        page_paths = workdir / "pages.txt"
        api_paths.write_text("".join(api_path(q, loc) + "\n" for q, loc in log), encoding="utf-8")
        page_paths.write_text("".join(page_path(q, loc) + "\n" for q, loc in log), encoding="utf-8")
        with serve(args, workdir) as server:
            static_paths = workdir / "static.txt"
            static_paths.write_text(static_path(server.base) + "\n", encoding="utf-8")
            targets = [
                Target("static", static_paths, walks_log=False),
                Target("search API", api_paths, walks_log=True),
                Target("search page", page_paths, walks_log=True),
            ]
            check_paths(server.base, [api_path(q, loc) for q, loc in queries])
            check_paths(server.base, [page_path(q, loc) for q, loc in queries])
            runs: list[Run] = []
            for target in targets:
                print(f"{target.name}: warm-up {args.warmup} s", file=sys.stderr)
                measure(wrk, workdir, server, target, connections[len(connections) // 2], args.warmup)
                for count in connections:
                    run = measure(wrk, workdir, server, target, count, args.duration)
                    print(
                        f"  {count} connections: {run.rps:.0f} req/s, p99 {run.p99_ms:.1f} ms",
                        file=sys.stderr,
                    )
                    runs.append(run)
            articles = server.articles
    print_table(runs)
    body = report(args, runs, log, queries, articles)
    print(body)
    if args.write:
        write_section("throughput", body)


# ----------------------------------------------------------------------------------------- the query log


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


def api_path(query: str, locale: str) -> str:
    return "/api/v1/search?" + urlencode({"q": query, "locale": locale})


def page_path(query: str, locale: str) -> str:
    return f"/{locale}/search?" + urlencode({"q": query})


# ------------------------------------------------------------------------------------------- the server


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    articles: int

    def worker_pids(self) -> list[int]:
        """The uvicorn worker processes (children of ``kefu serve``, which only supervises)."""
        pids = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                with contextlib.suppress(OSError):
                    stat = (entry / "stat").read_text()
                    if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                        pids.append(int(entry.name))
        return pids

    def cpu_seconds(self) -> float:
        """User + system CPU time used so far by the workers and the supervisor."""
        total = 0.0
        for pid in [self.process.pid, *self.worker_pids()]:
            with contextlib.suppress(OSError):
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
                total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        return total


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@contextlib.contextmanager
def serve(args: argparse.Namespace, workdir: Path) -> Iterator[Server]:
    """``kefu serve --workers N`` on a free port in a fresh data directory, until every worker is ready."""
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KEFU_")}
    env |= {
        "KEFU_DATA_DIR": str(workdir / "data"),
        "KEFU_VECTOR_CACHE_DIR": str(args.cache.resolve()),
        "KEFU_ADMIN_TOKEN": "bench-throughput",
    }
    if not args.starter:
        env["KEFU_KB_DIR"] = str(args.kb.resolve())
    kefu = Path(sys.executable).parent / "kefu"
    argv = [
        str(kefu if kefu.exists() else "kefu"),
        "serve",
        "--port",
        str(port),
        "--workers",
        str(args.workers),
    ]
    log_path = workdir / "server.log"
    print(f"starting {' '.join(argv[1:])} (log: {log_path})", file=sys.stderr)
    with open(log_path, "wb") as log_file:
        process = subprocess.Popen(argv, env=env, stdout=log_file, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        articles = wait_ready(base, process, log_path, args.workers)
        yield Server(base, process, articles)
    finally:
        stop(process)


def wait_ready(base: str, process: subprocess.Popen[bytes], log_path: Path, workers: int) -> int:
    """Wait for /readyz and for every worker's startup; the number of articles served."""
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"kefu serve exited with code {process.returncode}:\n{_tail(log_path)}")
        started = log_path.read_text(errors="replace").count("Application startup complete")
        if started >= workers:
            try:
                with urllib.request.urlopen(base + "/readyz", timeout=5) as response:
                    checks = json.load(response)["checks"]
                    return int(checks["search"]["articles"])
            except (urllib.error.URLError, OSError):
                pass
        time.sleep(0.5)
    stop(process)
    sys.exit(f"kefu serve was not ready after {READY_TIMEOUT:.0f} s:\n{_tail(log_path)}")


def stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _tail(path: Path, lines: int = 40) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def static_path(base: str) -> str:
    """The help center's stylesheet (the first .css under web/helpcenter/static), else /healthz."""
    from kefu.web.helpcenter import STATIC_DIR

    found = sorted(Path(STATIC_DIR).rglob("*.css"))
    path = f"/static/{found[0].relative_to(STATIC_DIR).as_posix()}" if found else "/healthz"
    check_paths(base, [path])
    return path


def check_paths(base: str, paths: list[str]) -> None:
    """Every path answers 200 before any load (wrk only counts failures)."""
    for path in paths:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
        except urllib.error.HTTPError as error:
            sys.exit(f"GET {path} answered {error.code} before the benchmark started")


# ------------------------------------------------------------------------------------------------- wrk


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores, /proc/stat: everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def measure(wrk: str, workdir: Path, server: Server, target: Target, connections: int, seconds: int) -> Run:
    argv = [wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    argv += ["-s", str(workdir / "walk.lua"), server.base, "--", str(target.paths), str(WRK_THREADS)]
    cpu_before, machine_before = server.cpu_seconds(), machine_cpu_seconds()
    wrk_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = time.monotonic()
    done = subprocess.run(argv, capture_output=True, text=True, check=False)
    wall = time.monotonic() - wall
    wrk_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = (server.cpu_seconds() - cpu_before) / wall
    wrk_cpu = (wrk_after.ru_utime + wrk_after.ru_stime - wrk_before.ru_utime - wrk_before.ru_stime) / wall
    other_cpu = max(0.0, (machine_cpu_seconds() - machine_before) / wall - server_cpu - wrk_cpu)
    line = next((x for x in done.stdout.splitlines() if x.startswith("KEFU_WRK ")), None)
    if done.returncode != 0 or line is None:
        sys.exit(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    stats = json.loads(line.removeprefix("KEFU_WRK "))
    entries: set[int] = set()
    if target.walks_log:
        size = len(target.paths.read_text(encoding="utf-8").splitlines())
        for start, sent in zip(stats["starts"], stats["sent"], strict=True):
            entries.update((start + i) % size for i in range(min(sent, size)))
    return Run(
        target=target.name,
        connections=connections,
        requests=stats["requests"],
        seconds=stats["duration_us"] / 1e6,
        p50_ms=stats["p50"] / 1000,
        p90_ms=stats["p90"] / 1000,
        p99_ms=stats["p99"] / 1000,
        max_ms=stats["max"] / 1000,
        non_2xx=stats["status"],
        errors=stats["connect"] + stats["read"] + stats["write"] + stats["timeout"],
        server_cpu=server_cpu,
        wrk_cpu=wrk_cpu,
        other_cpu=other_cpu,
        entries=frozenset(entries),
    )


# ---------------------------------------------------------------------------------------------- report

HEADER = [
    "target",
    "conns",
    "req/s",
    "p50 ms",
    "p90 ms",
    "p99 ms",
    "max ms",
    "non-2xx",
    "errors",
    "CPU srv/wrk/other",
]


def _row(run: Run, best: bool) -> list[str]:
    return [
        run.target + (" ★" if best else ""),
        str(run.connections),
        f"{run.rps:,.0f}",
        f"{run.p50_ms:.1f}",
        f"{run.p90_ms:.1f}",
        f"{run.p99_ms:.1f}",
        f"{run.max_ms:.0f}",
        str(run.non_2xx),
        str(run.errors),
        f"{run.server_cpu:.2f} / {run.wrk_cpu:.2f} / {run.other_cpu:.2f}",
    ]


def best_runs(runs: list[Run]) -> dict[str, Run]:
    """Per target, the run with the most requests/s among those with p99 ≤ the bar and no failures."""
    best: dict[str, Run] = {}
    for run in runs:
        if run.within_bar and (run.target not in best or run.rps > best[run.target].rps):
            best[run.target] = run
    return best


def print_table(runs: list[Run]) -> None:
    from rich.console import Console
    from rich.table import Table

    best = best_runs(runs)
    table = Table(
        title=f"kefu serve under wrk ({WRK_THREADS} threads); ★ best with p99 ≤ {P99_BAR_MS:.0f} ms"
    )
    for column in HEADER:
        table.add_column(column, justify="left" if column == "target" else "right")
    for run in runs:
        table.add_row(*_row(run, best.get(run.target) is run))
    Console(stderr=True, width=140).print(table)


def report(
    args: argparse.Namespace,
    runs: list[Run],
    log: list[tuple[str, str]],
    queries: list[tuple[str, str]],
    articles: int,
) -> str:
    from kefu.helpcenter.live import SEARCH_CACHE_SIZE

    best = best_runs(runs)
    rows = [_row(run, best.get(run.target) is run) for run in runs]
    distinct = len(set(log))
    zh = sum(1 for _, loc in log if loc == "zh-CN")
    walked = max((len(r.entries) for r in runs if r.entries), default=0)
    corpus = "the bundled starter help center" if args.starter else f"`{display_path(args.kb)}`"
    cores = os.cpu_count()
    return (
        "## Throughput (`bench/throughput.py`)\n\n"
        f"`kefu serve --workers {args.workers}` over {corpus} ({articles} articles), SQLite in a fresh data "
        f"directory, default encoders, driven by wrk on the same machine ({cores} cores, "
        f"{platform.processor() or platform.machine()}, Python {platform.python_version()}), "
        f"{datetime.date.today().isoformat()}, kefu {revision()}. {WRK_THREADS} wrk threads; each target "
        f"had a {args.warmup} s warm-up, then one {args.duration} s run per connection count, all in one "
        "server process.\n\n"
        f"{markdown_table(HEADER, rows)}\n\n"
        f"★ the best run of each target with p99 ≤ {P99_BAR_MS:.0f} ms and no failures. "
        "*CPU srv/wrk/other*: cores kept busy by the server's processes, by wrk (which shares the "
        "machine) and by anything else. *static*: the help center's stylesheet, the floor for this stack. "
        "*search API*: `GET /api/v1/search?q=…&locale=…`; *search page*: `GET /{locale}/search?q=…`, the "
        "HTML results page; both walk the same query log.\n\n"
        f"Query log: {args.n:,} requests ({zh:,} zh-CN, {args.n - zh:,} en) drawn with P(rank k) ∝ "
        f"1/k^{ZIPF_EXPONENT} from {len(queries)} distinct queries (dev and off-topic queries, ranked in a "
        f"seeded shuffled order, each in its own locale). {distinct} distinct queries occur in the log, so "
        f"{1 - distinct / args.n:.1%} of its requests repeat an earlier one; one run walked at most "
        f"{walked:,} entries. Each worker caches up to {SEARCH_CACHE_SIZE:,} answers per index revision, "
        f"more than there are distinct queries, so at most {args.workers} × {distinct} searches are computed "
        "in full over the whole benchmark (each worker's first sight of a query) and every other request is "
        "answered from the cache: the search rows measure the HTTP stack, JSON or page rendering, the "
        "analytics queue and the cache, not the ranker (the latency section times a search in full).\n\n"
        f"Bar: ≥ {RPS_BAR} requests/s with p99 ≤ {P99_BAR_MS:.0f} ms for search, {args.workers} workers on "
        f"this {cores}-core machine — {verdict(best.get('search API'), runs)}.\n"
    )


def verdict(search: Run | None, runs: list[Run]) -> str:
    if search is not None and search.rps >= RPS_BAR:
        return f"**met**: {_described(search)}"
    top = max((r for r in runs if r.target == "search API"), key=lambda r: r.rps)
    return f"**not met**: the fastest search run did {_described(top)}"


def _described(run: Run) -> str:
    return f"{run.rps:,.0f} requests/s at p99 {run.p99_ms:.1f} ms ({run.connections} connections)"


if __name__ == "__main__":
    main()
