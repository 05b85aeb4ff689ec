"""The senders against real counterparts: an SMTP server on a free port (aiosmtpd) and an SMS gateway behind
httpx's MockTransport."""

from __future__ import annotations

import email
import email.policy
import json
import logging
import socket
from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from aiosmtpd.controller import Controller

from kefu.notifications import DeliveryError, HttpSmsSender, LogSender, OutgoingMessage, SmtpSender

MESSAGE = OutgoingMessage(
    key="case:C261125000001:created:email",
    channel="email",
    recipient="li.lei@example.com",
    locale="zh-CN",
    subject="您的案件 C261125000001 已受理",
    body="您好，我们已收到您的问题，案件编号 C261125000001。我们会在 2026年11月27日 前给您答复。",
    case_number="C261125000001",
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Collect:
    def __init__(self) -> None:
        self.envelopes: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.envelopes.append(envelope)
        return "250 Message accepted"


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Collect]]:
    handler = Collect()
    port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield port, handler
    finally:
        controller.stop()


def test_smtp_sends_a_chinese_email_that_decodes_back(smtp_server: tuple[int, Collect]) -> None:
    port, handler = smtp_server
    SmtpSender("127.0.0.1", port, "kefu@wallet.example").send(MESSAGE)
    [envelope] = handler.envelopes
    assert envelope.mail_from == "kefu@wallet.example"
    assert envelope.rcpt_tos == ["li.lei@example.com"]
    raw: bytes = envelope.original_content or envelope.content
    assert raw.isascii()  # headers RFC 2047-encoded, body transfer-encoded
    received = email.message_from_bytes(raw, policy=email.policy.default)
    assert received["Subject"] == MESSAGE.subject
    assert received.get_content().strip() == MESSAGE.body  # type: ignore[attr-defined]
    assert received["X-Kefu-Case"] == "C261125000001"
    assert received["Message-ID"].endswith("@wallet.example>")


def test_the_same_message_keeps_its_message_id() -> None:
    sender = SmtpSender("127.0.0.1", 25, "kefu@wallet.example")
    assert sender.message(MESSAGE)["Message-ID"] == sender.message(MESSAGE)["Message-ID"]
    assert "X-Kefu-Case" not in sender.message(
        OutgoingMessage("k", "email", "a@example.com", "en", "Hi", "Hello")
    )


def test_smtp_down_is_a_delivery_error() -> None:
    with pytest.raises(DeliveryError):
        SmtpSender("127.0.0.1", free_port(), "kefu@wallet.example", timeout=2).send(MESSAGE)


SMS = OutgoingMessage("case:C1:created:sms", "sms", "+8613800000001", "zh-CN", "", "您的案件已受理")


def test_sms_posts_json_with_the_token() -> None:
    requests: list[httpx.Request] = []

    def gateway(request: httpx.Request) -> httpx.Response:
        requests.append(request)
        return httpx.Response(202, json={"id": "m1"})

    HttpSmsSender("https://sms.example/send", "t0k", transport=httpx.MockTransport(gateway)).send(SMS)
    [request] = requests
    assert request.method == "POST" and str(request.url) == "https://sms.example/send"
    assert request.headers["Authorization"] == "Bearer t0k"
    assert json.loads(request.content) == {"to": "+8613800000001", "text": "您的案件已受理"}


def test_sms_gateway_error_is_a_delivery_error() -> None:
    transport = httpx.MockTransport(lambda request: httpx.Response(500, text="internal error"))
    with pytest.raises(DeliveryError, match="500"):
        HttpSmsSender("https://sms.example/send", "t", transport=transport).send(SMS)


def test_sms_timeout_is_a_delivery_error() -> None:
    def slow(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("timed out", request=request)

    with pytest.raises(DeliveryError, match="ReadTimeout"):
        HttpSmsSender("https://sms.example/send", "t", transport=httpx.MockTransport(slow)).send(SMS)


def test_log_sender_logs_one_masked_line(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.INFO, logger="kefu.notifications"):
        LogSender().send(SMS)
    [record] = caplog.records
    assert "***0001" in record.getMessage() and "+8613800000001" not in record.getMessage()
