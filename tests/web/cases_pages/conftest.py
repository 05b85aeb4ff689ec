"""The "My cases" pages' app, one per module and backend: the chat app's settings (identity secret,
lexical-only search, no background jobs) with demo mode on, so the demo wallet's link can be checked too.

Customers sign in as the chat pages do, with :func:`web.chat.conftest.customer_client` (a client of their
own holding the ``kefu_chat`` pass); agents act through the cases domain (:func:`as_agent`).
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.cases import Viewer, ask_customer, case_by_number, resolve
from kefu.config import load_settings
from kefu.web.app import create_app
from kefu.web.services import Services
from web.chat.conftest import SECRET, customer_client, png

__all__ = ["SECRET", "as_agent", "customer_client", "new_wallet_id", "page_config", "png", "visitor"]

AGENT = Viewer.agent("agent-cases-7")
_CONFIG = re.compile(r'<script type="application/json" id="page-config">(.*?)</script>', re.DOTALL)


@pytest.fixture(scope="module", params=BACKENDS)
def cases_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[TestClient]:
    directory: Path = tmp_path_factory.mktemp("cases-pages")
    with fresh_database_url(request.param, directory) as url:
        settings = load_settings(
            data_dir=directory,
            database_url=url,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
            identity_secret=SECRET,
            demo=True,
        )
        with TestClient(create_app(settings), raise_server_exceptions=False) as client:
            yield client


@pytest.fixture
def cases_services(cases_app: TestClient) -> Services:
    found: Services = cases_app.app.state.services  # type: ignore[attr-defined]
    return found


def new_wallet_id() -> str:
    """A wallet id of its own for each test (the module's database is shared)."""
    return f"w-{uuid.uuid4().hex[:10]}"


def visitor(app: TestClient) -> TestClient:
    """A client of its own with no cookies."""
    return TestClient(app.app, raise_server_exceptions=False)


def as_agent(services: Services, number: str, action: str) -> None:
    """Support's side: ``ask`` the customer for information, or ``resolve`` the case."""
    with services.database.session() as session:
        case = case_by_number(session, number, AGENT)
        if action == "ask":
            ask_customer(session, case, request="Send the receipt, please.", actor=AGENT, channel="console")
        else:
            resolve(session, case, answer="We refunded the second payment.", actor=AGENT, channel="console")


def page_config(html: str) -> dict[str, Any]:
    """The JSON block every page hands its scripts."""
    found = _CONFIG.search(html)
    assert found, "no page configuration"
    config: dict[str, Any] = json.loads(found.group(1))
    return config
