"""``kefu serve`` for real: a fresh data directory, two worker processes, and a knowledge-base import that
every worker picks up without a restart."""

from __future__ import annotations

import os
import shutil
import signal
import smtplib
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from conftest import BACKENDS, fresh_database_url
from helpcenter.articles import PARKING_EN
from kefu.cases import Case
from kefu.kb.loader import starter_dir
from kefu.store import Database

KEFU = Path(sys.executable).with_name("kefu")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_ready(base: str, process: subprocess.Popen[bytes], timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"kefu serve exited with {process.returncode}")
        try:
            if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise AssertionError("kefu serve did not become ready")


@pytest.fixture(params=BACKENDS)
def server(
    request: pytest.FixtureRequest, tmp_path: Path, vector_cache_dir: Path
) -> Iterator[tuple[str, dict[str, str]]]:
    with fresh_database_url(request.param, tmp_path) as url:
        port, smtp_port = _free_port(), _free_port()
        env = {
            **os.environ,
            "KEFU_DATA_DIR": str(tmp_path / "data"),
            "KEFU_DATABASE_URL": url,
            "KEFU_VECTOR_CACHE_DIR": str(vector_cache_dir),
            "KEFU_KB_REFRESH_SECONDS": "0.5",
            "KEFU_ADMIN_TOKEN": "serve-test-token",
        }
        log = (tmp_path / "server.log").open("wb")
        process = subprocess.Popen(
            [str(KEFU), "serve", "--port", str(port), "--workers", "2", "--smtp-port", str(smtp_port)],
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_ready(base, process)
            env["KEFU_TEST_SMTP_PORT"] = str(smtp_port)
            yield base, env
        except AssertionError:
            log.flush()
            print((tmp_path / "server.log").read_text("utf-8", "replace")[-4000:])
            raise
        finally:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
            log.close()


def test_two_workers_serve_and_follow_a_kb_import(server: tuple[str, dict[str, str]], tmp_path: Path) -> None:
    base, env = server
    pids = set()
    for _ in range(40):  # new connections spread over both workers
        with httpx.Client() as client:
            response = client.get(f"{base}/api/v1/search", params={"q": "parking meter", "locale": "en"})
        assert response.status_code == 200
        assert response.json()["confidence"] == "none"
    assert httpx.get(f"{base}/zh-CN/").status_code == 200

    kb = tmp_path / "kb"
    shutil.copytree(starter_dir(), kb)
    (kb / "parking-meter.en.md").write_text(PARKING_EN, "utf-8")
    result = subprocess.run(
        [str(KEFU), "kb", "import", str(kb)], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr

    deadline = time.monotonic() + 60
    answered: list[str] = []
    while time.monotonic() < deadline:
        answered = []
        for _ in range(10):
            with httpx.Client() as client:
                body = client.get(
                    f"{base}/api/v1/search", params={"q": "parking meter", "locale": "en"}
                ).json()
            answered.append(body["hits"][0]["slug"] if body["hits"] else "")
        if set(answered) == {"parking-meter"}:
            break
        time.sleep(0.5)
    assert set(answered) == {"parking-meter"}, answered
    for _ in range(20):
        with httpx.Client() as client:
            readiness = client.get(f"{base}/readyz").json()
        assert readiness["checks"]["search"]["articles"] == 41
        pids.add(readiness["worker"])
    assert pids  # which worker accepts a connection is the kernel's choice; every one asked was current


def test_mail_to_support_opens_a_case(server: tuple[str, dict[str, str]]) -> None:
    _base, env = server
    message = EmailMessage()
    message["From"] = "li.lei@example.com"
    message["To"] = "support@wallet.example"
    message["Subject"] = "转账一直显示处理中"
    message.set_content("我昨天给朋友转账，到现在还显示处理中，请帮忙查一下。", charset="gb18030")
    with smtplib.SMTP("127.0.0.1", int(env["KEFU_TEST_SMTP_PORT"]), timeout=30) as smtp:
        smtp.send_message(message)
    database = Database(env["KEFU_DATABASE_URL"])
    try:
        with database.session() as session:
            [case] = session.scalars(select(Case)).all()
            assert case.channel == "email" and case.number.startswith("C")
            assert "处理中" in case.summary
    finally:
        database.dispose()
