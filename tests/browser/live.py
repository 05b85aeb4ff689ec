"""A real ``kefu serve`` in a subprocess and a headless Chromium, for the browser tests and the screenshots.

The browser is always Debian's (``/usr/bin/chromium``, or ``KEFU_TEST_CHROMIUM``), never one Playwright
downloads; CI installs it with apt.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
from playwright.sync_api import Browser, BrowserContext, Playwright

__all__ = [
    "CHROMIUM",
    "PHONE",
    "LiveServer",
    "NotReady",
    "launch_chromium",
    "phone_context",
    "run_server",
]

KEFU = Path(sys.executable).with_name("kefu")
CHROMIUM = os.environ.get("KEFU_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-background-networking",
    "--disable-gpu",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
#: A phone in portrait (CSS pixels).
PHONE = {"width": 390, "height": 844}
READY_TIMEOUT = 120.0


class NotReady(RuntimeError):
    """The server exited or never answered /readyz; the message ends with its log."""


@dataclass(frozen=True)
class LiveServer:
    url: str
    admin_token: str
    log: Path
    process: subprocess.Popen[bytes]

    def died(self) -> str | None:
        """None while the server runs; once it exited, its exit code and the end of its log."""
        if self.process.poll() is None:
            return None
        return f"kefu serve exited with code {self.process.returncode}:\n{_log_tail(self.log)}"

    def get(self, path: str, **kwargs: Any) -> httpx.Response:
        kwargs.setdefault("timeout", 10)
        return httpx.get(self.url + path, **kwargs)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def run_server(
    data_dir: Path,
    *,
    vector_cache_dir: Path,
    database_url: str | None = None,
    admin_token: str = "admin",
    args: tuple[str, ...] = (),
    extra_env: dict[str, str] | None = None,
) -> Iterator[LiveServer]:
    """``kefu serve`` on a free port over the starter help center in ``data_dir``, ready to answer; stopped
    (SIGTERM, then SIGKILL) on exit. The environment's own KEFU_* settings are not passed on."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("KEFU_")}
    env |= {
        "KEFU_DATA_DIR": str(data_dir),
        "KEFU_VECTOR_CACHE_DIR": str(vector_cache_dir),
        "KEFU_KB_REFRESH_SECONDS": "0",
        "KEFU_ADMIN_TOKEN": admin_token,
    }
    if database_url:
        env["KEFU_DATABASE_URL"] = database_url
    env |= extra_env or {}
    data_dir.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    log_path = data_dir / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(KEFU), "serve", "--port", str(port), *args],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = LiveServer(f"http://127.0.0.1:{port}", admin_token, log_path, process)
    try:
        _wait_ready(server)
        yield server
    finally:
        _stop(process)


def _log_tail(path: Path) -> str:
    return path.read_text(encoding="utf-8", errors="replace")[-6000:]


def _wait_ready(server: LiveServer) -> None:
    deadline = time.monotonic() + READY_TIMEOUT
    while time.monotonic() < deadline:
        if died := server.died():
            raise NotReady(died)
        try:
            # Still alive after the answer: another process on a reused port does not count.
            if server.get("/readyz", timeout=2).status_code == 200 and not server.died():
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.25)
    raise NotReady(f"kefu serve was not ready after {READY_TIMEOUT:.0f} s:\n{_log_tail(server.log)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def launch_chromium(playwright: Playwright) -> Browser:
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def phone_context(
    browser: Browser, base_url: str, *, locale: str = "zh-CN", javascript: bool = True
) -> BrowserContext:
    """A fresh context (no cookies) the size of a phone, whose browser language is ``locale``."""
    context = browser.new_context(
        base_url=base_url,
        viewport=PHONE,
        is_mobile=True,
        has_touch=True,
        locale=locale,
        java_script_enabled=javascript,
    )
    context.set_default_timeout(10_000)
    return context
