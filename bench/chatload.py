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
from urllib.parse import urlsplit

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
    resent: int = 0  # sent again (same client_key) after the socket was reopened


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
    """Connect ``sockets_per_chat`` sockets to each chat, send from the first, drain; the load's wall time.

    A socket the server closes is opened again as a real client would, from the last seq it received
    (``after=``), and the sender then sends again, with the same client_key, what was never acked.
    """
    gate = asyncio.Semaphore(CONNECT_CONCURRENCY)
    sockets: list[_Socket] = []
    for chat in chats:
        chat.receivers = [Receiver(f"{chat.id}/socket{n}") for n in range(sockets_per_chat)]
        sockets += [_Socket(plan.base, chat, r, sender=n == 0) for n, r in enumerate(chat.receivers)]
    tasks = [asyncio.create_task(socket.run(gate)) for socket in sockets]
    with contextlib.suppress(TimeoutError):  # counted: their messages will be missing
        everyone = [r.ready.wait() for chat in chats for r in chat.receivers]
        await asyncio.wait_for(asyncio.gather(*everyone), READY_SECONDS)
    senders = {socket.chat.id: socket for socket in sockets if socket.sender}

    async def send(chat: Chat, item: Send) -> None:
        await senders[chat.id].send(item)

    try:
        return await _load(chats, plan, send, last_seqs)
    finally:
        for socket in sockets:
            socket.stopping = True
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


class _Socket:
    """One customer WebSocket of a chat, reopened from its last seq whenever the server closes it."""

    def __init__(self, base: str, chat: Chat, receiver: Receiver, *, sender: bool) -> None:
        self.url = f"{base.replace('http://', 'ws://', 1)}/api/v1/chat/conversations/{chat.id}/socket"
        self.chat, self.receiver, self.sender = chat, receiver, sender
        self.ws: ClientConnection | None = None
        self.stopping = False

    async def run(self, gate: asyncio.Semaphore) -> None:
        try:
            while not self.stopping:
                async with gate:
                    try:
                        self.ws = await connect(
                            f"{self.url}?after={self.receiver.last}",
                            additional_headers={"Authorization": f"Bearer {self.chat.token}"},
                            open_timeout=READY_SECONDS,
                            ping_interval=None,  # the server keeps its own keep-alive
                            max_size=2**22,
                        )
                    except (OSError, TimeoutError, InvalidHandshake) as error:
                        self.receiver.errors.append(f"connect: {type(error).__name__}")
                        await asyncio.sleep(1.0)
                        continue
                if self.sender:
                    await self._send_unacked()
                await self._listen(self.ws)
                if not self.stopping:
                    await asyncio.sleep(0.5)
        finally:
            if self.ws is not None:
                await self.ws.close()

    async def send(self, item: Send) -> None:
        """Send now; if the socket is down, the item stays unacked and goes out again on reconnect."""
        if self.ws is not None:
            with contextlib.suppress(ConnectionClosed):
                await self.ws.send(self._frame(item))

    async def _send_unacked(self) -> None:
        assert self.ws is not None
        for item in list(self.chat.sends.values()):
            if item.acked_at is None and item.error is None:
                item.resent += 1
                with contextlib.suppress(ConnectionClosed):
                    await self.ws.send(self._frame(item))

    @staticmethod
    def _frame(item: Send) -> str:
        return json.dumps({"type": "send", "body": item.body, "client_key": item.key})

    async def _listen(self, ws: ClientConnection) -> None:
        chat, receiver = self.chat, self.receiver
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
                    if item is not None and item.acked_at is None:
                        item.acked_at, item.seqs = now, tuple(frame["seqs"])
                elif kind == "error":
                    item = chat.sends.get(frame.get("client_key") or "")
                    if item is not None:
                        item.error = str(frame.get("code"))
                    else:
                        receiver.errors.append(str(frame.get("code")))
        except ConnectionClosed as closed:
            if not self.stopping:
                code = closed.rcvd.code if closed.rcvd else "abnormally"
                receiver.errors.append(f"closed by the server ({code}), reopened")
        else:
            if not self.stopping:
                receiver.errors.append("closed by the server, reopened")


# -------------------------------------------------------------------------------------------- long poll


