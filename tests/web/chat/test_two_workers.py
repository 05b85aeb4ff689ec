"""Two server processes share one database: a message an agent sends through one reaches the customer's
socket held by the other (the hub's revision watcher), in order, once; supervisors see every agent's load."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.config import load_settings
from kefu.web.app import create_app
from kefu.web.services import Services

from .conftest import SECRET, agent_client, customer_client


@pytest.fixture(scope="module", params=BACKENDS)
def two_apps(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, TestClient]]:
    directory: Path = tmp_path_factory.mktemp("two-workers")
    with fresh_database_url(request.param, directory) as url:
        settings = load_settings(
            data_dir=directory,
            database_url=url,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
            identity_secret=SECRET,
        )
        with (
            TestClient(create_app(settings), raise_server_exceptions=False) as one,
            TestClient(create_app(settings), raise_server_exceptions=False) as two,
        ):
            yield one, two


def test_a_message_sent_through_one_worker_reaches_a_socket_on_the_other(
    two_apps: tuple[TestClient, TestClient],
) -> None:
    one, two = two_apps
    services: Services = two.app.state.services  # type: ignore[attr-defined]
    customer = customer_client(one, f"w-{uuid.uuid4().hex[:8]}")
    started = customer.post("/api/v1/chat/conversations", json={"locale": "zh-CN"}).json()
    cid = started["conversation"]["id"]
    customer.post(f"/api/v1/chat/conversations/{cid}/agent")
    agent = agent_client(two, services, f"a{uuid.uuid4().hex[:6]}", ("zh-CN",))
    assert agent.post(f"/console/api/conversations/{cid}/accept").status_code == 200
    last = customer.get(f"/api/v1/chat/conversations/{cid}").json()["last_seq"]

    with customer.websocket_connect(f"/api/v1/chat/conversations/{cid}/socket?after={last}") as socket:
        assert socket.receive_json()["type"] == "state"
        sent = [f"第{i}条" for i in range(3)]
        for body in sent:
            assert (
                agent.post(f"/console/api/conversations/{cid}/messages", json={"body": body}).status_code
                == 201
            )
        got: list[dict] = []
        while len(got) < len(sent):
            frame = socket.receive_json()  # woken by worker one's watcher, not by a local poke
            if frame["type"] == "message":
                got.append(frame["message"])
    assert [m["body"] for m in got] == sent
    assert [m["seq"] for m in got] == list(range(last + 1, last + 4))

    plain = agent.get("/console/api/queue").json()
    assert "load" not in plain  # an agent sees no one else's load
    supervisor = agent_client(one, services, f"s{uuid.uuid4().hex[:6]}", ("zh-CN",), role="supervisor")
    view = supervisor.get("/console/api/queue").json()
    mine = [row for row in view["load"] if row["code"] == plain["me"]["code"]]
    assert mine and mine[0]["active_chats"] == 1
    assert cid in [c["id"] for c in view["live"]]
