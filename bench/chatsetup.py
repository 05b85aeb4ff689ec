"""Conversations for bench/chat_ws.py, made the way customers make them, and the database the server uses.

- :func:`customer_chats`: signed-in customers (``POST /api/v1/chat/session`` with the wallet's signature,
  then ``POST /api/v1/chat/conversations`` with the pass), each in a conversation of their own;
- :func:`hand_over`: those conversations taken by a person, straight in the database (the console is not
  there yet): one bench agent account, then :func:`kefu.conversations.lifecycle.request_agent` (with 24/7
  hours, so the time of day does not matter) and :func:`~kefu.conversations.lifecycle.accept`, as the
  console would; from then on the assistant stays quiet and a customer's message is only delivered;
- :func:`guest_chats`: guests (no pass) in bot mode, where every message is answered by the assistant;
- :func:`answered_queries`: which help-center questions the assistant answers without handing the chat
  over or ending it (asked once each, in a throwaway conversation), so bot-mode conversations stay bot;
- :func:`scratch_postgres`: a schema of its own on a PostgreSQL server, dropped afterwards (as the tests do).
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from urllib.parse import quote

import httpx
from sqlalchemy import create_engine, func, select, text

from chatload import Chat

__all__ = [
    "AGENT_TEXTS",
    "Stored",
    "answered_queries",
    "customer_chats",
    "guest_chats",
    "hand_over",
    "last_seqs",
    "scratch_postgres",
    "stored_messages",
]

SETUP_CONCURRENCY = 16

#: What a customer says to the person who has the chat (seq and client_key tell messages apart).
AGENT_TEXTS = {
    "zh-CN": [
        "您好，我的提现三天了还没到账",
        "订单号是 2026112512345，金额 1,280 元",
        "截图已经发了，请帮我看一下",
        "好的，我再等一下",
        "谢谢！",
    ],
    "en": [
        "Hi, my withdrawal has been pending for three days",
        "The order number is 2026112512345, amount 1,280 yuan",
        "I sent the screenshot, please have a look",
        "OK, I will wait a bit longer",
        "Thanks!",
    ],
}


def _locale(i: int) -> str:
    return "zh-CN" if i % 2 == 0 else "en"


async def _gather_limited(coros: Sequence[object]) -> list[object]:
    gate = asyncio.Semaphore(SETUP_CONCURRENCY)

    async def one(coro: object) -> object:
        async with gate:
            return await coro  # type: ignore[misc]

    return list(await asyncio.gather(*(one(c) for c in coros)))


async def customer_chats(base: str, secret: str, count: int, tag: str) -> list[Chat]:
    """``count`` signed-in customers (wallet ids ``bench-<tag>-<i>``), each with a new conversation.

    All passes first, then all conversations: ``POST /chat/session`` answers before its transaction commits
    (the request-scoped session dependency commits after the response is sent), so a conversation started
    at once with the new pass can miss its customer row (PostgreSQL: a foreign-key violation, HTTP 500).
    """
    from kefu.identity.signing import sign

    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def signed_in(i: int) -> str:
            wallet_id = f"bench-{tag}-{i}"
            signed = await client.post(
                "/api/v1/chat/session",
                headers={"X-Kefu-Customer": wallet_id, "X-Kefu-Signature": sign(secret, wallet_id)},
            )
            signed.raise_for_status()
            return str(signed.json()["token"])

        async def started(i: int, token: str) -> Chat:
            response = await client.post(
                "/api/v1/chat/conversations",
                json={"locale": _locale(i)},
                headers={"Authorization": f"Bearer {token}"},
            )
            response.raise_for_status()
            return Chat(int(response.json()["conversation"]["id"]), token, AGENT_TEXTS[_locale(i)])

        tokens = [str(t) for t in await _gather_limited([signed_in(i) for i in range(count)])]
        await asyncio.sleep(1.0)  # let the last sessions' commits land (see above)
        found = await _gather_limited([started(i, t) for i, t in enumerate(tokens)])
        return [c for c in found if isinstance(c, Chat)]


async def guest_chats(base: str, count: int, texts: dict[str, list[str]]) -> list[Chat]:
    """``count`` guests, each with a new bot-mode conversation; guest i speaks ``texts[locale]`` from i on."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(i: int) -> Chat:
            started = await client.post("/api/v1/chat/conversations", json={"locale": _locale(i)})
            started.raise_for_status()
            body = started.json()
            own = texts[_locale(i)]
            rotated = own[i % len(own) :] + own[: i % len(own)]
            return Chat(int(body["conversation"]["id"]), body["token"], rotated)

        return [c for c in await _gather_limited([one(i) for i in range(count)]) if isinstance(c, Chat)]


