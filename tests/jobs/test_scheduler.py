"""The scheduler: with several processes, each job runs in exactly one; a dead holder is replaced."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

from sqlalchemy.orm import Session

from kefu.jobs.lease import try_acquire
from kefu.jobs.scheduler import Scheduler
from kefu.store import Database

START = datetime(2026, 11, 25, 2, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


def _pair(database: Database, clock: Clock, runs: list[str]) -> tuple[Scheduler, Scheduler]:
    schedulers = []
    for name in ("a", "b"):
        scheduler = Scheduler(database, clock=clock, holder=name)

        def job(_session: Session, _now: datetime, name: str = name) -> None:
            runs.append(name)

        scheduler.add("close-stale-cases", job, timedelta(minutes=1))
        schedulers.append(scheduler)
    return schedulers[0], schedulers[1]


def test_a_job_runs_in_one_process_per_interval(database: Database) -> None:
    clock, runs = Clock(), []
    a, b = _pair(database, clock, runs)
    for _ in range(5):
        a.run_due()
        b.run_due()
        clock.advance(minutes=1)
    assert runs == ["a"] * 5


def test_another_process_takes_over_when_the_holder_dies(database: Database) -> None:
    clock, runs = Clock(), []
    a, b = _pair(database, clock, runs)
    a.run_due()
    clock.advance(minutes=1)
    b.run_due()  # a is alive (lease for 3 intervals): b waits
    clock.advance(minutes=3)  # a stopped renewing
    b.run_due()
    assert runs == ["a", "b"]


def test_release_on_close_hands_over_at_once(database: Database) -> None:
    clock, runs = Clock(), []
    a, b = _pair(database, clock, runs)
    a.run_due()
    a.close()
    clock.advance(minutes=1)
    b.run_due()
    assert runs == ["a", "b"]


def test_a_failing_job_does_not_stop_the_others(database: Database) -> None:
    clock, runs = Clock(), []
    scheduler = Scheduler(database, clock=clock, holder="a")

    def broken(_session: Session, _now: datetime) -> None:
        raise RuntimeError("boom")

    scheduler.add("broken", broken, timedelta(minutes=1))
    scheduler.add("fine", lambda _s, now: runs.append(now.isoformat()), timedelta(minutes=1))
    assert scheduler.run_due() == ["fine"]
    clock.advance(minutes=1)
    assert scheduler.run_due() == ["fine"]


def test_racing_processes_never_both_win(database: Database) -> None:
    winners: list[str] = []
    barrier = threading.Barrier(8)

    def race(holder: str) -> None:
        barrier.wait()
        with database.session() as session:
            if try_acquire(session, "race", holder, now=START, ttl=timedelta(minutes=5)):
                winners.append(holder)

    threads = [threading.Thread(target=race, args=(f"p{i}",)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert len(winners) == 1
