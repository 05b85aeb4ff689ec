"""``kefu db``: the database's schema, and how every command opens the database.

    kefu db upgrade      create or migrate the configured database and print its schema revision

The database is ``KEFU_DATABASE_URL``, else the SQLite file ``<KEFU_DATA_DIR>/kefu.db``. SQLAlchemy and
Alembic are imported on first use, so commands that never touch the database start fast.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.console import Console
from rich.text import Text

from kefu.config import Settings, load_settings
from kefu.errors import Unavailable

if TYPE_CHECKING:
    from kefu.store import Database

__all__ = ["app", "open_database"]

app = typer.Typer(
    name="db",
    help="Create or migrate the database. 创建或升级数据库。",
    no_args_is_help=True,
)


@contextmanager
def open_database(settings: Settings | None = None) -> Iterator[Database]:
    """The configured database, migrated to the newest schema first; disposed when the block ends.

    A database that cannot be opened or migrated raises :class:`~kefu.errors.Unavailable` naming it.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from kefu.store import Database, database_url

    try:
        database = Database(database_url(settings or load_settings()))
    except SQLAlchemyError as error:
        # The error repeats the URL, password and all, so it is not shown.
        raise _unavailable("KEFU_DATABASE_URL", "not a usable database URL") from error
    where = database.url.render_as_string(hide_password=True)
    try:
        database.upgrade()
    except SQLAlchemyError as error:
        database.dispose()
        reason = (str(error).splitlines() or [type(error).__name__])[0]
        raise _unavailable(where, reason) from error
    try:
        yield database
    finally:
        database.dispose()


@app.command("upgrade")
def upgrade() -> None:
    """Create or migrate the database to the newest schema. 创建数据库或升级到最新结构。"""
    with open_database() as database:
        revision = database.current_revision()
        where = database.url.render_as_string(hide_password=True)
    Console(soft_wrap=True, highlight=False).print(
        Text(f"{where}: schema revision {revision} / 数据库结构版本 {revision}", style="bold green")
    )


def _unavailable(where: str, reason: str) -> Unavailable:
    return Unavailable(
        f"cannot open the database {where} ({reason}); check KEFU_DATABASE_URL and that the server is up",
        f"无法打开数据库 {where}（{reason}）；请检查 KEFU_DATABASE_URL 以及数据库服务是否运行",
        code="database_unavailable",
    )
