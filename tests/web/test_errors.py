"""The one place errors become responses: every kind gets its status, a bilingual body and the request id."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from kefu.errors import Conflict, InvalidInput, NotFound, PermissionDenied, Unavailable
from kefu.web.errors import install_error_handlers
from kefu.web.middleware import RequestIdMiddleware


@pytest.fixture(scope="module")
def client() -> TestClient:
    app = FastAPI()
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    raising = {
        "not-found": NotFound("gone", "不见了"),
        "denied": PermissionDenied("no", "不行"),
        "conflict": Conflict("clash", "冲突"),
        "invalid": InvalidInput("bad", "不对", problems=["x is wrong"]),
        "unavailable": Unavailable("later", "稍后"),
        "bug": RuntimeError("secret internals"),
    }

    @app.get("/api/v1/raise/{kind}")
    def raise_it(kind: str) -> None:
        raise raising[kind]

    @app.get("/api/v1/database")
    def database() -> None:
        with create_engine("postgresql+psycopg://nobody@127.0.0.1:1/none").connect() as connection:
            connection.execute(text("SELECT 1"))

    return TestClient(app, raise_server_exceptions=False)


@pytest.mark.parametrize(
    ("kind", "status", "code"),
    [
        ("not-found", 404, "not_found"),
        ("denied", 403, "permission_denied"),
        ("conflict", 409, "conflict"),
        ("invalid", 422, "invalid_input"),
        ("unavailable", 503, "unavailable"),
        ("bug", 500, "internal_error"),
    ],
)
def test_each_kind_of_error(client: TestClient, kind: str, status: int, code: str) -> None:
    response = client.get(f"/api/v1/raise/{kind}")
    assert response.status_code == status
    error = response.json()["error"]
    assert error["code"] == code
    assert error["message"]["en"] and error["message"]["zh-CN"]
    assert error["request_id"] == response.headers["x-request-id"]
    assert "secret internals" not in response.text
    assert ("retry-after" in response.headers) == (status == 503)


def test_invalid_input_lists_its_problems(client: TestClient) -> None:
    assert client.get("/api/v1/raise/invalid").json()["error"]["details"] == [{"problem": "x is wrong"}]


def test_an_unreachable_database_is_a_503_to_retry(client: TestClient) -> None:
    response = client.get("/api/v1/database")
    assert response.status_code == 503
    assert response.headers["retry-after"] == "5"
    assert response.json()["error"]["code"] == "database_unavailable"
