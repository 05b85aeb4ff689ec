"""``kefu serve``: the help center, the API and (later) chat and the consoles, on http://127.0.0.1:8000.

Before any worker starts, this process migrates the database and, on first start, imports the starter help
center, so several workers never race on either. Each worker then runs :func:`kefu.web.app.create_app`
(uvicorn's factory mode), builds its search index from the database and serves.
"""

from __future__ import annotations

import os
import secrets
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from kefu.config import Settings, load_settings

__all__ = ["app", "log_config"]

app = typer.Typer()


@app.command()
def serve(
    host: Annotated[
        str | None, typer.Option(help="Address to listen on (KEFU_HOST, default 127.0.0.1).")
    ] = None,
    port: Annotated[
        int | None, typer.Option(help="Port (KEFU_PORT, default 8000).", min=1, max=65535)
    ] = None,
    workers: Annotated[int, typer.Option(help="Worker processes (one per core is a good start).", min=1)] = 1,
    log_level: Annotated[str, typer.Option(help="debug, info, warning or error.")] = "info",
    smtp_port: Annotated[
        int | None,
        typer.Option(help="Also receive support@ / complaints@ mail here (KEFU_SMTP_PORT).", min=0),
    ] = None,
    demo: Annotated[
        bool,
        typer.Option(help="Demo accounts, the demo wallet page at /demo and a generated identity secret."),
    ] = False,
) -> None:
    """Run the server: help center, REST API (/api/docs), health checks. 启动服务。"""
    from kefu.kb.library import ensure_articles
    from kefu.store import Database, database_url

    given: dict[str, object] = {"host": host, "port": port, "smtp_port": smtp_port}
    if demo:
        given["demo"] = True
    settings = load_settings(**{k: v for k, v in given.items() if v is not None})
    console = Console(stderr=True, highlight=False)
    database = Database(database_url(settings))
    database.upgrade()
    with database.session() as session:
        report = ensure_articles(session, settings.kb_dir)
    if report is not None:
        console.print(Text(f"Imported {len(report.added)} articles into the new knowledge base."))
    demo_agents = _prepare_demo(settings, database) if settings.demo else []
    # Workers start fresh interpreters: cap BLAS threads before their numpy loads (see web.app.open_services).
    for variable in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
        os.environ.setdefault(variable, str(settings.encoder_threads))
    # Workers read their settings from the environment: hand them what was decided here.
    os.environ["KEFU_HOST"], os.environ["KEFU_PORT"] = settings.host, str(settings.port)
    token = settings.admin_token
    if not token:
        token = secrets.token_urlsafe(24)
        os.environ["KEFU_ADMIN_TOKEN"] = token
    base = f"http://{settings.host}:{settings.port}"
    console.print(Text("kefu 客服 is starting — open:", style="bold"))
    console.print(Text(f"  help center 帮助中心   {base}/"))
    console.print(Text(f"  API docs 接口文档      {base}/api/docs"))
    console.print(Text(f"  reports token 报表令牌  {token}  (Authorization: Bearer …)"))
    console.print(Text(f"  database 数据库        {database.url.render_as_string(hide_password=True)}"))
    if settings.demo:
        console.print(Text(f"  demo wallet 演示钱包   {base}/demo"))
        console.print(Text(f"  agent console 坐席台   {base}/console  (demo accounts 演示账号:)"))
        for account in demo_agents:
            console.print(Text(f"      {account.username:<12} {account.password:<24} {account.role}"))
    smtp = None
    if settings.smtp_port:
        # one receiver for the whole server, in this process (workers would fight over the port)
        from kefu.attachments import LocalStorage
        from kefu.channels.email import start_smtp_server

        storage = LocalStorage(settings.uploads_dir())
        smtp = start_smtp_server(database, settings.host, settings.smtp_port, storage=storage)
        console.print(Text(f"  email 邮件            smtp://{settings.host}:{settings.smtp_port}"))
    else:
        database.dispose()
    try:
        _run(settings, workers, log_level)
    finally:
        if smtp is not None:
            smtp.stop()
            database.dispose()


def _prepare_demo(settings: Settings, database: Any) -> list[Any]:
    """Demo mode: demo agents and customers (first start only) and an identity secret the demo wallet page
    can sign with, kept in the data directory so passes survive restarts; workers get it by environment."""
    from kefu.agents.accounts import demo_accounts, ensure_demo_agents
    from kefu.identity.demo import ensure_demo_customers

    os.environ["KEFU_DEMO"] = "1"
    if not settings.identity_secret:
        path = settings.data_dir / "identity-secret"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32), "utf-8")
            path.chmod(0o600)
        os.environ["KEFU_IDENTITY_SECRET"] = path.read_text("utf-8").strip()
    with database.session() as session:
        ensure_demo_agents(session)
        ensure_demo_customers(session)
    return demo_accounts()


def _run(settings: Settings, workers: int, log_level: str) -> None:
    import uvicorn

    uvicorn.run(
        "kefu.web.app:create_app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=workers,
        log_config=log_config(log_level),
        access_log=False,  # kefu.access logs each request with its id instead
        server_header=False,
    )


def log_config(level: str = "info") -> dict[str, Any]:
    """Logging for the server: one line per record, with the request id when there is one."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "kefu.web.middleware.RequestIdFilter"}},
        "formatters": {
            "default": {"format": "%(asctime)s %(levelname)-7s %(name)s [%(request_id)s] %(message)s"},
        },
        "handlers": {
            "default": {
                "class": "logging.StreamHandler",
                "formatter": "default",
                "filters": ["request_id"],
                "stream": "ext://sys.stderr",
            },
        },
        "loggers": {
            "": {"handlers": ["default"], "level": level.upper()},
            "uvicorn": {"level": level.upper()},
            "uvicorn.error": {"level": level.upper()},
            "jieba": {"level": "WARNING"},
        },
    }
