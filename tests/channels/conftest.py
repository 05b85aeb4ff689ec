"""A real SMTP receiver on a free port for each test, backed by the test's database."""

from __future__ import annotations

import smtplib
import socket
from collections.abc import Callable, Iterator

import pytest

from kefu.channels.email import start_smtp_server
from kefu.store import Database

Send = Callable[..., dict[str, tuple[int, bytes]]]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_port(database: Database) -> Iterator[int]:
    port = free_port()
    controller = start_smtp_server(database, "127.0.0.1", port)
    try:
        yield port
    finally:
        controller.stop()


@pytest.fixture
def send(smtp_port: int) -> Send:
    """Deliver ``raw`` over SMTP as a mail server would (envelope sender and recipients given)."""

    def deliver(raw: bytes, *, mail_from: str, to: list[str]) -> dict[str, tuple[int, bytes]]:
        with smtplib.SMTP("127.0.0.1", smtp_port, timeout=30) as client:
            return client.sendmail(mail_from, to, raw)

    return deliver
