"""The objects a server process builds once at startup and every request shares.

Routes get them through the :func:`services` dependency and a per-request database session through
:func:`db_session` (committed when the route returns normally, rolled back when it raises).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated

from fastapi import Depends, Request
from sqlalchemy.orm import Session

from kefu.analytics.recorder import Recorder
from kefu.attachments import Storage
from kefu.config import Settings
from kefu.helpcenter.live import LiveHelpCenter
from kefu.jobs.scheduler import Scheduler
from kefu.notifications.senders import Sender
from kefu.store import Database

if TYPE_CHECKING:
    from kefu.web.chat.hub import Hub

__all__ = ["DbSession", "Services", "ServicesDep", "db_session", "services"]


@dataclass
class Services:
    settings: Settings
    database: Database
    helpcenter: LiveHelpCenter
    recorder: Recorder
    scheduler: Scheduler
    #: Where chat files are kept (generated names under ``<data_dir>/uploads``).
    storage: Storage
    #: Wakes chat sockets and long polls when a conversation changes (in any worker).
    hub: Hub
    #: Outgoing email (transcripts), when KEFU_MAIL_HOST is set.
    mailer: Sender | None = None


def services(request: Request) -> Services:
    found: Services = request.app.state.services
    return found


async def _services_dependency(request: Request) -> Services:
    # async on purpose: FastAPI runs a sync dependency in the thread pool, a hand-off per request that
    # cost more than a cached search (measured with py-spy under load)
    return services(request)


def db_session(request: Request) -> Iterator[Session]:
    with services(request).database.session() as session:
        yield session


ServicesDep = Annotated[Services, Depends(_services_dependency)]
DbSession = Annotated[Session, Depends(db_session)]
