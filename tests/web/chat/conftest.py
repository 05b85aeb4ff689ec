"""A chat-enabled app per backend: identity secret set, lexical-only search (fast), agents always on duty
(the 24/7 schedule, so nothing depends on when the suite runs), and helpers to sign people in."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from PIL import Image

from conftest import BACKENDS, fresh_database_url
from kefu.agents import passwords
from kefu.agents.accounts import create_agent
from kefu.agents.sessions import csrf_token, sign_in
from kefu.calendar import load_hours
from kefu.config import load_settings
from kefu.conversations import lifecycle
from kefu.identity.signing import sign
from kefu.web.app import create_app
from kefu.web.services import Services

SECRET = "chat-test-secret"
PASSWORD = "green tea at dawn"


@pytest.fixture(autouse=True)
def on_duty(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lifecycle, "agent_hours", lambda: load_hours("emergency"))
    monkeypatch.setattr(passwords, "HASHER", PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))


@pytest.fixture(scope="module", params=BACKENDS)
def chat_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    directory: Path = tmp_path_factory.mktemp("chat")
    with fresh_database_url(request.param, directory) as url:
        settings = load_settings(
            data_dir=directory,
            database_url=url,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
            identity_secret=SECRET,
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client


@pytest.fixture
def services(chat_app: TestClient) -> Services:
    found: Services = chat_app.app.state.services  # type: ignore[attr-defined]
    return found


def customer_client(chat_app: TestClient, wallet_id: str) -> TestClient:
    """A client of its own (own cookies) signed in as ``wallet_id`` through the chat session exchange."""
    client = TestClient(chat_app.app, raise_server_exceptions=False)
    response = client.post(
        "/api/v1/chat/session",
        headers={"X-Kefu-Customer": wallet_id, "X-Kefu-Signature": sign(SECRET, wallet_id)},
    )
    assert response.status_code == 200, response.text
    return client


def agent_client(
    chat_app: TestClient,
    services: Services,
    username: str,
    languages: tuple[str, ...],
    team: str = "support",
    role: str = "agent",
) -> TestClient:
    with services.database.session() as session:
        create_agent(session, username, PASSWORD, username.title(), languages=languages, team=team, role=role)
        token, _ = sign_in(session, username, PASSWORD)
    client = TestClient(chat_app.app, raise_server_exceptions=False)
    client.cookies.set("kefu_console", token, path="/console")
    client.headers["X-CSRF-Token"] = csrf_token(token)
    return client


def png(width: int = 40, height: int = 30) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()
