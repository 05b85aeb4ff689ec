"""Running a benchmark on one CPU core, and reading its memory use.

:func:`pin_to_one_core` must run before numpy (or an encoder) starts threads: it sets the thread-count
variables and the CPU affinity, then re-executes the script so every thread starts pinned. Call it first in
``main()``, before importing anything heavy.
"""

from __future__ import annotations

import os
import resource
import sys

__all__ = ["THREAD_VARS", "peak_rss_mb", "pin_to_one_core", "rss_mb"]

THREAD_VARS = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "NUMEXPR_NUM_THREADS")
_PINNED = "KEFU_BENCH_PINNED"


def pin_to_one_core(core: int = 0) -> None:
    """Make this process run on ``core`` only, with one BLAS/OpenMP thread (re-executes once)."""
    if os.environ.get(_PINNED) == str(core) and os.sched_getaffinity(0) == {core}:
        return
    for var in THREAD_VARS:
        os.environ[var] = "1"
    os.environ[_PINNED] = str(core)
    os.sched_setaffinity(0, {core})
    sys.stdout.flush()
    os.execv(sys.executable, [sys.executable, *sys.argv])


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def rss_mb() -> float:
    """The process's resident set size now."""
    with open("/proc/self/statm") as fh:
        pages = int(fh.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
