"""``kefu agents``: the agent accounts, from the terminal (the console's admin page does the same online).

    kefu agents add USERNAME --name NAME [--role agent] [--team support] [--language zh-CN ...]
                                         [--password-stdin]
    kefu agents list [--json]
    kefu agents set-role USERNAME ROLE
    kefu agents passwd USERNAME [--password-stdin]     a new password ends the agent's sessions
    kefu agents end-sessions USERNAME                   sign the agent out everywhere
    kefu agents deactivate USERNAME                     stop the account signing in

Passwords are asked for twice at a hidden prompt, or read from the first line of standard input with
``--password-stdin`` (for scripts: ``printf '%s\\n' "$PW" | kefu agents passwd lina --password-stdin``); they
are never command-line arguments, which other users of the machine can see. Changes are audited as done by
``system``. The database is the configured one (``kefu db``).
"""

from __future__ import annotations

import json
import sys
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from kefu.commands._render import stdout_console
from kefu.commands.db import open_database

__all__ = ["app"]

app = typer.Typer(
    name="agents",
    help="Manage agent accounts for the console. 管理客服坐席账号。",
    no_args_is_help=True,
)

PasswordStdin = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


def _read_password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    password: str = typer.prompt("Password 密码", hide_input=True, confirmation_prompt=True)
    return password


def _done(message: str) -> None:
    stdout_console().print(Text(message, style="bold green"))


@app.command("add")
def add(
    username: Annotated[str, typer.Argument(help="Sign-in name (a–z, digits, . _ -).")],
    name: Annotated[str, typer.Option("--name", help="Display name customers see.")],
    role: Annotated[str, typer.Option("--role", help="agent, supervisor or admin.")] = "agent",
    team: Annotated[str, typer.Option("--team", help="support, senior, complaints or disputes.")] = "support",
    language: Annotated[
        list[str] | None, typer.Option("--language", "-l", help="Chat language, repeatable [default: zh-CN].")
    ] = None,
    password_stdin: PasswordStdin = False,
) -> None:
    """Create an agent account. 创建坐席账号。"""
    from kefu.agents.accounts import create_agent

    password = _read_password(password_stdin)
    with open_database() as database, database.session() as session:
        agent = create_agent(session, username, password, name, role, team, language or ["zh-CN"])
        code, created = agent.code, agent.username
    _done(f"created {created} ({code}) / 已创建坐席 {created}（工号 {code}）")


@app.command("list")
def list_(
    as_json: Annotated[bool, typer.Option("--json", help="Print the agents as JSON.")] = False,
) -> None:
    """List agent accounts. 列出坐席账号。"""
    from kefu.agents.accounts import list_agents
    from kefu.agents.sessions import open_session_counts

    with open_database() as database, database.session() as session:
        counts = open_session_counts(session)
        rows: list[dict[str, Any]] = [
            {
                "code": agent.code,
                "username": agent.username,
                "display_name": agent.display_name,
                "role": agent.role,
                "team": agent.team,
                "languages": agent.languages.split(","),
                "active": agent.active,
                "sessions": counts.get(agent.id, 0),
            }
            for agent in list_agents(session)
        ]
    if as_json:
        typer.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Agents 坐席", title_justify="left", title_style="bold")
    for column in ("code 工号", "username 用户名", "name 名称", "role 角色", "team 团队", "languages 语言"):
        table.add_column(column)
    table.add_column("active 在职")
    table.add_column("sessions 会话", justify="right")
    for row in rows:
        cells = [row["code"], row["username"], row["display_name"], row["role"], row["team"]]
        cells += [",".join(row["languages"]), "yes 是" if row["active"] else "no 否", str(row["sessions"])]
        table.add_row(*(Text(str(cell)) for cell in cells))
    console = stdout_console()
    if rows:
        console.print(table)
    else:
        console.print(Text("No agents yet. 还没有坐席。", style="dim"))


@app.command("set-role")
def set_role(
    username: Annotated[str, typer.Argument(help="The agent's sign-in name.")],
    role: Annotated[str, typer.Argument(help="agent, supervisor or admin.")],
) -> None:
    """Change an agent's role. 修改坐席角色。"""
    from kefu.agents import accounts
    from kefu.agents.audit import SYSTEM

    with open_database() as database, database.session() as session:
        agent = accounts.get_agent(session, username)
        accounts.set_role(session, agent, role, by=SYSTEM)
        name = agent.username
    _done(f"{name} is now {role} / {name} 的角色已改为 {role}")


@app.command("passwd")
def passwd(
    username: Annotated[str, typer.Argument(help="The agent's sign-in name.")],
    password_stdin: PasswordStdin = False,
) -> None:
    """Set an agent's password (ends their sessions). 重置坐席密码（同时结束其会话）。"""
    from kefu.agents import accounts
    from kefu.agents.audit import SYSTEM

    with open_database() as database, database.session() as session:
        agent = accounts.get_agent(session, username)  # an unknown name fails before the prompt
        password = _read_password(password_stdin)
        ended = accounts.set_password(session, agent, password, by=SYSTEM)
        name = agent.username
    _done(
        f"password changed for {name}; {ended} session(s) ended / 已为 {name} 修改密码，结束 {ended} 个会话"
    )


@app.command("end-sessions")
def end_sessions(username: Annotated[str, typer.Argument(help="The agent's sign-in name.")]) -> None:
    """Sign an agent out everywhere. 结束坐席的全部登录会话。"""
    from kefu.agents import accounts, sessions
    from kefu.agents.audit import SYSTEM

    with open_database() as database, database.session() as session:
        agent = accounts.get_agent(session, username)
        ended = sessions.end_sessions(session, agent.id, SYSTEM)
        name = agent.username
    _done(f"{ended} session(s) of {name} ended / 已结束 {name} 的 {ended} 个会话")


@app.command("deactivate")
def deactivate(username: Annotated[str, typer.Argument(help="The agent's sign-in name.")]) -> None:
    """Stop an agent signing in (ends their sessions). 停用坐席账号（同时结束其会话）。"""
    from kefu.agents import accounts
    from kefu.agents.audit import SYSTEM

    with open_database() as database, database.session() as session:
        agent = accounts.get_agent(session, username)
        accounts.deactivate(session, agent, by=SYSTEM)
        name = agent.username
    _done(f"{name} deactivated / 已停用 {name}")
