"""Browser fixtures: the real server in a subprocess, driven by Debian's Chromium through Playwright.

- ``live_server``: ``kefu serve`` on a free port over the starter help center, one per test module and
  database backend (SQLite, and PostgreSQL when ``KEFU_TEST_DATABASE_URL`` is set), in a fresh data
  directory, sharing the session's document-vector cache. Tests in a module share its database: assert on
  what your own test wrote (the article you voted on), never on totals.
- ``browser``: one headless Chromium for the session (skipped when it is not installed).
- ``new_page(locale="zh-CN", javascript=True)``: a page in a fresh phone-sized context (no cookies) whose
  browser language is ``locale``, with relative URLs resolved against the live server.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from conftest import BACKENDS, fresh_database_url

from .live import CHROMIUM, LiveServer, NotReady, launch_chromium, phone_context, run_server

ADMIN_TOKEN = "browser-test-admin-token"

NewPage = Callable[..., Page]


@pytest.fixture(scope="module", params=BACKENDS)
def live_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, vector_cache_dir: Path
) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp(f"live-{request.param}")
    with fresh_database_url(request.param, directory) as url:
        server = run_server(
            directory / "data", vector_cache_dir=vector_cache_dir, database_url=url, admin_token=ADMIN_TOKEN
        )
        try:
            with server as running:
                yield running
        except NotReady as error:
            pytest.fail(str(error), pytrace=False)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not shutil.which(CHROMIUM):
        message = f"no Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("KEFU_REQUIRE_BROWSER"):  # CI: a missing browser is a failure, never a skip
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    with sync_playwright() as playwright:
        chromium = launch_chromium(playwright)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def new_page(browser: Browser, live_server: LiveServer) -> Iterator[NewPage]:
    contexts: list[BrowserContext] = []

    def make(locale: str = "zh-CN", javascript: bool = True) -> Page:
        context = phone_context(browser, live_server.url, locale=locale, javascript=javascript)
        contexts.append(context)
        return context.new_page()

    try:
        yield make
    finally:
        for context in contexts:
            context.close()


@pytest.fixture(autouse=True)
def _server_survives(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test whose server stopped under it fails with the server's log (not just "connection refused")."""
    yield
    if "live_server" in request.fixturenames:
        server: LiveServer = request.getfixturevalue("live_server")
        if died := server.died():
            pytest.fail(f"the server stopped during the test. {died}", pytrace=False)
