"""The app factory. ``kefu serve`` runs ``create_app`` in each worker process (uvicorn's ``--factory``).

Startup (the lifespan) does, in order: migrate the database, import the starter help center (or
``KEFU_KB_DIR``) when the article table is empty, build the search index, start the index watcher and the
analytics writer. Only then does uvicorn accept connections, so the first request is answered in full.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from functools import partial

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from threadpoolctl import threadpool_limits

from kefu import __version__
from kefu.analytics.recorder import Recorder
from kefu.attachments import LocalStorage
from kefu.cases.timers import close_answered, close_stale, overdue
from kefu.config import Settings, load_settings
from kefu.conversations.hours import use_schedule
from kefu.conversations.timers import apply_retention, end_idle
from kefu.helpcenter.live import from_database
from kefu.jobs.scheduler import Scheduler
from kefu.kb.library import ensure_articles
from kefu.notifications import LogSender, deliver_due
from kefu.notifications.senders import HttpSmsSender, Sender, SmtpSender
from kefu.search.dense import Encoder
from kefu.store import Database, database_url
from kefu.web.api import api_router, health_router
from kefu.web.cases import STATIC_DIR as CASES_STATIC_DIR
from kefu.web.cases import STATIC_PREFIX as CASES_STATIC
from kefu.web.cases import router as cases_pages_router
from kefu.web.chat import chat_router
from kefu.web.chat.hub import Hub
from kefu.web.chat.pages import STATIC_DIR as CHAT_STATIC_DIR
from kefu.web.chat.pages import router as chat_pages_router
from kefu.web.console import STATIC_DIR as CONSOLE_STATIC_DIR
from kefu.web.console import STATIC_PREFIX as CONSOLE_STATIC
from kefu.web.console import console_router
from kefu.web.errors import install_error_handlers
from kefu.web.helpcenter import STATIC_DIR, pages_router
from kefu.web.middleware import RequestIdMiddleware
from kefu.web.services import Services

__all__ = ["create_app"]

log = logging.getLogger("kefu.web")


def create_app(settings: Settings | None = None, *, encoders: dict[str, Encoder] | None = None) -> FastAPI:
    """The kefu web app. ``encoders`` lets tests share loaded search encoders between apps."""
    settings = settings or load_settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        services = open_services(settings, encoders=encoders)
        app.state.services = services
        try:
            yield
        finally:
            await services.hub.close()
            close_services(services)

    app = FastAPI(
        title="kefu API",
        version=__version__,
        summary="Bilingual (zh-CN / en) help center and customer-service API",
        lifespan=lifespan,
        docs_url="/api/docs",
        redoc_url=None,
        openapi_url="/api/v1/openapi.json",
    )
    install_error_handlers(app)
    app.add_middleware(RequestIdMiddleware)
    app.include_router(health_router)
    app.include_router(api_router, prefix="/api/v1")
    app.include_router(chat_router, prefix="/api/v1")
    app.mount("/static/chat", StaticFiles(directory=CHAT_STATIC_DIR), name="chat-static")
    app.mount(CASES_STATIC, StaticFiles(directory=CASES_STATIC_DIR), name="cases-static")
    app.mount(CONSOLE_STATIC, StaticFiles(directory=CONSOLE_STATIC_DIR), name="console-static")
    app.include_router(console_router)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    app.include_router(chat_pages_router)
    app.include_router(cases_pages_router)
    app.include_router(pages_router)
    return app


def open_services(settings: Settings, *, encoders: dict[str, Encoder] | None = None) -> Services:
    # One BLAS thread per encoder thread: several workers on a few cores each spawning a BLAS thread per
    # core oversubscribe the machine (measured: 5x slower searches under load; docs/benchmarks.md).
    threadpool_limits(limits=settings.encoder_threads, user_api="blas")
    use_schedule(settings.chat_hours)
    database = Database(database_url(settings))
    database.upgrade()
    with database.session() as session:
        report = ensure_articles(session, settings.kb_dir)
    if report is not None:
        log.info("imported %d articles into an empty knowledge base", len(report.added))
    helpcenter = from_database(database, settings, encoders)
    helpcenter.start()
    helpcenter.watch(settings.kb_refresh_seconds)
    recorder = Recorder(database)
    recorder.start()
    storage = LocalStorage(settings.uploads_dir())
    mailer = mail_sender(settings)
    scheduler = case_scheduler(database, settings, storage=storage, mailer=mailer)
    return Services(
        settings,
        database,
        helpcenter,
        recorder,
        scheduler,
        storage=storage,
        hub=Hub(database),
        mailer=mailer,
    )


def mail_sender(settings: Settings) -> Sender | None:
    if not settings.mail_host:
        return None
    return SmtpSender(
        settings.mail_host,
        settings.mail_port,
        settings.mail_from,
        starttls=settings.mail_starttls,
        username=settings.mail_username,
        password=settings.mail_password,
    )


def case_scheduler(
    database: Database,
    settings: Settings,
    *,
    storage: LocalStorage | None = None,
    mailer: Sender | None = None,
) -> Scheduler:
    """The background sweeps cases and chat need; every worker runs a scheduler, one holds each lease."""
    scheduler = Scheduler(database, tick=settings.scheduler_tick_seconds)
    scheduler.add("cases.close-stale", close_stale, timedelta(minutes=10))
    scheduler.add("cases.close-answered", close_answered, timedelta(hours=1))
    scheduler.add("cases.flag-overdue", overdue, timedelta(minutes=5))
    scheduler.add("conversations.end-idle", end_idle, timedelta(minutes=1))
    if storage is not None:
        scheduler.add(
            "conversations.retention", partial(apply_retention, storage=storage), timedelta(hours=6)
        )
    # Email goes out by SMTP when KEFU_MAIL_HOST is set, SMS through the gateway when KEFU_SMS_GATEWAY_URL
    # is; otherwise (and in-app, until the wallet's push is wired) they are logged: the outbox keeps them.
    senders: dict[str, Sender] = {channel: LogSender() for channel in ("sms", "email", "inapp")}
    if mailer is not None:
        senders["email"] = mailer
    if settings.sms_gateway_url:
        senders["sms"] = HttpSmsSender(settings.sms_gateway_url, settings.sms_gateway_token or "")
    scheduler.add("notifications.deliver", partial(deliver_due, senders=senders), timedelta(seconds=10))
    if settings.scheduler_tick_seconds > 0:
        scheduler.start()
    return scheduler


def close_services(services: Services) -> None:
    services.scheduler.close()
    services.recorder.close()
    services.helpcenter.close()
    services.database.dispose()
