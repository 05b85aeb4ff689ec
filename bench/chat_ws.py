"""Chat push under load: 500 customers on WebSockets against the real server, send → delivery latency and
whether every message arrives exactly once, in order.

    python bench/chat_ws.py [--clients 500] [--workers 1,2] [--modes agent,longpoll,assistant]
                            [--interval 2] [--assistant-interval 2] [--duration 30] [--warmup 5]
                            [--database-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
                            [--kb ../shared/kb/articles | --starter] [--profile DIR]
                            [--server-env NAME=VALUE ...] [--write]

For each ``--workers`` count, a fresh ``kefu serve --workers N`` on a free port (a new data directory: SQLite
by default; with ``--database-url``, a schema of its own on that PostgreSQL server, dropped afterwards; the
scheduler at its default tick) answers, one after the other, with new conversations each time:

- ``agent`` — *agent chat*: ``--clients``/2 signed-in customers each open a conversation over HTTP as the app
  does; then, in the database, a bench agent takes every one of them (``request_agent`` with 24/7 hours, then
  ``accept``, as the console will), so the assistant stays quiet. Each conversation gets two customer sockets
  (the same pass): the first sends ``{"type": "send", "body", "client_key"}`` every ``--interval`` s (random
  phase), the second stands in for the agent's screen. Latency: the ``message`` frame's arrival on the
  second socket − the moment the send frame left (joined by the seq the ``ack`` gave for that client_key).
- ``longpoll`` — the baseline, the same load over the REST fallback: the customer sends with
  ``POST …/messages`` and both connections are replaced by loops of ``GET …/messages?after=&wait=25``.
  ``--interval`` and ``--assistant-interval`` take comma-separated lists: one run per value.
- ``assistant`` — *assistant chat*: ``--clients`` guests, each in a bot-mode conversation of their own, ask
  help-center questions (the dev queries the assistant answers without handing over, checked once each
  first) every ``--assistant-interval`` s; latency to their own message and to the assistant's answer.

Every connection starts from ``after=0``; afterwards each must hold every message of its conversation
(1..last_seq as committed) exactly once, in strictly increasing seq: *lost* counts (connection, message)
pairs never received, *dup* frames repeating a seq, *out-of-order* frames with a seq below one already
received. *errors* adds sends refused or never acked, stored twice or not at all, received with another
body, and connections closed by the server. Latency counts the sends after ``--warmup``; all sends are
checked. One client process (uvloop) drives every connection; its event-loop lag is reported, as are the
CPU cores the server, PostgreSQL, the client and everything else kept busy. ``--profile DIR`` records each
server worker with py-spy (``pip install py-spy`` into the venv) during each run, as collapsed stacks of the
thread holding the GIL. ``--samples DIR`` keeps every send's timings as JSON lines. Before each run the
script waits (``--quiet-wait``) until other processes leave the machine idle. ``--write`` puts the tables
into docs/benchmarks.md (section ``bench:chat-ws``, or ``bench:chat-ws-postgresql`` with ``--database-url``).
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import datetime
import hashlib
import json
import os
import platform
import resource
import secrets
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from chatload import Chat, LoopLag, Plan, run_long_polls, run_sockets
from chatsetup import (
    answered_queries,
    customer_chats,
    guest_chats,
    hand_over,
    last_seqs,
    scratch_postgres,
    stored_messages,
)
from report import ROOT, display_path, markdown_table, percentile, revision, write_section
from throughput import Server, serve
from wrk import machine_cpu_seconds

#: The bar: send → delivery p99 at most this, with nothing lost, duplicated or out of order.
P99_BAR_MS = 150.0
BAR_CLIENTS = 500
MODES = ("agent", "longpoll", "assistant")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=500, help="connections per run")
    ap.add_argument("--workers", default="1,2", help="comma-separated server worker counts")
    ap.add_argument("--modes", default=",".join(MODES), help=f"comma-separated, of {', '.join(MODES)}")
    ap.add_argument(
        "--interval", default="2", help="s between one customer's sends, agent chat and long poll"
    )
    ap.add_argument(
        "--assistant-interval", default="2", help="s between one customer's sends, assistant chat"
    )
    ap.add_argument("--duration", type=float, default=30.0, help="s of measured sending per run")
    ap.add_argument("--warmup", type=float, default=5.0, help="s of sending before latency counts")
    ap.add_argument("--database-url", help="a PostgreSQL server (a scratch schema is made and dropped)")
    ap.add_argument("--kb", type=Path, default=ROOT.parent / "shared/kb/articles", help="articles to serve")
    ap.add_argument("--starter", action="store_true", help="serve the bundled starter help center instead")
    ap.add_argument("--queries", type=Path, default=ROOT.parent / "shared/kb/dev_queries.jsonl")
    ap.add_argument("--cache", type=Path, default=ROOT / "var/vectors", help="vector cache directory")
    ap.add_argument("--profile", type=Path, help="record every worker with py-spy into this directory")
    ap.add_argument("--samples", type=Path, help="save every send's timings (JSON lines) into this directory")
    ap.add_argument(
        "--quiet-wait",
        type=float,
        default=600,
        help="before each run, wait up to this many s for other processes to leave the machine idle",
    )
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument(
        "--server-env", action="append", default=[], metavar="NAME=VALUE", help="extra server environment"
    )
    ap.add_argument("--write", action="store_true", help="write the tables into docs/benchmarks.md")
    args = ap.parse_args()
    modes = [m.strip() for m in args.modes.split(",") if m.strip()]
    if unknown := set(modes) - set(MODES):
        sys.exit(f"unknown modes: {', '.join(sorted(unknown))} (use {', '.join(MODES)})")
    plans = [
        (mode, float(i))
        for mode in modes
        for i in (args.assistant_interval if mode == "assistant" else args.interval).split(",")
    ]
    if args.profile and not _py_spy():
        sys.exit("--profile needs py-spy: .venv/bin/pip install py-spy")

    measured = _revision()
    runs: list[Run] = []
    with _client_loop() as runner:
        for workers in [int(w) for w in args.workers.split(",")]:
            with tempfile.TemporaryDirectory(prefix="kefu-chat-ws-") as tmp, _database(args, Path(tmp)) as db:
                secret = secrets.token_hex(16)
                server_args = argparse.Namespace(
                    cache=args.cache,
                    starter=args.starter,
                    kb=args.kb,
                    workers=workers,
                    server_env=[f"KEFU_IDENTITY_SECRET={secret}", *db.server_env, *args.server_env],
                )
                with serve(server_args, Path(tmp)) as server, _server_log_on_error(Path(tmp)):
                    for mode, interval in plans:
                        print(f"{mode} every {interval:g} s, {workers} worker(s), {db.name}", file=sys.stderr)
                        _wait_for_quiet(server, args.quiet_wait)
                        run = runner.run(_one_run(args, mode, interval, server, db, workers, secret))
                        print(f"  {run.summary}", file=sys.stderr)
                        runs.append(run)
    print_table(runs)
    if _revision() != measured:
        measured += ", **src/ changed while it ran**"
    body = report(args, runs, measured)
    print(body)
    if args.write:
        write_section(section_name(args), body)


# ------------------------------------------------------------------------------------------ one run


@dataclass
class Run:
    mode: str
    workers: int
    database: str
    clients: int
    messages: int  # sends made (all checked)
    latencies: dict[str, list[float]]  # ms, sends after the warm-up, per measure
    ack_ms: list[float]  # send → ack (or POST answered)
    push_ms: list[float]  # ack → the message on the sender's own connection
    fanout_ms: list[float]  # own connection → the other connection (agent chat)
    lost: int
    dup: int
    out_of_order: int
    errors: Counter[str]
    server_cpu: float
    client_cpu: float
    lag_p99_ms: float
    db_cpu: float = 0.0  # PostgreSQL's processes
    other_cpu: float = 0.0  # everything else on the machine
    left_bot: int = 0  # assistant chat: conversations the assistant handed over or ended anyway
    rate: float = 0.0  # sends a second the customers offered together
    interval: float = 0.0  # s between one customer's sends
    resent: int = 0  # sends sent again, same client_key, after the server closed the socket
    notes: list[str] = field(default_factory=list)

    @property
    def transport(self) -> str:
        return "long poll" if self.mode == "longpoll" else "WebSocket"

    @property
    def title(self) -> str:
        return "assistant chat" if self.mode == "assistant" else "agent chat"

    @property
    def clean(self) -> bool:
        return self.lost == 0 and self.dup == 0 and self.out_of_order == 0 and not self.errors

    @property
    def summary(self) -> str:
        parts = [
            f"{name}: p50 {percentile(v, 50):.1f} p99 {percentile(v, 99):.1f} max {max(v, default=0):.0f} ms"
            for name, v in self.latencies.items()
        ]
        return (
            "; ".join(parts) + f"; {self.messages} sent, lost {self.lost}, dup {self.dup}, "
            f"ooo {self.out_of_order}, errors {dict(self.errors) or 0}"
        )


@dataclass(frozen=True)
class Db:
    name: str  # SQLite | PostgreSQL <version>
    url: str  # what this process uses to read the server's database
    server_env: tuple[str, ...]


@contextlib.contextmanager
def _database(args: argparse.Namespace, workdir: Path) -> Iterator[Db]:
    if not args.database_url:
        yield Db("SQLite", f"sqlite:///{(workdir / 'data' / 'kefu.db').as_posix()}", ())
        return
    with scratch_postgres(args.database_url) as url:
        yield Db(_postgres_name(url), url, (f"KEFU_DATABASE_URL={url}",))


def _postgres_name(url: str) -> str:
    from sqlalchemy import create_engine, text

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            version = str(connection.execute(text("SHOW server_version")).scalar()).split()[0]
        return f"PostgreSQL {version}"
    finally:
        engine.dispose()


async def _one_run(
    args: argparse.Namespace, mode: str, interval: float, server: Server, db: Db, workers: int, secret: str
) -> Run:
    tag = f"{mode}-{interval:g}s-w{workers}-{secrets.token_hex(3)}"
    notes: list[str] = []
    if mode == "assistant":
        texts, dropped = await answered_queries(server.base, _dev_queries(args.queries))
        notes.append(
            f"{sum(len(v) for v in texts.values())} dev queries the assistant answers in bot mode "
            f"({dropped} left out: handed over or ended)"
        )
        chats = await guest_chats(server.base, args.clients, texts)
        per_chat = 1
    else:
        chats = await customer_chats(server.base, secret, args.clients // 2, tag)
        await asyncio.to_thread(hand_over, db.url, [c.id for c in chats])
        per_chat = 2
    meter = _Meter(server, args.profile, tag, args.warmup + args.duration)
    plan = Plan(
        server.base, interval, args.warmup, args.duration, args.seed, on_start=meter.start, on_stop=meter.stop
    )
    load = run_long_polls if mode == "longpoll" else run_sockets
    await load(chats, plan, lambda ids: last_seqs(db.url, ids), per_chat)
    meter.wait()
    run = _tally(mode, chats, await last_seqs(db.url, [c.id for c in chats]), db, workers)
    if args.samples is not None:
        _save_samples(args.samples / f"{tag}.jsonl", chats, meter.started)
    run.server_cpu, run.client_cpu, run.lag_p99_ms = meter.server_cpu, meter.client_cpu, meter.lag_p99_ms
    run.db_cpu, run.other_cpu = meter.db_cpu, meter.other_cpu
    run.notes, run.rate, run.interval = notes, len(chats) / interval, interval
    return run


def _tally(mode: str, chats: list[Chat], last: dict[int, int], db: Db, workers: int) -> Run:
    """Latencies, and every connection's messages checked against what the database committed."""
    stored = stored_messages(db.url, [c.id for c in chats])
    lost = dup = out_of_order = left_bot = 0
    errors: Counter[str] = Counter()
    latencies: dict[str, list[float]] = {}
    ack_ms: list[float] = []
    push_ms: list[float] = []
    fanout_ms: list[float] = []
    if mode == "assistant":
        names = ["message → own socket", "answer → own socket"]
    elif mode == "longpoll":
        names = ["message → other poller", "message → own poller"]
    else:
        names = ["message → other socket", "message → own socket"]
    for name in names:
        latencies[name] = []
    for chat in chats:
        for receiver in chat.receivers:
            seen: set[int] = set()
            top = 0
            for seq in receiver.seqs:
                if seq in seen:
                    dup += 1
                    continue
                seen.add(seq)
                out_of_order += seq < top
                top = max(top, seq)
            lost += len(set(range(1, last[chat.id] + 1)) - seen)
            errors.update(f"connection: {e}" for e in receiver.errors)
        left_bot += mode == "assistant" and chat.receivers[0].status != "bot"
        for send in chat.sends.values():
            if send.error is not None:
                errors[f"send refused: {send.error}"] += 1
                continue
            if send.acked_at is None:
                errors["send never acked"] += 1
                continue
            copies = stored.keys.get((chat.id, send.key), 0)
            if copies != 1:
                errors[f"send stored {copies} times"] += 1
            own = chat.receivers[0].messages.get(send.seqs[0])
            if own is not None and own["body"] != send.body:
                errors["received with another body"] += 1
            ack_ms.append((send.acked_at - send.at) * 1000)
            if not send.measured:
                continue
            first = chat.receivers[0].arrived.get(send.seqs[0])
            if first is not None:
                push_ms.append((first - send.acked_at) * 1000)
                fanout_ms += [
                    (r.arrived[send.seqs[0]] - first) * 1000
                    for r in chat.receivers[1:]
                    if send.seqs[0] in r.arrived
                ]
            if mode == "assistant":
                for name, seq in zip(names, send.seqs[:2], strict=False):
                    if seq in chat.receivers[0].arrived:
                        latencies[name].append((chat.receivers[0].arrived[seq] - send.at) * 1000)
            else:
                for name, receiver in zip(names, [*chat.receivers[1:], chat.receivers[0]], strict=True):
                    if send.seqs[0] in receiver.arrived:
                        latencies[name].append((receiver.arrived[send.seqs[0]] - send.at) * 1000)
    if stored.seq_problems:
        errors["conversations with seq gaps in the database"] += stored.seq_problems
    return Run(
        mode=mode,
        workers=workers,
        database=db.name,
        clients=sum(len(c.receivers) for c in chats),
        messages=sum(len(c.sends) for c in chats),
        latencies=latencies,
        ack_ms=ack_ms,
        push_ms=push_ms,
        fanout_ms=fanout_ms,
        lost=lost,
        dup=dup,
        out_of_order=out_of_order,
        errors=errors,
        server_cpu=0.0,
        client_cpu=0.0,
        lag_p99_ms=0.0,
        left_bot=left_bot,
        resent=sum(1 for chat in chats for send in chat.sends.values() if send.resent),
    )