async def run_long_polls(chats: list[Chat], plan: Plan, last_seqs: LastSeqs, pollers_per_chat: int) -> float:
    """The same load over the REST fallback: send with POST …/messages, receive by long-polling GET."""
    address = urlsplit(plan.base)
    host, port = address.hostname or "127.0.0.1", address.port or 80
    pollers: list[asyncio.Task[None]] = []
    for chat in chats:
        chat.receivers = [Receiver(f"{chat.id}/poll{n}") for n in range(pollers_per_chat)]
        pollers += [asyncio.create_task(_poll(_Http(host, port), chat, r)) for r in chat.receivers]
    everyone = [r for chat in chats for r in chat.receivers]
    with contextlib.suppress(TimeoutError):  # counted: their messages will be missing
        await asyncio.wait_for(asyncio.gather(*(r.ready.wait() for r in everyone)), READY_SECONDS)
    posters = {chat.id: _Http(host, port) for chat in chats}

    async def send(chat: Chat, item: Send) -> None:
        body = json.dumps({"body": item.body, "client_key": item.key}).encode()
        path = f"/api/v1/chat/conversations/{chat.id}/messages"
        status, answer = await posters[chat.id].request("POST", path, chat.token, body)
        if status != 201:
            item.error = f"HTTP {status}"
            return
        item.acked_at, item.seqs = time.perf_counter(), tuple(m["seq"] for m in answer)

    try:
        return await _load(chats, plan, send, last_seqs)
    finally:
        for task in pollers:
            task.cancel()
        await asyncio.gather(*pollers, return_exceptions=True)
        for poster in posters.values():
            poster.close()


async def _poll(http: _Http, chat: Chat, receiver: Receiver) -> None:
    try:
        while True:
            path = (
                f"/api/v1/chat/conversations/{chat.id}/messages?after={receiver.last}&wait={LONG_POLL_WAIT}"
            )
            try:
                status, answer = await http.request("GET", path, chat.token)
            except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError) as error:
                receiver.errors.append(type(error).__name__)
                await asyncio.sleep(1)
                continue
            now = time.perf_counter()
            if status != 200:
                receiver.errors.append(f"HTTP {status}")
                await asyncio.sleep(1)
                continue
            for message in answer:
                receiver.got(message, now)
            receiver.ready.set()
    finally:
        http.close()


class _Http:
    """One keep-alive HTTP/1.1 connection, one request at a time, JSON in and out.

    httpx's connection pool cost the client a whole core and 300 ms of event-loop lag with 500 long polls
    open (measured), which would have been counted against the server; this costs next to nothing.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self._reader: asyncio.StreamReader | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def request(self, method: str, path: str, token: str, body: bytes = b"") -> tuple[int, Any]:
        """(status, JSON body); a kept-alive connection the server closed meanwhile is reopened once
        (sends carry a client_key, so sending one twice stores it once)."""
        for attempt in (0, 1):
            if self._writer is None:
                self._reader, self._writer = await asyncio.open_connection(self.host, self.port)
            assert self._reader is not None
            head = f"{method} {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\n"
            head += f"Authorization: Bearer {token}\r\n"
            if body:
                head += f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
            try:
                self._writer.write(head.encode() + b"\r\n" + body)
                return await asyncio.wait_for(self._response(self._reader), LONG_POLL_WAIT + 35)
            except (OSError, asyncio.IncompleteReadError):
                self.close()
                if attempt:
                    raise
        raise AssertionError("unreachable")

    async def _response(self, reader: asyncio.StreamReader) -> tuple[int, Any]:
        lines = (await reader.readuntil(b"\r\n\r\n")).decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ", 2)[1])
        headers = {k.strip().lower(): v.strip() for k, _, v in (x.partition(":") for x in lines[1:] if x)}
        if "chunked" in headers.get("transfer-encoding", ""):
            raise ValueError("chunked responses are not expected from the chat API")
        data = await reader.readexactly(int(headers.get("content-length", "0")))
        if headers.get("connection", "").lower() == "close":
            self.close()
        return status, json.loads(data) if data else None

    def close(self) -> None:
        if self._writer is not None:
            self._writer.close()
        self._reader = self._writer = None


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
            except (
                ConnectionClosed,
                OSError,
                TimeoutError,
                asyncio.IncompleteReadError,
                ValueError,
            ) as error:
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
