"""The chat pages' app: demo mode on, an identity secret, lexical-only search, no background jobs; and
``chat_pages_off``, the same without demo mode. One per module; tests sign people in with clients of their
own, so cookies never leak between tests."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.config import load_settings
from kefu.identity.signing import sign
from kefu.web.app import create_app
from kefu.web.services import Services

SECRET = "chat-pages-secret"
_CONFIG = re.compile(r'<script type="application/json" id="page-config">(.*?)</script>', re.DOTALL)


def _app(directory: Path, url: str, *, demo: bool) -> TestClient:
    settings = load_settings(
        data_dir=directory,
        database_url=url,
        search_encoders=[],
        kb_refresh_seconds=0,
        scheduler_tick_seconds=0,
        identity_secret=SECRET,
        demo=demo,
    )
    return TestClient(create_app(settings))


@pytest.fixture(scope="module", params=BACKENDS)
def chat_pages(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    directory = tmp_path_factory.mktemp("chat-pages")
    with fresh_database_url(request.param, directory) as url, _app(directory, url, demo=True) as client:
        yield client


@pytest.fixture
def chat_pages_services(chat_pages: TestClient) -> Services:
    found: Services = chat_pages.app.state.services  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def chat_pages_off(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory = tmp_path_factory.mktemp("chat-pages-off")
    with _app(directory, f"sqlite:///{(directory / 'kefu.db').as_posix()}", demo=False) as client:
        yield client


def visitor(app: TestClient) -> TestClient:
    """A client of its own (no cookies) on the module's app."""
    return TestClient(app.app)


def signed_in(app: TestClient, wallet_id: str) -> TestClient:
    client = visitor(app)
    response = client.post(
        "/api/v1/chat/session",
        headers={"X-Kefu-Customer": wallet_id, "X-Kefu-Signature": sign(SECRET, wallet_id)},
    )
    assert response.status_code == 200, response.text
    return client


def page_config(html: str) -> dict[str, Any]:
    """The JSON block every chat page hands its scripts."""
    found = _CONFIG.search(html)
    assert found, "no page configuration"
    config: dict[str, Any] = json.loads(found.group(1))
    return config
