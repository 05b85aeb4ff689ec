"""Push for chat: wakes every socket (and long poll) of a conversation when it changes, in any process.

Each server process has one :class:`Hub`. A request that changed a conversation calls :meth:`Hub.poke`
after its commit, which wakes this process's listeners at once. Changes made by another worker process
are found by a watcher task that polls ``revision`` and ``last_seq`` of the conversations this process
has listeners for (one small query every ``interval`` seconds, nothing when nobody listens), so delivery
never depends on which worker a customer and an agent happen to be connected to. Listeners re-read what
they need from the database after a wake-up; a wake-up carries no data, so none can be lost or duplicated
by the hub.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections import defaultdict
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from fastapi.concurrency import run_in_threadpool
from sqlalchemy import select

from kefu.conversations.records import Conversation
from kefu.store import Database

__all__ = ["Hub", "Listener"]

log = logging.getLogger("kefu.chat")

T = TypeVar("T")


class Listener:
    """One socket's (or long poll's) interest in one conversation."""

    def __init__(self, conversation_id: int) -> None:
        self.conversation_id = conversation_id
        self._event = asyncio.Event()

    def wake(self) -> None:
        self._event.set()

    async def wait(self, timeout: float) -> bool:
        """True when woken, False on timeout; either way ready for the next wait."""
        try:
            await asyncio.wait_for(self._event.wait(), timeout)
        except TimeoutError:
            return False
        finally:
            self._event.clear()
        return True


class Hub:
    def __init__(self, database: Database, *, interval: float = 0.05) -> None:
        self.database = database
        self.interval = interval
        self._listeners: dict[int, set[Listener]] = defaultdict(set)
        self._revisions: dict[int, tuple[int, int]] = {}
        self._task: asyncio.Task[None] | None = None
        #: The event loop the listeners wait on (set by the first listener).
        self._loop: asyncio.AbstractEventLoop | None = None
        #: Wake-ups so far per listened conversation, and the read in flight for it (see :meth:`read`).
        self._generation: dict[int, int] = defaultdict(int)
        self._reads: dict[int, tuple[int, int, asyncio.Future[Any]]] = {}

    @contextlib.contextmanager
    def listen(self, conversation_id: int) -> Iterator[Listener]:
        self._loop = asyncio.get_running_loop()
        listener = Listener(conversation_id)
        self._listeners[conversation_id].add(listener)
        self._ensure_watcher()
        try:
            yield listener
        finally:
            group = self._listeners.get(conversation_id)
            if group is not None:
                group.discard(listener)
                if not group:
                    del self._listeners[conversation_id]
                    self._revisions.pop(conversation_id, None)
                    self._generation.pop(conversation_id, None)

    def poke(self, conversation_id: int) -> None:
        """Wake this process's listeners of ``conversation_id`` (call after the change is committed).

        Safe from any thread: synchronous routes run in the thread pool, and an asyncio event may only be
        set on its loop's thread, so from elsewhere the wake-up is handed to the loop.
        """
        loop = self._loop
        if loop is None or loop.is_closed():
            return
        try:
            running = asyncio.get_running_loop()
        except RuntimeError:
            running = None
        if running is loop:
            self._wake(conversation_id)
        else:
            loop.call_soon_threadsafe(self._wake, conversation_id)

    def _wake(self, conversation_id: int) -> None:
        group = self._listeners.get(conversation_id)
        if not group:
            return
        self._generation[conversation_id] += 1
        for listener in list(group):
            listener.wake()

    def generation(self, conversation_id: int) -> int:
        """How many times the conversation's listeners were woken; read it right after a wake-up."""
        return self._generation.get(conversation_id, 0)

    async def read(self, conversation_id: int, after: int, generation: int, load: Callable[[int], T]) -> T:
        """``load(after)`` in a thread, shared by the listeners of one conversation woken together.

        A read in flight is joined when it started no earlier than the caller's wake-up (``generation``,
        so it sees every change committed before that wake-up) and from a sequence no later than the
        caller's (so it holds everything the caller still needs); otherwise a new read starts. Customers'
        and agents' sockets of a conversation thus cost one query per change, not one each.
        """
        pending = self._reads.get(conversation_id)
        if pending is not None and pending[0] >= generation and pending[1] <= after:
            found: T = await asyncio.shield(pending[2])
            return found
        future: asyncio.Future[T] = asyncio.ensure_future(run_in_threadpool(load, after))
        entry = (self.generation(conversation_id), after, future)
        self._reads[conversation_id] = entry
        try:
            return await asyncio.shield(future)
        finally:
            if self._reads.get(conversation_id) is entry:
                del self._reads[conversation_id]

    @property
    def listening(self) -> int:
        return sum(len(group) for group in self._listeners.values())

    def _ensure_watcher(self) -> None:
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._watch())

    async def _watch(self) -> None:
        while True:
            await asyncio.sleep(self.interval)
            ids = list(self._listeners)
            if not ids:
                continue
            try:
                revisions = await run_in_threadpool(self._read_revisions, ids)
            except Exception:  # the database is down: keep the sockets, try again next tick
                log.warning("chat push: cannot read conversation revisions", exc_info=True)
                continue
            for conversation_id, revision in revisions.items():
                known = self._revisions.get(conversation_id)
                self._revisions[conversation_id] = revision
                # first sight: wake anyway (a change may have landed between the listener's first read
                # and now; a spurious wake-up only costs a read that finds nothing new)
                if known is None or revision != known:
                    self._wake(conversation_id)

    def _read_revisions(self, ids: list[int]) -> dict[int, tuple[int, int]]:
        """(revision, last_seq) of each conversation: a change of state or a new message."""
        found: dict[int, tuple[int, int]] = {}
        with self.database.session() as session:
            for start in range(0, len(ids), 500):
                chunk = ids[start : start + 500]
                rows = session.execute(
                    select(Conversation.id, Conversation.revision, Conversation.last_seq).where(
                        Conversation.id.in_(chunk)
                    )
                )
                found.update({int(i): (int(r), int(q)) for i, r, q in rows})
        return found

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
