"""Online chat end to end through the HTTP API and the WebSocket, on both databases: the assistant answers,
sends are idempotent, a reconnect resumes without gaps or duplicates, the queue hands the chat to an agent,
files travel, the chat ends and is rated, and nobody reads anyone else's chat or file."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from kefu.web.services import Services

from .conftest import agent_client, customer_client, png


def _start(client: TestClient, locale: str = "zh-CN", **context: str) -> dict:
    response = client.post("/api/v1/chat/conversations", json={"locale": locale, "context": context or None})
    assert response.status_code in (200, 201), response.text
    return response.json()


def test_a_guest_is_greeted_and_gets_a_token(chat_app: TestClient) -> None:
    guest = TestClient(chat_app.app)
    started = _start(guest)
    assert started["token"] and guest.cookies.get("kefu_chat") == started["token"]
    greeting = started["messages"][0]
    assert greeting["sender"] == "assistant" and greeting["payload"]["quick_replies"]
    cid = started["conversation"]["id"]
    stranger = TestClient(chat_app.app)
    assert stranger.get(f"/api/v1/chat/conversations/{cid}").status_code == 403
    assert guest.get(f"/api/v1/chat/conversations/{cid}").json()["status"] == "bot"
    # a guest has no account: no history, no transcript
    assert guest.get("/api/v1/chat/history").status_code == 403


def test_the_assistant_answers_from_the_help_center(chat_app: TestClient) -> None:
    alice = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    cid = _start(alice)["conversation"]["id"]
    sent = alice.post(
        f"/api/v1/chat/conversations/{cid}/messages", json={"body": "怎么查询案件进度", "client_key": "k1"}
    )
    assert sent.status_code == 201, sent.text
    mine, answer = sent.json()
    assert mine["sender"] == "customer" and answer["sender"] == "assistant"
    assert answer["seq"] == mine["seq"] + 1
    assert answer["body"]


def test_a_retried_send_stores_one_message(chat_app: TestClient) -> None:
    alice = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    cid = _start(alice)["conversation"]["id"]
    body = {"body": "hello", "client_key": "same-key"}
    first = alice.post(f"/api/v1/chat/conversations/{cid}/messages", json=body).json()
    again = alice.post(f"/api/v1/chat/conversations/{cid}/messages", json=body).json()
    assert [m["seq"] for m in again] == [first[0]["seq"]]  # the stored one, no second answer
    every = alice.get(f"/api/v1/chat/conversations/{cid}/messages").json()
    assert sum(m["body"] == "hello" for m in every) == 1
    assert [m["seq"] for m in every] == list(range(1, len(every) + 1))


def test_a_reconnect_resumes_with_no_gap_and_no_duplicate(chat_app: TestClient) -> None:
    alice = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    cid = _start(alice)["conversation"]["id"]
    seen: list[int] = []
    with alice.websocket_connect(f"/api/v1/chat/conversations/{cid}/socket?after=0") as socket:
        seen += _drain_until_state(socket)
        socket.send_json({"type": "send", "body": "第一条", "client_key": "ws-1"})
        got = _frames(socket, lambda f: f["type"] == "message" and f["message"]["body"] == "第一条")
        assert any(f["type"] == "ack" and f["client_key"] == "ws-1" for f in got)
        seen += [f["message"]["seq"] for f in got if f["type"] == "message"]
    last = max(seen)
    # while disconnected, more happens
    for i in range(3):
        alice.post(
            f"/api/v1/chat/conversations/{cid}/messages", json={"body": f"offline {i}", "client_key": f"o{i}"}
        )
    total = alice.get(f"/api/v1/chat/conversations/{cid}").json()["last_seq"]
    with alice.websocket_connect(f"/api/v1/chat/conversations/{cid}/socket?after={last}") as socket:
        resumed = _drain_until_state(socket)
    assert resumed == list(range(last + 1, total + 1))
    assert sorted(set(seen) | set(resumed)) == list(range(1, total + 1))


def _frames(socket, stop, limit: int = 50) -> list[dict]:
    out = []
    for _ in range(limit):
        frame = socket.receive_json()
        out.append(frame)
        if stop(frame):
            return out
    raise AssertionError(f"never saw the frame; got {out}")


def _drain_until_state(socket) -> list[int]:
    frames = _frames(socket, lambda f: f["type"] == "state")
    return [f["message"]["seq"] for f in frames if f["type"] == "message"]


def test_handover_to_an_agent_files_rating_and_history(chat_app: TestClient, services: Services) -> None:
    alice = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    agent = agent_client(chat_app, services, f"agent{uuid.uuid4().hex[:6]}", ("zh-CN",))
    english_only = agent_client(chat_app, services, f"en{uuid.uuid4().hex[:6]}", ("en",))
    cid = _start(alice)["conversation"]["id"]
    alice.post(f"/api/v1/chat/conversations/{cid}/messages", json={"body": "转人工"})
    state = alice.get(f"/api/v1/chat/conversations/{cid}").json()
    assert state["status"] == "queued" and state["queue_position"] >= 1

    queue = agent.get("/console/api/queue").json()
    assert cid in [c["id"] for c in queue["waiting"]]
    assert cid not in [c["id"] for c in english_only.get("/console/api/queue").json()["waiting"]]
    assert english_only.post(f"/console/api/conversations/{cid}/accept").status_code == 404
    no_csrf = TestClient(chat_app.app, cookies={"kefu_console": agent.cookies.get("kefu_console") or ""})
    assert no_csrf.post(f"/console/api/conversations/{cid}/accept").status_code in (401, 403)
    assert agent.post(f"/console/api/conversations/{cid}/accept").status_code == 200
    assert alice.get(f"/api/v1/chat/conversations/{cid}").json()["agent"]["name"]
    reply = agent.post(
        f"/console/api/conversations/{cid}/messages", json={"body": "您好，请问有什么可以帮您？"}
    )
    assert reply.status_code == 201
    agent.post(f"/console/api/conversations/{cid}/messages", json={"body": "note to self", "internal": True})

    uploaded = alice.post(
        f"/api/v1/chat/conversations/{cid}/attachments", files=[("files", ("截图.png", png(), "image/png"))]
    )
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()[0]["id"]
    sent = alice.post(
        f"/api/v1/chat/conversations/{cid}/messages", json={"body": "", "attachments": [file_id]}
    )
    assert sent.status_code == 201 and sent.json()[0]["attachments"][0]["id"] == file_id
    got = alice.get(f"/api/v1/chat/attachments/{file_id}")
    assert got.status_code == 200 and got.headers["content-type"] == "image/png"
    assert "filename*=UTF-8''" in got.headers["content-disposition"]
    assert agent.get(f"/console/api/attachments/{file_id}").status_code == 200
    bob = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    assert bob.get(f"/api/v1/chat/attachments/{file_id}").status_code == 404
    assert bob.get(f"/api/v1/chat/conversations/{cid}").status_code == 404
    assert bob.get(f"/api/v1/chat/conversations/{cid}/messages").status_code == 404
    assert english_only.get(f"/console/api/attachments/{file_id}").status_code == 404

    bodies = [m["body"] for m in alice.get(f"/api/v1/chat/conversations/{cid}/messages").json()]
    assert "您好，请问有什么可以帮您？" in bodies and "note to self" not in bodies
    assert "note to self" in [
        m["body"] for m in agent.get(f"/console/api/conversations/{cid}/messages").json()
    ]

    assert agent.post(f"/console/api/conversations/{cid}/end").status_code == 200
    rated = alice.post(f"/api/v1/chat/conversations/{cid}/rating", json={"stars": 5, "comment": "很快"})
    assert rated.status_code == 200 and rated.json()["rating"] == 5
    assert alice.post(f"/api/v1/chat/conversations/{cid}/rating", json={"stars": 9}).status_code == 422
    history = alice.get("/api/v1/chat/history").json()
    assert cid in [h["id"] for h in history]
    assert bob.get("/api/v1/chat/history").json() == []


def test_refused_uploads_say_why_in_both_languages(chat_app: TestClient) -> None:
    alice = customer_client(chat_app, f"w-{uuid.uuid4().hex[:8]}")
    cid = _start(alice)["conversation"]["id"]
    php = alice.post(
        f"/api/v1/chat/conversations/{cid}/attachments",
        files=[("files", ("shell.php.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"))],
    )
    assert php.status_code == 422
    message = php.json()["error"]["message"]
    assert message["en"] and message["zh-CN"]
    ten = [("files", (f"{i}.png", png(), "image/png")) for i in range(10)]
    assert alice.post(f"/api/v1/chat/conversations/{cid}/attachments", files=ten).status_code == 422
    assert alice.get(f"/api/v1/chat/conversations/{cid}/messages").json()[-1]["attachments"] == []