async def answered_queries(base: str, queries: list[tuple[str, str]]) -> tuple[dict[str, list[str]], int]:
    """The queries (by locale) the assistant answers while keeping the chat in bot mode; how many were not."""
    async with httpx.AsyncClient(base_url=base, timeout=60) as client:

        async def one(query: str, locale: str) -> tuple[str, str] | None:
            started = await client.post("/api/v1/chat/conversations", json={"locale": locale})
            started.raise_for_status()
            body = started.json()
            auth = {"Authorization": f"Bearer {body['token']}"}
            cid = body["conversation"]["id"]
            sent = await client.post(
                f"/api/v1/chat/conversations/{cid}/messages", json={"body": query}, headers=auth
            )
            sent.raise_for_status()
            state = (await client.get(f"/api/v1/chat/conversations/{cid}", headers=auth)).json()
            answered = len(sent.json()) == 2 and sent.json()[1]["sender"] == "assistant"
            return (query, locale) if answered and state["status"] == "bot" else None

        found = await _gather_limited([one(q, loc) for q, loc in queries])
    kept: dict[str, list[str]] = {"zh-CN": [], "en": []}
    for item in found:
        if isinstance(item, tuple):
            kept[item[1]].append(item[0])
    return kept, len(queries) - sum(len(v) for v in kept.values())


def hand_over(url: str, conversation_ids: list[int]) -> None:
    """Queue every conversation and have one bench agent accept it, as the console would."""
    from kefu.agents.records import Agent
    from kefu.calendar import OpeningHours, TimeRange
    from kefu.conversations import lifecycle
    from kefu.conversations.access import Participant
    from kefu.conversations.records import Conversation
    from kefu.store import Database, utcnow

    always = OpeningHours("bench", [[TimeRange(0, 24 * 60)]] * 7)
    database = Database(url)
    try:
        with database.session() as session:
            agent = session.scalars(select(Agent).where(Agent.username == "bench-agent")).first()
            if agent is None:
                agent = Agent(
                    username="bench-agent",
                    code="KF0999",
                    display_name="Bench Agent",
                    password_hash="!",  # no password: this account cannot sign in
                    languages="zh-CN,en",
                    max_chats=1_000_000,
                    status="available",
                )
                session.add(agent)
                session.flush()
            person = Participant.staff(
                agent.id, agent.code, name=agent.display_name, languages=("zh-CN", "en")
            )
            for conversation_id in conversation_ids:
                conversation = session.get_one(Conversation, conversation_id)
                lifecycle.request_agent(session, conversation, at=utcnow(), hours=always)
                lifecycle.accept(session, conversation, person, at=utcnow())
                if conversation.status != "agent":
                    raise SystemExit(f"conversation {conversation_id} is {conversation.status}, not agent")
    finally:
        database.dispose()


def _last_seqs(url: str, ids: list[int]) -> dict[int, int]:
    from kefu.conversations.records import Conversation

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            rows = connection.execute(
                select(Conversation.id, Conversation.last_seq).where(Conversation.id.in_(ids))
            )
            return {int(i): int(seq) for i, seq in rows}
    finally:
        engine.dispose()


async def last_seqs(url: str, ids: list[int]) -> dict[int, int]:
    """Each conversation's last sequence number, as committed in the database."""
    return await asyncio.to_thread(_last_seqs, url, ids)


@dataclass(frozen=True)
class Stored:
    messages: int  # rows in the bench conversations
    keys: dict[tuple[int, str], int]  # (conversation, client_key) → rows with it
    seq_problems: int  # conversations whose seqs are not exactly 1..last_seq


def stored_messages(url: str, ids: list[int]) -> Stored:
    """What the database holds for the bench conversations, to check against what was sent."""
    from kefu.conversations.records import Conversation, Message

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            keys = {
                (int(cid), str(key)): int(n)
                for cid, key, n in connection.execute(
                    select(Message.conversation_id, Message.client_key, func.count())
                    .where(Message.conversation_id.in_(ids), Message.client_key.is_not(None))
                    .group_by(Message.conversation_id, Message.client_key)
                )
            }
            shape = connection.execute(
                select(
                    Conversation.last_seq,
                    func.count(Message.id),
                    func.min(Message.seq),
                    func.max(Message.seq),
                )
                .join(Message, Message.conversation_id == Conversation.id)
                .where(Conversation.id.in_(ids))
                .group_by(Conversation.id, Conversation.last_seq)
            ).all()
            total = sum(int(n) for _, n, _, _ in shape)
            bad = sum(1 for last, n, low, high in shape if not (n == last and low == 1 and high == last))
            return Stored(total, keys, bad)
    finally:
        engine.dispose()


@contextlib.contextmanager
def scratch_postgres(url: str) -> Iterator[str]:
    """The URL of a fresh schema on the PostgreSQL server at ``url`` (its search_path), dropped afterwards."""
    schema = f"bench_chat_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in url else "?"
    try:
        yield f"{url}{separator}options={quote(f'-csearch_path={schema}')}"
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()
