"""The ``kefu`` command: assembles the sub-apps and turns domain errors into terminal messages.

    kefu serve         run the server: help center, API          (kefu.commands.serve)
    kefu kb ...        check, show, import and export articles  (kefu.commands.kb)
    kefu db upgrade    migrate the database                     (kefu.commands.db)
    kefu report ...    search analytics for KB editors          (kefu.commands.report)
    kefu search ...    search, batch search, interactive prompt (kefu.commands.search)
    kefu suggest ...   autocomplete titles and tags
    kefu eval ...      search quality on labelled queries

A :class:`~kefu.errors.KefuError` from any command is printed in both languages on stderr, with exit
code 2 and no traceback: it is the user's input or setup that needs fixing, not the program.
"""

from __future__ import annotations

from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text
from typer.core import TyperGroup

from kefu import __version__
from kefu.commands import agents, db, kb, report, search, serve
from kefu.errors import InvalidInput, KefuError

__all__ = ["app"]

#: Exit code for a KefuError (click uses 2 for usage errors too).
USER_ERROR = 2


class _KefuGroup(TyperGroup):
    """The root command group; the one place a KefuError becomes a message and an exit code."""

    def invoke(self, ctx: typer.Context) -> Any:  # type: ignore[override]
        try:
            return super().invoke(ctx)
        except KefuError as error:
            _print_error(error)
            raise typer.Exit(USER_ERROR) from None


def _print_error(error: KefuError) -> None:
    console = Console(stderr=True, soft_wrap=True, highlight=False)
    console.print(Text(f"error: {error.message_en}", style="bold red"))
    if error.message_zh != error.message_en:
        console.print(Text(f"错误：{error.message_zh}", style="bold red"))
    for problem in error.problems if isinstance(error, InvalidInput) else []:
        console.print(Text(f"  {problem}", style="red"))


def _version(value: bool) -> None:
    if value:
        typer.echo(f"kefu {__version__}")
        raise typer.Exit()


app = typer.Typer(
    cls=_KefuGroup,
    name="kefu",
    help="kefu (客服): bilingual customer service for a mobile wallet. 双语客服平台。",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def main(
    version: Annotated[
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help="Print the version and exit."),
    ] = False,
) -> None:
    """kefu (客服): bilingual customer service for a mobile wallet. 双语客服平台。"""


app.add_typer(kb.app, name="kb")
app.add_typer(db.app, name="db")
app.add_typer(agents.app, name="agents")
app.add_typer(report.app, name="report")
app.add_typer(search.app)
app.add_typer(serve.app)
