"""An in-process scheduler that is safe with several workers: each job runs in the process holding its lease.

Every worker starts a :class:`Scheduler`; on each tick it tries to take (or renew) the lease of every job
that is due, and runs the job only when it got it. A process that dies stops renewing, and another worker
takes over when the lease expires (``ttl``, a few intervals). Jobs get a fresh session and ``now`` and must
be idempotent — a job interrupted half-way is simply run again — which the case verbs are (they act on what
is overdue or stale *now*).
"""

from __future__ import annotations

import logging
import os
import secrets
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from kefu.jobs.lease import mark_run, release, try_acquire
from kefu.store import Database, utcnow

__all__ = ["Job", "Scheduler"]

log = logging.getLogger("kefu.jobs")

JobFunction = Callable[[Session, datetime], object]


@dataclass
class Job:
    name: str
    run: JobFunction
    every: timedelta
    next_at: datetime = field(default_factory=utcnow)


class Scheduler:
    def __init__(
        self,
        database: Database,
        *,
        tick: float = 5.0,
        clock: Callable[[], datetime] = utcnow,
        holder: str | None = None,
    ) -> None:
        self.database = database
        self.tick = tick
        self.clock = clock
        self.holder = holder or f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"
        self.jobs: list[Job] = []
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def add(self, name: str, run: JobFunction, every: timedelta) -> None:
        self.jobs.append(Job(name, run, every, next_at=self.clock()))

    def run_due(self) -> list[str]:
        """One tick: run every due job whose lease this process holds; the names of the jobs that ran."""
        ran = []
        now = self.clock()
        for job in self.jobs:
            if now < job.next_at:
                continue
            job.next_at = now + job.every
            try:
                with self.database.session() as session:
                    if not try_acquire(session, job.name, self.holder, now=now, ttl=job.every * 3):
                        continue
                with self.database.session() as session:
                    job.run(session, now)
                    mark_run(session, job.name, now=now)
                ran.append(job.name)
            except Exception:  # one failing job must not stop the others, or the next tick
                log.exception("job %s failed; it runs again at the next interval", job.name)
        return ran

    def start(self) -> None:
        if self._thread is not None:
            return

        def loop() -> None:
            while not self._stop.wait(self.tick):
                self.run_due()

        self._thread = threading.Thread(target=loop, name="kefu-scheduler", daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=10)
            self._thread = None
        try:
            with self.database.session() as session:
                for job in self.jobs:
                    release(session, job.name, self.holder, now=self.clock())
        except Exception:
            log.warning("could not release the job leases; they expire by themselves", exc_info=True)