def _save_samples(path: Path, chats: list[Chat], started: float) -> None:
    """One line per send: conversation, key, seqs, when it was sent (s into the load), and the times (ms
    after the send) it was acked and each connection received each of its seqs."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as out:
        for chat in chats:
            for send in chat.sends.values():
                arrived = [
                    [round((r.arrived[s] - send.at) * 1000, 2) if s in r.arrived else None for s in send.seqs]
                    for r in chat.receivers
                ]
                acked = None if send.acked_at is None else round((send.acked_at - send.at) * 1000, 2)
                item = {
                    "conversation": chat.id,
                    "key": send.key,
                    "measured": send.measured,
                    "seqs": send.seqs,
                }
                out.write(
                    json.dumps({**item, "error": send.error, "acked": acked, "arrived": arrived}) + "\n"
                )


def _dev_queries(path: Path) -> list[tuple[str, str]]:
    found: dict[tuple[str, str], None] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            item = json.loads(line)
            found[(item["query"], item["locale"])] = None
    return list(found)


# ------------------------------------------------------------------------------------------ machinery


@contextlib.contextmanager
def _client_loop() -> Iterator[asyncio.Runner]:
    """One event loop for every client of the whole benchmark: uvloop when installed (uvicorn[standard])."""
    try:
        import uvloop

        factory = uvloop.new_event_loop
    except ImportError:  # pragma: no cover
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        yield runner


@contextlib.contextmanager
def _server_log_on_error(workdir: Path) -> Iterator[None]:
    """Show the end of the server's log when a run fails (the log goes with the temporary directory)."""
    try:
        yield
    except BaseException:
        lines = (workdir / "server.log").read_text(errors="replace").splitlines()
        print("\n".join(["--- server log (end) ---", *lines[-60:]]), file=sys.stderr)
        raise


