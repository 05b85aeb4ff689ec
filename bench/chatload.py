"""Chat clients for bench/chat_ws.py: customers on WebSockets or on the long-poll fallback, and what they saw.

One :class:`Chat` is one conversation under load: the sends its customer made (:class:`Send`, keyed by
``client_key``, with the time the frame left and the time its ``ack`` came back) and one :class:`Receiver`
per connection that listens to it (a WebSocket, or a loop of ``GET …/messages?after=&wait=25``), which
keeps every ``message`` it was given, in arrival order, with the arrival time. Everything is timed with
``time.perf_counter`` in this one process, so a latency is simply arrival − send.

:func:`run_sockets` and :func:`run_long_polls` connect, wait until every connection has caught up, send at a
steady rate for a while, wait for the acks and for every connection to reach the conversation's last
message (as the database says), and disconnect. :class:`LoopLag` measures how late this process's event loop
runs, so a slow client cannot pass for a slow server.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

__all__ = [
    "Chat",
    "LoopLag",
    "Plan",
    "Receiver",
    "Send",
    "run_long_polls",
    "run_sockets",
]

#: Connections opened at once while connecting (the server authenticates each in its thread pool).
CONNECT_CONCURRENCY = 50
#: How long to wait for acks and for every connection to catch up after the last send.
DRAIN_SECONDS = 30.0
#: How long a connection may take to open and catch up before the load starts without it.
READY_SECONDS = 120.0
LONG_POLL_WAIT = 25


@dataclass
class Send:
    key: str
    body: str
    at: float  # perf_counter when the frame (or POST) left
    measured: bool  # sent after the warm-up: counts for latency
    acked_at: float | None = None
    seqs: tuple[int, ...] = ()  # what the ack said was stored: the message, then any answer
    error: str | None = None


@dataclass
class Receiver:
    """One connection listening to a conversation (a socket or a long poller)."""

    name: str
    seqs: list[int] = field(default_factory=list)  # every message frame's seq, in arrival order
    arrived: dict[int, float] = field(default_factory=dict)  # first arrival of each seq
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)  # first copy of each seq
    status: str | None = None  # the conversation's status in the last state frame
    errors: list[str] = field(default_factory=list)  # error frames not tied to a send, early closes
    ready: asyncio.Event = field(default_factory=asyncio.Event)

    def got(self, message: dict[str, Any], now: float) -> None:
        seq = int(message["seq"])
        self.seqs.append(seq)
        if seq not in self.arrived:
            self.arrived[seq] = now
            self.messages[seq] = message

    @property
    def last(self) -> int:
        return max(self.arrived, default=0)


@dataclass
class Chat:
    """One conversation under load; receivers[0] is the connection the customer sends on."""

    id: int
    token: str
    texts: Sequence[str]  # what the customer says, in turn
    receivers: list[Receiver] = field(default_factory=list)
    sends: dict[str, Send] = field(default_factory=dict)


@dataclass(frozen=True)
class Plan:
    base: str  # http://127.0.0.1:port
    interval: float  # seconds between one customer's sends
    warmup: float  # seconds of sending before latency counts
    duration: float  # seconds of measured sending after the warm-up
    seed: int = 7
    #: Called when the first customer may send, and after the last send (before draining).
    on_start: Callable[[], object] | None = None
    on_stop: Callable[[], object] | None = None


class LoopLag:
    """How late this process's event loop wakes a 5 ms sleep: the client's own contribution to latency."""

    def __init__(self) -> None:
        self.samples: list[float] = []
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run())

    async def _run(self) -> None:
        while True:
            before = time.perf_counter()
            await asyncio.sleep(0.005)
            self.samples.append(max(0.0, time.perf_counter() - before - 0.005))

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()


LastSeqs = Callable[[list[int]], Awaitable[dict[int, int]]]


# ------------------------------------------------------------------------------------------- WebSockets


async def run_sockets(chats: list[Chat], plan: Plan, last_seqs: LastSeqs, sockets_per_chat: int) -> float:
    """Connect ``sockets_per_chat`` sockets to each chat, send from the first, drain; the load's wall time."""
    ws_base = plan.base.replace("http://", "ws://", 1)
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    connections: list[ClientConnection] = []
    listeners: list[asyncio.Task[None]] = []

    async def open_one(chat: Chat, receiver: Receiver) -> ClientConnection | None:
        url = f"{ws_base}/api/v1/chat/conversations/{chat.id}/socket?after=0"
        async with gate:
            try:
                ws = await connect(
                    url,
                    additional_headers={"Authorization": f"Bearer {chat.token}"},
                    open_timeout=READY_SECONDS,
                    ping_interval=None,  # the server keeps its own keep-alive; pings would only add frames
                    max_size=2**22,
                )
            except (OSError, TimeoutError, InvalidHandshake) as error:
                receiver.errors.append(f"connect: {type(error).__name__}")
                return None
            listeners.append(asyncio.create_task(_listen(ws, chat, receiver)))
            with contextlib.suppress(TimeoutError):  # counted: its messages will be missing
                await asyncio.wait_for(receiver.ready.wait(), READY_SECONDS)
            return ws

    pairs = []
    for chat in chats:
        chat.receivers = [Receiver(f"{chat.id}/socket{n}") for n in range(sockets_per_chat)]
        pairs += [(chat, receiver) for receiver in chat.receivers]
    opened = await asyncio.gather(*(open_one(c, r) for c, r in pairs))
    connections.extend(ws for ws in opened if ws is not None)
    senders = {chat.id: opened[i * sockets_per_chat] for i, chat in enumerate(chats)}

    async def send(chat: Chat, item: Send) -> None:
        ws = senders[chat.id]
        if ws is None:
            item.error = "no connection"
            return
        await ws.send(json.dumps({"type": "send", "body": item.body, "client_key": item.key}))

    try:
        return await _load(chats, plan, send, last_seqs)
    finally:
        for task in listeners:
            task.cancel()
        await asyncio.gather(*listeners, return_exceptions=True)
        await asyncio.gather(*(ws.close() for ws in connections), return_exceptions=True)


