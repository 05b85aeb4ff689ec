"""The console on a running app (``create_app`` wires the console router and its static files).

One app per backend for the whole console test package (lexical-only search: fast); each test gets its
own ``browser`` (a TestClient with its own cookies and its own client IP, so failed sign-ins in one test
never throttle another) and makes its own agents (unique usernames).
"""

from __future__ import annotations

import itertools
import re
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from fastapi import Depends, FastAPI
from fastapi.testclient import TestClient
from httpx import Response

from conftest import BACKENDS, fresh_database_url
from kefu.agents import passwords
from kefu.agents.accounts import create_agent
from kefu.config import load_settings
from kefu.store import Database
from kefu.web.app import create_app
from kefu.web.console import console_routes, require_csrf

PASSWORD = "blue tea at noon"

_CHEAP = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_IPS = itertools.count(1)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(passwords, "HASHER", _CHEAP)


#: A state-changing console API call, as later sections will add them (none exists yet).
_probe = console_routes()


@_probe.post("/console/api/probe", dependencies=[Depends(require_csrf)])
async def probe() -> dict[str, bool]:
    return {"changed": True}


@pytest.fixture(scope="session", params=BACKENDS)
def console_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[FastAPI]:
    directory: Path = tmp_path_factory.mktemp("console")
    with fresh_database_url(request.param, directory) as url:
        settings = load_settings(
            data_dir=directory,
            database_url=url,
            kb_dir=None,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
        )
        app = create_app(settings)
        app.include_router(_probe)
        with TestClient(app):  # runs the lifespan: migrations, starter help center, services
            yield app


@pytest.fixture
def database(console_app: FastAPI) -> Database:
    found: Database = console_app.state.services.database
    return found


@pytest.fixture
def new_browser(console_app: FastAPI) -> Iterator[NewBrowser]:
    """Makes fresh browsers: no cookies, an IP address of their own, redirects not followed. Never used as
    a context manager: that would run the app's lifespan again and replace the services every test shares."""
    made: list[TestClient] = []

    def new(base_url: str = "http://testserver", ip: str | None = None) -> TestClient:
        number = next(_IPS)
        ip = ip or f"10.1.{number // 250}.{number % 250 + 1}"
        client = TestClient(console_app, base_url=base_url, follow_redirects=False, client=(ip, 50000))
        made.append(client)
        return client

    yield new
    for client in made:
        client.close()


@pytest.fixture
def browser(new_browser: NewBrowser) -> TestClient:
    """A fresh browser (see new_browser)."""
    return new_browser()


@dataclass(frozen=True)
class Person:
    username: str
    code: str
    display_name: str
    role: str


#: ``make_person(role="admin", team="support", name="…")`` → a new agent with a unique username.
MakePerson = Callable[..., Person]
#: ``new_browser(base_url="http://testserver", ip=None)`` → a fresh TestClient (see the new_browser fixture).
NewBrowser = Callable[..., TestClient]


@pytest.fixture
def make_person(database: Database) -> MakePerson:
    def make(role: str = "agent", team: str = "support", name: str = "Test Agent") -> Person:
        username = f"{role}-{uuid.uuid4().hex[:10]}"
        with database.session() as session:
            agent = create_agent(session, username, PASSWORD, name, role, team, ("zh-CN", "en"))
            return Person(agent.username, agent.code, agent.display_name, agent.role)

    return make


_HIDDEN = re.compile(r'<input type="hidden" name="(csrf_token|next)" value="([^"]*)">')


def hidden_fields(page: Response) -> dict[str, str]:
    """The hidden inputs of a page's first form (csrf_token, next)."""
    fields: dict[str, str] = {}
    for name, value in _HIDDEN.findall(page.text):
        fields.setdefault(name, value.replace("&amp;", "&"))
    return fields


def sign_in(browser: TestClient, username: str, password: str = PASSWORD, next_path: str = "") -> Response:
    """Open the sign-in form (as a browser would) and submit it."""
    form = browser.get("/console/sign-in", params={"next": next_path} if next_path else None)
    fields = hidden_fields(form)
    return browser.post(
        "/console/sign-in",
        data={
            "username": username,
            "password": password,
            "next": fields["next"],
            "csrf_token": fields["csrf_token"],
        },
    )


def put_session_cookie(browser: TestClient, token: str) -> None:
    """Give ``browser`` this session cookie, as the server set it (httpx's jar names the host so)."""
    browser.cookies.delete("kefu_console")
    browser.cookies.set("kefu_console", token, domain="testserver.local", path="/console")


def csrf_of(browser: TestClient) -> str:
    """The signed-in browser's CSRF token, as the console API gives it to scripts."""
    token: str = browser.get("/console/api/me").json()["csrf_token"]
    return token
