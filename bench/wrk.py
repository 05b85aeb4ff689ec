"""Driving wrk for bench/throughput.py: the Lua scripts, one measured run, and what it cost in CPU.

A wrk Lua script walks a file of request paths, each wrk thread from its own offset, and prints wrk's
summary as one JSON line; the paced script also waits before each request of a connection, so that the
connections together offer a given rate. :func:`measure` runs wrk once against a server and reads that
line, with the CPU time the server's processes, wrk and the rest of the machine used meanwhile.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

__all__ = [
    "LUA_PACED",
    "LUA_WALK",
    "WRK_THREADS",
    "LoadedServer",
    "Run",
    "Target",
    "machine_cpu_seconds",
    "measure",
    "write_scripts",
]

WRK_THREADS = 2

# Walks a file of request paths, one per line, each thread from its own offset; args: file, threads and
# (paced script only) the delay in ms before each request of a connection. ``done`` prints the summary as
# one JSON line (times in microseconds).
LUA_WALK = r"""
local counter = 0

function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(args[1]) do
    paths[#paths + 1] = line
  end
  index = math.floor(id * #paths / tonumber(args[2]))
  pause = tonumber(args[3] or "0")
end

function request()
  local path = paths[index + 1]
  index = (index + 1) % #paths
  return wrk.format("GET", path)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'KEFU_WRK {"requests": %d, "duration_us": %d, "connect": %d, "read": %d, "write": %d, ' ..
    '"status": %d, "timeout": %d, "p50": %d, "p90": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, e.connect, e.read, e.write, e.status, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max))
end
"""
# wrk calls delay() before every request when the script defines it, so only the paced script does.
LUA_PACED = LUA_WALK + "\nfunction delay()\n  return pause\nend\n"


@dataclass(frozen=True)
class Target:
    name: str
    paths: Path  # request paths, one a line
    paced: bool  # also measured at the offered rate


@dataclass(frozen=True)
class Run:
    target: str
    connections: int
    offered: int | None  # requests/s the paced connections offer together; None: as fast as answered
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
    other_cpu: float  # by everything else on the machine

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    @property
    def load(self) -> str:
        return f"{self.connections}, paced to {self.offered}/s" if self.offered else str(self.connections)

    @property
    def described(self) -> str:
        how = f"{self.connections} connections" + (f" paced to {self.offered}/s" if self.offered else "")
        return f"{self.rps:,.0f} requests/s at p99 {self.p99_ms:.1f} ms ({how})"


class LoadedServer(Protocol):
    """What :func:`measure` needs of the server under load (bench/throughput.py's ``Server``)."""

    base: str

    def cpu_seconds(self) -> float: ...


def write_scripts(workdir: Path) -> None:
    """The two Lua scripts into ``workdir``, where :func:`measure` finds them."""
    (workdir / "walk.lua").write_text(LUA_WALK, encoding="utf-8")
    (workdir / "paced.lua").write_text(LUA_PACED, encoding="utf-8")


def machine_cpu_seconds() -> float:
    """CPU time the whole machine has spent busy (all cores, /proc/stat: everything but idle and iowait)."""
    fields = [int(x) for x in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    busy = sum(fields[:8]) - fields[3] - fields[4]  # user nice system idle iowait irq softirq steal
    return busy / os.sysconf("SC_CLK_TCK")


def measure(
    wrk: str,
    workdir: Path,
    server: LoadedServer,
    target: Target,
    connections: int,
    seconds: int,
    offered: int | None = None,
) -> Run:
    script = workdir / ("paced.lua" if offered else "walk.lua")
    argv = [wrk, f"-t{WRK_THREADS}", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    argv += ["-s", str(script), server.base, "--", str(target.paths), str(WRK_THREADS)]
    if offered:
        argv.append(str(round(connections * 1000 / offered)))  # ms each connection waits per request
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
    return Run(
        target=target.name,
        connections=connections,
        offered=offered,
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
    )
