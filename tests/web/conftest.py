"""Web fixtures: one running app per test module and backend, over the starter help center.

``web_client`` is a :class:`fastapi.testclient.TestClient` whose lifespan ran for real (migrations, first
import of the starter KB, the USE search index); the module shares it, so tests in one module must not
depend on each other's writes except through what they assert themselves.

``pages_client`` is the help center pages' app (tests/web/test_pages*.py): one per module too, over SQLite,
lexical-only search (``search_encoders=[]``: fast to build, enough for pages); ``pages_web`` is that client
with no cookies, ``pages_services`` its services.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.config import Settings, load_settings
from kefu.search.dense import Encoder
from kefu.web.app import create_app
from kefu.web.services import Services

ADMIN_TOKEN = "test-admin-token"


@pytest.fixture(scope="module", params=BACKENDS)
def web_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, vector_cache_dir: Path
) -> Iterator[Settings]:
    directory = tmp_path_factory.mktemp("web")
    with fresh_database_url(request.param, directory) as url:
        yield load_settings(
            data_dir=directory,
            database_url=url,
            vector_cache_dir=vector_cache_dir,
            kb_refresh_seconds=0,
            admin_token=ADMIN_TOKEN,
        )


@pytest.fixture(scope="module")
def web_client(web_settings: Settings, use_encoder: Encoder) -> Iterator[TestClient]:
    app = create_app(web_settings, encoders={"use": use_encoder})
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def web_services(web_client: TestClient) -> Services:
    found: Services = web_client.app.state.services  # type: ignore[attr-defined]
    return found


@pytest.fixture(scope="module")
def pages_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    directory: Path = tmp_path_factory.mktemp("pages")
    settings = load_settings(
        data_dir=directory,
        database_url=f"sqlite:///{(directory / 'kefu.db').as_posix()}",
        kb_dir=None,
        search_encoders=[],
        kb_refresh_seconds=0,
    )
    # raise_server_exceptions (the default): any 500 fails the test that caused it, with its traceback
    with TestClient(create_app(settings)) as client:
        yield client


@pytest.fixture
def pages_web(pages_client: TestClient) -> Iterator[TestClient]:
    """The module's client with no cookies (the language switch sets one)."""
    pages_client.cookies.clear()
    yield pages_client
    pages_client.cookies.clear()


@pytest.fixture
def pages_services(pages_client: TestClient) -> Services:
    found: Services = pages_client.app.state.services  # type: ignore[attr-defined]
    return found
