"""Around the chat: the transcript emailed through a real SMTP server with its images attached, the wallet
backend's customer API, the long-poll fallback, typing and read marks, a chat started from a transaction."""

from __future__ import annotations

import email
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from email.message import EmailMessage
from email.policy import default
from pathlib import Path
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.config import load_settings
from kefu.web.app import create_app

from .conftest import SECRET, agent_client, customer_client, png

BACKEND_TOKEN = "wallet-backend-token"


class Collect:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def smtp() -> Iterator[tuple[int, Collect]]:
    handler = Collect()
    port = _free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


@pytest.fixture(scope="module", params=BACKENDS)
def mail_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, smtp: tuple[int, Collect]
) -> Iterator[TestClient]:
    directory: Path = tmp_path_factory.mktemp("chat-mail")
    with fresh_database_url(request.param, directory) as url:
        settings = load_settings(
            data_dir=directory,
            database_url=url,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
            identity_secret=SECRET,
            backend_token=BACKEND_TOKEN,
            mail_host="127.0.0.1",
            mail_port=smtp[0],
            mail_from="support@wallet.example",
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client


def _put(client: TestClient, wallet_id: str, token: str | None = BACKEND_TOKEN, **body: str) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return client.put(f"/api/v1/customers/{wallet_id}", json=body, headers=headers)


def test_the_wallet_backend_upserts_customers(mail_app: TestClient) -> None:
    wallet_id = f"w-{uuid.uuid4().hex[:8]}"
    assert _put(mail_app, wallet_id, None, name="x").status_code == 403
    assert _put(mail_app, wallet_id, "wrong", name="x").status_code == 403
    made = _put(mail_app, wallet_id, phone="+86 138-0000-0009", name="王芳", locale="zh-CN", id_last4="123X")
    assert made.status_code == 200, made.text
    body = made.json()
    assert body["phone"] == "+8613800000009" and body["id_last4_on_file"] and "123X" not in made.text
    again = _put(mail_app, wallet_id, email="wang.fang@example.com")
    assert again.json()["name"] == "王芳" and again.json()["email"] == "wang.fang@example.com"
    bad = _put(mail_app, wallet_id, locale="fr")
    assert bad.status_code == 422 and bad.json()["error"]["message"]["zh-CN"]


def test_a_transcript_is_emailed_with_its_images(mail_app: TestClient, smtp: tuple[int, Collect]) -> None:
    wallet_id = f"w-{uuid.uuid4().hex[:8]}"
    _put(mail_app, wallet_id, email="transcript@example.com", locale="zh-CN")
    alice = customer_client(mail_app, wallet_id)
    cid = alice.post("/api/v1/chat/conversations", json={"locale": "zh-CN"}).json()["conversation"]["id"]
    file_id = alice.post(
        f"/api/v1/chat/conversations/{cid}/attachments", files=[("files", ("截图.png", png(), "image/png"))]
    ).json()[0]["id"]
    alice.post(
        f"/api/v1/chat/conversations/{cid}/messages", json={"body": "付款失败了", "attachments": [file_id]}
    )
    before = len(smtp[1].envelopes)
    sent = alice.post(f"/api/v1/chat/conversations/{cid}/transcript")
    assert sent.status_code == 202, sent.text
    deadline = time.monotonic() + 5
    while len(smtp[1].envelopes) == before and time.monotonic() < deadline:
        time.sleep(0.05)
    envelope = smtp[1].envelopes[-1]
    assert envelope.rcpt_tos == ["transcript@example.com"]
    mail = email.message_from_bytes(envelope.content, policy=default)
    assert isinstance(mail, EmailMessage)
    text = mail.get_body(("plain",))
    assert text is not None and "付款失败了" in text.get_content()
    images = [part for part in mail.iter_attachments() if part.get_content_type() == "image/png"]
    assert len(images) == 1 and images[0].get_filename() == "截图.png"
    assert images[0].get_content()[:8] == b"\x89PNG\r\n\x1a\n"


def test_long_poll_waits_for_the_next_message(mail_app: TestClient) -> None:
    alice = customer_client(mail_app, f"w-{uuid.uuid4().hex[:8]}")
    started = alice.post("/api/v1/chat/conversations", json={"locale": "en"}).json()
    cid, last = started["conversation"]["id"], started["conversation"]["last_seq"]
    assert alice.get(f"/api/v1/chat/conversations/{cid}/messages?after={last}").json() == []

    def later() -> None:
        time.sleep(0.5)
        other = customer_client(mail_app, "w-never-used")  # a separate client: the poll holds alice's
        del other
        alice_again = TestClient(mail_app.app, cookies=dict(alice.cookies))
        alice_again.post(f"/api/v1/chat/conversations/{cid}/messages", json={"body": "are you there?"})

    threading.Thread(target=later).start()
    began = time.monotonic()
    got = alice.get(f"/api/v1/chat/conversations/{cid}/messages?after={last}&wait=10").json()
    assert [m["body"] for m in got][:1] == ["are you there?"]
    assert 0.3 < time.monotonic() - began < 9


def test_typing_read_marks_and_transaction_context(mail_app: TestClient) -> None:
    alice = customer_client(mail_app, f"w-{uuid.uuid4().hex[:8]}")
    context = {"transaction_id": "T202611250001", "amount": "88.00", "merchant": "便利店"}
    started = alice.post("/api/v1/chat/conversations", json={"locale": "zh-CN", "context": context}).json()
    cid = started["conversation"]["id"]
    assert started["conversation"]["context"] == context
    assert alice.post(f"/api/v1/chat/conversations/{cid}/typing").status_code == 204
    assert alice.get(f"/api/v1/chat/conversations/{cid}").json()["customer_typing"] is True
    last = alice.get(f"/api/v1/chat/conversations/{cid}").json()["last_seq"]
    assert alice.post(f"/api/v1/chat/conversations/{cid}/read", json={"seq": last}).status_code == 204
    assert alice.get(f"/api/v1/chat/conversations/{cid}").json()["customer_read_seq"] == last
    bad = alice.post("/api/v1/chat/conversations", json={"context": {"card_number": "6222"}})
    assert bad.status_code == 422


def test_an_agent_reads_the_customer_profile_and_transaction(mail_app: TestClient) -> None:
    from kefu.web.services import Services

    services: Services = mail_app.app.state.services  # type: ignore[attr-defined]
    wallet_id = f"w-{uuid.uuid4().hex[:8]}"
    _put(mail_app, wallet_id, name="赵磊", phone="13800000123")
    alice = customer_client(mail_app, wallet_id)
    started = alice.post(
        "/api/v1/chat/conversations", json={"locale": "zh-CN", "context": {"transaction_id": "T9"}}
    ).json()
    cid = started["conversation"]["id"]
    alice.post(f"/api/v1/chat/conversations/{cid}/agent")
    agent = agent_client(mail_app, services, f"a{uuid.uuid4().hex[:6]}", ("zh-CN",))
    agent.post(f"/console/api/conversations/{cid}/accept")
    view = agent.get(f"/console/api/conversations/{cid}").json()
    assert view["customer"]["name"] == "赵磊" and view["conversation"]["context"]["transaction_id"] == "T9"
    made = agent.post(
        f"/console/api/conversations/{cid}/case", json={"topic": "payment", "summary": "扣款未到账"}
    )
    assert made.status_code == 201
    number = made.json()["number"]
    assert agent.get(f"/console/api/conversations/{cid}").json()["cases"][0]["number"] == number
    assert alice.get(f"/api/v1/chat/conversations/{cid}").json()["case_number"] == number
    assert [h["case_number"] for h in alice.get(f"/api/v1/chat/history?q={number}").json()] == [number]