async def _listen(ws: ClientConnection, chat: Chat, receiver: Receiver) -> None:
    try:
        async for raw in ws:
            now = time.perf_counter()
            frame = json.loads(raw)
            kind = frame.get("type")
            if kind == "message":
                receiver.got(frame["message"], now)
            elif kind == "state":
                receiver.status = frame["conversation"]["status"]
                receiver.ready.set()
            elif kind == "ack":
                item = chat.sends.get(frame.get("client_key") or "")
                if item is not None:
                    item.acked_at, item.seqs = now, tuple(frame["seqs"])
            elif kind == "error":
                item = chat.sends.get(frame.get("client_key") or "")
                if item is not None:
                    item.error = str(frame.get("code"))
                else:
                    receiver.errors.append(str(frame.get("code")))
    except ConnectionClosed as closed:
        receiver.errors.append(f"closed {closed.rcvd.code if closed.rcvd else 'abnormally'}")
    except asyncio.CancelledError:
        raise
    else:
        receiver.errors.append("closed by the server")


# -------------------------------------------------------------------------------------------- long poll


async def run_long_polls(chats: list[Chat], plan: Plan, last_seqs: LastSeqs, pollers_per_chat: int) -> float:
    """The same load over the REST fallback: send with POST …/messages, receive by long-polling GET."""
    limits = httpx.Limits(max_connections=None, max_keepalive_connections=None)
    timeout = httpx.Timeout(LONG_POLL_WAIT + 35.0)
    async with httpx.AsyncClient(base_url=plan.base, limits=limits, timeout=timeout) as client:
        pollers: list[asyncio.Task[None]] = []
        for chat in chats:
            chat.receivers = [Receiver(f"{chat.id}/poll{n}") for n in range(pollers_per_chat)]
            pollers += [asyncio.create_task(_poll(client, chat, r)) for r in chat.receivers]
        everyone = [r for chat in chats for r in chat.receivers]
        with contextlib.suppress(TimeoutError):  # counted: their messages will be missing
            await asyncio.wait_for(asyncio.gather(*(r.ready.wait() for r in everyone)), READY_SECONDS)

        async def send(chat: Chat, item: Send) -> None:
            response = await client.post(
                f"/api/v1/chat/conversations/{chat.id}/messages",
                json={"body": item.body, "client_key": item.key},
                headers={"Authorization": f"Bearer {chat.token}"},
            )
            if response.status_code != 201:
                item.error = f"HTTP {response.status_code}"
                return
            item.acked_at, item.seqs = time.perf_counter(), tuple(m["seq"] for m in response.json())

        try:
            return await _load(chats, plan, send, last_seqs)
        finally:
            for task in pollers:
                task.cancel()
            await asyncio.gather(*pollers, return_exceptions=True)


