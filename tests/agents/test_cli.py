"""``kefu agents`` through a root app built like kefu.cli's (KefuError → bilingual message, exit 2)."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator

import pytest
import typer
from click.testing import Result
from typer.testing import CliRunner

from kefu.agents.audit import recent
from kefu.agents.passwords import verify_password
from kefu.agents.records import Agent
from kefu.agents.sessions import resolve, sign_in
from kefu.cli import _KefuGroup
from kefu.commands import agents as agents_command
from kefu.store import Database


@pytest.fixture
def cli() -> typer.Typer:
    root = typer.Typer(cls=_KefuGroup)

    @root.callback()
    def main() -> None:
        """kefu"""

    root.add_typer(agents_command.app, name="agents")  # the line kefu.cli will have
    return root


#: ``run("add", "lina", ..., stdin="...")`` → the result of ``kefu agents add lina ...``
Run = Callable[..., Result]


@pytest.fixture
def run(cli: typer.Typer, database: Database) -> Iterator[Run]:
    env = {"KEFU_DATABASE_URL": database.url.render_as_string(hide_password=False)}

    def invoke(*args: str, stdin: str | None = None) -> Result:
        return CliRunner().invoke(cli, ["agents", *args], input=stdin, env=env)

    yield invoke


def _agent(database: Database, username: str) -> Agent:
    with database.session() as session:
        agent = session.query(Agent).filter_by(username=username).one()
        session.expunge(agent)
        return agent


def test_add_and_list(run: Run, database: Database) -> None:
    options = ["--name", "李娜", "--team", "complaints", "-l", "zh-CN", "-l", "en", "--password-stdin"]
    result = run("add", "lina", *options, stdin="blue tea at noon\n")
    assert result.exit_code == 0, result.output
    assert "created lina (KF1001)" in result.stdout
    agent = _agent(database, "lina")
    assert (agent.team, agent.languages) == ("complaints", "zh-CN,en")
    assert verify_password(agent.password_hash, "blue tea at noon")

    listed = run("list", "--json")
    assert listed.exit_code == 0, listed.output
    [row] = json.loads(listed.stdout)
    assert row == {
        "code": "KF1001",
        "username": "lina",
        "display_name": "李娜",
        "role": "agent",
        "team": "complaints",
        "languages": ["zh-CN", "en"],
        "active": True,
        "sessions": 0,
    }
    table = run("list")
    assert "KF1001" in table.stdout and "李娜" in table.stdout


def test_the_hidden_prompt_asks_twice(run: Run, database: Database) -> None:
    result = run("add", "emma", "--name", "Emma", stdin="blue tea at noon\nblue tea at noon\n")
    assert result.exit_code == 0, result.output
    assert "blue tea" not in result.stdout  # hidden
    assert verify_password(_agent(database, "emma").password_hash, "blue tea at noon")


def test_errors_are_bilingual_with_exit_code_2(run: Run) -> None:
    weak = run("add", "lina", "--name", "Li Na", "--password-stdin", stdin="password1\n")
    assert weak.exit_code == 2
    assert "error: This password is one of the most common" in weak.stderr
    assert "错误：该密码是最常见的密码之一" in weak.stderr
    missing = run("set-role", "nobody", "admin")
    assert missing.exit_code == 2
    assert "There is no agent 'nobody'" in missing.stderr


def test_set_role_passwd_end_sessions_deactivate(run: Run, database: Database) -> None:
    added = run("add", "lina", "--name", "Li Na", "--password-stdin", stdin="blue tea at noon\n")
    assert added.exit_code == 0
    assert run("set-role", "lina", "supervisor").exit_code == 0
    assert _agent(database, "lina").role == "supervisor"

    with database.session() as session:
        token, _ = sign_in(session, "lina", "blue tea at noon")
    ended = run("end-sessions", "LINA")
    assert ended.exit_code == 0, ended.output
    assert "1 session(s) of lina ended" in ended.stdout

    with database.session() as session:
        token, _ = sign_in(session, "lina", "blue tea at noon")
    changed = run("passwd", "lina", "--password-stdin", stdin="green tea at dusk\n")
    assert changed.exit_code == 0, changed.output
    assert "1 session(s) ended" in changed.stdout
    with database.session() as session:
        assert resolve(session, token) is None
        actions = [entry.action for entry in recent(session, subject="lina")]
    assert {"role_changed", "sessions_ended", "password_changed"} <= set(actions)
    assert verify_password(_agent(database, "lina").password_hash, "green tea at dusk")

    assert run("deactivate", "lina").exit_code == 0
    assert not _agent(database, "lina").active


def test_passwd_for_an_unknown_agent_fails_before_asking(run: Run) -> None:
    result = run("passwd", "nobody")
    assert result.exit_code == 2
    assert "Password" not in result.output