def _py_spy() -> str | None:
    local = Path(sys.executable).parent / "py-spy"
    return str(local) if local.exists() else shutil.which("py-spy")


class _Meter:
    """CPU of the server and of this client, the client's loop lag, and py-spy, over the sending window."""

    def __init__(self, server: Server, profile: Path | None, tag: str, seconds: float) -> None:
        self.server, self.profile, self.tag, self.seconds = server, profile, tag, seconds
        self.lag = LoopLag()
        self.recorders: list[subprocess.Popen[bytes]] = []
        self.server_cpu = self.client_cpu = self.db_cpu = self.other_cpu = self.lag_p99_ms = 0.0
        self.started = 0.0

    def start(self) -> None:
        self._wall = self.started = time.perf_counter()
        self._server = self.server.cpu_seconds()
        self._client = _own_cpu()
        self._db = _postgres_cpu()
        self._machine = machine_cpu_seconds()
        self.lag.start()
        if self.profile is not None:
            self.profile.mkdir(parents=True, exist_ok=True)
            spy = _py_spy()
            assert spy is not None
            self.recorders = [
                subprocess.Popen(self._spy(spy, pid), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                # one worker runs inside ``kefu serve`` itself
                for pid in self.server.worker_pids() or [self.server.process.pid]
            ]

    def _spy(self, spy: str, pid: int) -> list[str]:
        assert self.profile is not None
        argv = [spy, "record", "--pid", str(pid), "--duration", str(round(self.seconds)), "--rate", "200"]
        return [
            *argv,
            "--gil",  # only the thread holding the GIL: what the worker's one core is spent on
            "--threads",
            "--nonblocking",
            "--format",
            "raw",
            "--output",
            str(self.profile / f"{self.tag}-{pid}.txt"),
        ]

    def stop(self) -> None:
        wall = time.perf_counter() - self._wall
        self.server_cpu = (self.server.cpu_seconds() - self._server) / wall
        self.client_cpu = (_own_cpu() - self._client) / wall
        # PostgreSQL backends that exit meanwhile take their CPU time with them: a lower bound
        self.db_cpu = max(0.0, _postgres_cpu() - self._db) / wall
        busy = (machine_cpu_seconds() - self._machine) / wall
        self.other_cpu = max(0.0, busy - self.server_cpu - self.client_cpu - self.db_cpu)
        self.lag_p99_ms = percentile(self.lag.samples, 99) * 1000
        self.lag.stop()

    def wait(self) -> None:
        for recorder in self.recorders:
            try:
                recorder.wait(timeout=self.seconds + 60)
            except subprocess.TimeoutExpired:
                recorder.kill()
                recorder.wait()


def _wait_for_quiet(server: Server, patience: float, busy: float = 0.2) -> None:
    """Wait (up to ``patience`` s) until processes other than the server keep under ``busy`` cores busy:
    on a shared machine someone's test run would otherwise be measured as the server's latency."""
    deadline = time.monotonic() + patience
    while True:
        machine, own = machine_cpu_seconds(), server.cpu_seconds() + _own_cpu()
        time.sleep(2.0)
        others = (machine_cpu_seconds() - machine - (server.cpu_seconds() + _own_cpu() - own)) / 2.0
        if others < busy or time.monotonic() > deadline:
            if others >= busy:
                print(f"  the machine is still busy ({others:.2f} cores); measuring anyway", file=sys.stderr)
            return
        print(f"  other processes keep {others:.2f} cores busy; waiting", file=sys.stderr)
        time.sleep(10.0)


def _postgres_cpu() -> float:
    """CPU seconds used so far by every PostgreSQL process on this machine (0 without one)."""
    total = 0.0
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                head, _, tail = (entry / "stat").read_text().rpartition(")")
                if head.endswith("(postgres"):
                    fields = tail.split()
                    total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _own_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------------------------- report

HEADER = [
    "mode",
    "transport",
    "latency of",
    "interval s",
    "clients",
    "messages",
    "sends/s",
    "p50 ms",
    "p95 ms",
    "p99 ms",
    "max ms",
    "lost",
    "dup",
    "out-of-order",
    "errors",
    "server workers",
    "database",
]
SPLIT_HEADER = [
    "mode",
    "transport",
    "sends/s",
    "server workers",
    "send → ack p50 / p99 ms",
    "ack → own p50 / p99 ms",
    "own → other p50 / p99 ms",
    "CPU server / database / client / other",
    "client loop lag p99 ms",
]


def _rows(runs: list[Run]) -> list[list[str]]:
    rows = []
    for run in runs:
        for name, values in run.latencies.items():
            ok = run.clean and percentile(values, 99) <= P99_BAR_MS and run.transport == "WebSocket"
            rows.append(
                [
                    run.title,
                    run.transport,
                    name + (" ✓" if ok else ""),
                    f"{run.interval:g}",
                    f"{run.clients:,}",
                    f"{run.messages:,}",
                    f"{run.rate:g}",
                    f"{percentile(values, 50):.1f}",
                    f"{percentile(values, 95):.1f}",
                    f"{percentile(values, 99):.1f}",
                    f"{max(values, default=0):,.0f}",
                    str(run.lost),
                    str(run.dup),
                    str(run.out_of_order),
                    str(sum(run.errors.values())),
                    str(run.workers),
                    run.database,
                ]
            )
    return rows


def _split_rows(runs: list[Run]) -> list[list[str]]:
    return [
        [
            run.title,
            run.transport,
            f"{run.rate:g}",
            str(run.workers),
            _p50_p99(run.ack_ms),
            _p50_p99(run.push_ms),
            _p50_p99(run.fanout_ms),
            f"{run.server_cpu:.2f} / {_db_cpu(run)} / {run.client_cpu:.2f} / {run.other_cpu:.2f}",
            f"{run.lag_p99_ms:.1f}",
        ]
        for run in runs
    ]


def _db_cpu(run: Run) -> str:
    # SQLite runs inside the server's processes: its time is the server's
    return f"{run.db_cpu:.2f}" if run.database.startswith("PostgreSQL") else "–"


def _p50_p99(values: list[float]) -> str:
    return f"{percentile(values, 50):.1f} / {percentile(values, 99):.1f}" if values else "–"


def print_table(runs: list[Run]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(stderr=True, width=220)
    for title, header, rows in (
        (f"chat push; ✓ p99 ≤ {P99_BAR_MS:.0f} ms, nothing lost", HEADER, _rows(runs)),
        ("where the time goes, seen from the client", SPLIT_HEADER, _split_rows(runs)),
    ):
        table = Table(title=title)
        for column in header:
            table.add_column(
                column, justify="left" if column in ("mode", "transport", "latency of") else "right"
            )
        for row in rows:
            table.add_row(*row)
        console.print(table)
    for run in runs:
        if run.errors:
            console.print(f"{run.title}, {run.transport}, {run.workers} worker(s): {dict(run.errors)}")


def _revision() -> str:
    """:func:`report.revision`, plus a digest of the uncommitted changes in src/ when there are some."""
    described = revision()
    if "uncommitted" in described:
        diff = subprocess.run(["git", "-C", str(ROOT), "diff", "HEAD", "--", "src"], capture_output=True)
        described += f" (diff {hashlib.sha1(diff.stdout).hexdigest()[:8]})"
    return described


def _machine() -> str:
    model = platform.processor() or platform.machine()
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    memory = ""
    with contextlib.suppress(OSError, ValueError, IndexError):
        kb = int(Path("/proc/meminfo").read_text().split("\n", 1)[0].split()[1])
        memory = f", {kb / 1024**2:.0f} GB RAM"
    system = f"Linux {platform.release()}, Python {platform.python_version()}"
    return f"{os.cpu_count()} cores ({model}){memory}, {system}"


def _command(args: argparse.Namespace) -> str:
    return "python bench/chat_ws.py " + shlex.join(a for a in sys.argv[1:] if a != "--write")


def section_name(args: argparse.Namespace) -> str:
    """``chat-ws`` for SQLite, ``chat-ws-postgresql`` with ``--database-url``: both can stand in the docs."""
    return "chat-ws-postgresql" if args.database_url else "chat-ws"


def report(args: argparse.Namespace, runs: list[Run], measured: str) -> str:
    corpus = "the bundled starter help center" if args.starter else f"`{display_path(args.kb)}`"
    database = runs[0].database if runs else "?"
    notes = sorted({note for run in runs for note in run.notes})
    left = [r for r in runs if r.left_bot]
    ws = [r for r in runs if r.transport == "WebSocket"]
    full = [r for r in ws if r.clients >= BAR_CLIENTS]
    met = [f"{r.title} at {r.rate:g} sends/s with {r.workers} worker(s)" for r in full if _meets(r)]
    verdict = f"met by {'; '.join(met)}" if met else "met by no run" if full else f"no run had {BAR_CLIENTS}"

    return (
        f"## Chat push (WebSocket), {database.split()[0]} (`bench/chat_ws.py`)\n\n"
        f"`{_command(args)}` — a fresh `kefu serve --workers N` for each worker count over {corpus} "
        f"({database}, fresh data directory or schema, scheduler at its default tick); every row is a new "
        "set of conversations on that server. One client process on the same machine (Python `websockets`, "
        f"uvloop) drives every connection: {_machine()}; {datetime.date.today().isoformat()}, kefu "
        f"{measured}. Each customer sends one message every *interval* s at a random phase (*sends/s*: "
        f"all customers together), {args.warmup:g} s of warm-up, then {args.duration:g} s measured.\n\n"
        f"{markdown_table(HEADER, _rows(runs))}\n\n"
        f"{markdown_table(SPLIT_HEADER, _split_rows(runs))}\n\n"
        f"Bar: {BAR_CLIENTS} WebSocket clients, send → delivery p99 ≤ {P99_BAR_MS:.0f} ms, nothing lost, "
        f"duplicated or out of order (✓) — {verdict}.\n\n"
        "*agent chat*: signed-in customers whose conversations a person holds (a bench agent accepted them "
        "in the database, so the assistant stays quiet); two sockets per conversation with the customer's "
        "pass, one sending, the other standing in for the agent's screen. *long poll*: the same load over "
        "the REST fallback, `POST …/messages` to send and `GET …/messages?after=&wait=25` loops instead of "
        "sockets (a raw keep-alive HTTP/1.1 client, cheaper than httpx). *assistant chat*: one guest socket "
        "per bot-mode conversation, asking dev queries the assistant answers without handing over; latency "
        "to the customer's own message and to the assistant's answer. *latency of*: the moment the send "
        "frame (or POST) left → the `message` frame with the seq its `ack` named, on the other or on the "
        "sender's own connection. *messages*: sends, each one checked; latency counts those after the "
        "warm-up. *lost*: (connection, message) pairs never received, every connection being owed every "
        "message of its conversation (1..last_seq as committed, from `after=0`); *dup*: frames repeating a "
        "seq; *out-of-order*: frames with a seq below one already received; *errors*: sends refused or never "
        "acked, stored other than once or received with another body, connections the server closed.\n\n"
        "*send → ack*: until the `ack` (or the POST's answer): the server's thread pool and the "
        "transaction. *ack → own*: from the ack until the message reaches the sender's own connection: the "
        "hub's wake-up, the pusher's read and the frame. *own → other*: the other connection's delay after "
        "the sender's own; with several workers the two sockets of a conversation often sit in different "
        "processes, and the other one learns of the message from its hub's revision poll (every 0.25 s). "
        "*CPU*: cores kept busy by the server's processes, by PostgreSQL's, by the client and by everything "
        "else; *client loop lag*: p99 of how late the client's event loop woke a 5 ms sleep, what the client "
        "itself adds to every latency.\n"
        + "".join(f"\n{note}." for note in notes)
        + "".join(_reopened(r) for r in runs)
        + "".join(
            f"\n{r.left_bot} assistant conversations left bot mode in the {r.rate:g} sends/s, "
            f"{r.workers}-worker run."
            for r in left
        )
        + "\n"
    )


def _reopened(run: Run) -> str:
    closes = {k.removeprefix("connection: "): v for k, v in run.errors.items() if k.startswith("connection")}
    if not closes and not run.resent:
        return ""
    what = ", ".join(f"{reason} × {n}" for reason, n in closes.items())
    return (
        f"\n{run.title}, {run.transport}, {run.rate:g} sends/s, {run.workers} worker(s): {what}; every "
        f"socket was reopened from its last seq and {run.resent} unacked sends went again (same client_key)."
    )


def _meets(run: Run) -> bool:
    return run.clean and all(percentile(v, 99) <= P99_BAR_MS for v in run.latencies.values())


if __name__ == "__main__":
    main()