async def _poll(client: httpx.AsyncClient, chat: Chat, receiver: Receiver) -> None:
    url = f"/api/v1/chat/conversations/{chat.id}/messages"
    headers = {"Authorization": f"Bearer {chat.token}"}
    while True:
        try:
            response = await client.get(
                url, params={"after": receiver.last, "wait": LONG_POLL_WAIT}, headers=headers
            )
        except httpx.HTTPError as error:
            receiver.errors.append(type(error).__name__)
            await asyncio.sleep(1)
            continue
        now = time.perf_counter()
        if response.status_code != 200:
            receiver.errors.append(f"HTTP {response.status_code}")
            await asyncio.sleep(1)
            continue
        for message in response.json():
            receiver.got(message, now)
        receiver.ready.set()


# ----------------------------------------------------------------------------------------- steady load


async def _load(
    chats: list[Chat], plan: Plan, send: Callable[[Chat, Send], Awaitable[None]], last_seqs: LastSeqs
) -> float:
    """Every customer sends every ``interval`` s (random phase) for warm-up + duration, then drain."""
    rng = random.Random(plan.seed)
    start = time.perf_counter() + 0.5
    measure_from = start + plan.warmup
    stop_at = measure_from + plan.duration

    async def customer(chat: Chat, phase: float) -> None:
        due, turn = start + phase, 0
        while due < stop_at:
            await asyncio.sleep(max(0.0, due - time.perf_counter()))
            key = f"k{chat.id}-{turn}"
            now = time.perf_counter()
            item = Send(key, chat.texts[turn % len(chat.texts)], now, measured=now >= measure_from)
            chat.sends[key] = item
            try:
                await send(chat, item)
            except (ConnectionClosed, httpx.HTTPError) as error:
                item.error = type(error).__name__
            due, turn = due + plan.interval, turn + 1

    if plan.on_start is not None:
        plan.on_start()
    await asyncio.gather(*(customer(chat, rng.uniform(0, plan.interval)) for chat in chats))
    wall = time.perf_counter() - start
    if plan.on_stop is not None:
        plan.on_stop()
    await _drain(chats, last_seqs)
    return wall


async def _drain(chats: list[Chat], last_seqs: LastSeqs) -> None:
    """Wait for every ack, then until every receiver has the conversation's last message (or time out)."""
    deadline = time.perf_counter() + DRAIN_SECONDS
    while time.perf_counter() < deadline and any(
        s.acked_at is None and s.error is None for chat in chats for s in chat.sends.values()
    ):
        await asyncio.sleep(0.1)
    last = await last_seqs([chat.id for chat in chats])
    while time.perf_counter() < deadline and any(
        r.last < last[chat.id] for chat in chats for r in chat.receivers
    ):
        await asyncio.sleep(0.1)
