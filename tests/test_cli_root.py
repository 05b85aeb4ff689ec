"""The root ``kefu`` app: version, help, the mounted sub-apps and how domain errors reach the terminal."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from kefu import __version__
from kefu.cli import app


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("KEFU_KB_DIR", raising=False)
    return CliRunner()


def test_version(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"kefu {__version__}\n"


def test_help_lists_every_command(runner: CliRunner) -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("kb", "search", "suggest", "eval"):
        assert f" {command} " in result.stdout


def test_no_arguments_shows_help(runner: CliRunner) -> None:
    result = runner.invoke(app, [])
    assert "Usage" in result.output


def test_kb_is_mounted(runner: CliRunner) -> None:
    result = runner.invoke(app, ["kb", "check"])
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.stdout
