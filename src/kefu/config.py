"""One Settings object for the whole program, read from ``KEFU_*`` environment variables.

Build it once at the edge (CLI command, app factory) with :func:`load_settings` and pass it down;
nothing reads the environment at import time.
"""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict, SettingsError

from kefu.errors import InvalidInput

__all__ = ["Settings", "load_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KEFU_", extra="ignore")

    #: Where kefu keeps its files (database, vector cache, uploads).
    data_dir: Path = Path("var")
    #: SQLAlchemy URL of the database; empty means the SQLite file ``<data_dir>/kefu.db``. Production:
    #: ``postgresql+psycopg://user@host/dbname``.
    database_url: str | None = None
    #: A directory of ``<slug>.<locale>.md`` articles; empty means the bundled starter help center.
    kb_dir: Path | None = None
    #: Dense encoders for search: any of ``use`` (USE-multilingual v3, the default: ~1–2 ms a query) and
    #: ``e5`` (multilingual-e5-small 4-bit: ~1 ms per token a query, measured not to pay; see
    #: docs/benchmarks.md). Empty turns dense retrieval off (lexical only).
    search_encoders: list[str] = ["use"]
    #: Where document vectors are cached by content hash; default ``<data_dir>/vectors``.
    vector_cache_dir: Path | None = None
    #: Threads each encoder may use (1 keeps one query on one core).
    encoder_threads: int = 1
    #: How often (seconds) each server process checks whether the articles changed and rebuilds search.
    kb_refresh_seconds: float = 2.0
    #: How often (seconds) each server process looks for due background jobs (stale and overdue cases);
    #: 0 turns the scheduler off in this process.
    scheduler_tick_seconds: float = 15.0
    #: Port of the SMTP receiver for support@ / complaints@ mail (``kefu serve --smtp-port``); 0 = off.
    smtp_port: int = 0
    #: Where ``kefu serve`` listens.
    host: str = "127.0.0.1"
    port: int = 8000
    #: Bearer token for the admin API (search reports hold what customers typed); unset turns it off.
    admin_token: str | None = None
    #: Shared with the wallet backend, which signs each customer's wallet id with it (HMAC-SHA256) so the
    #: app can open the customer's own cases (``/api/v1/me``); unset turns those endpoints off (503).
    identity_secret: str | None = None

    #: Which schedule of the calendar (src/kefu/calendar/data/calendar.yaml) human chat follows: ``agents``
    #: (8:00–22:00 Beijing time) by default; outside it customers leave a message.
    chat_hours: str = "agents"
    #: Bearer token the wallet backend uses for the customer API (``PUT /api/v1/customers/{id}``); unset
    #: turns that API off.
    backend_token: str | None = None
    #: Outgoing mail (chat transcripts, agents' replies, case emails): SMTP server host; unset = not sent.
    mail_host: str | None = None
    mail_port: int = 25
    mail_from: str = "support@kefu.localhost"
    mail_starttls: bool = False
    mail_username: str | None = None
    mail_password: str | None = None
    #: SMS gateway for notifications: ``POST {"to", "text"}`` with a bearer token; unset = SMS are logged.
    sms_gateway_url: str | None = None
    sms_gateway_token: str | None = None
    #: Demo mode (``kefu serve --demo``, what ``make serve`` runs): demo agent accounts, the demo wallet
    #: page at /demo, and an identity secret generated into the data directory when none is set.
    demo: bool = False

    def vector_cache(self) -> Path:
        return self.vector_cache_dir or (self.data_dir / "vectors")

    def uploads_dir(self) -> Path:
        return self.data_dir / "uploads"


def load_settings(**overrides: object) -> Settings:
    """Read settings from the environment, with explicit ``overrides`` winning.

    A variable that cannot be read raises :class:`~kefu.errors.InvalidInput` naming it, in both languages.
    """
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as error:
        detail = "; ".join(
            f"KEFU_{'_'.join(str(part) for part in e['loc']).upper()}: {e['msg']}" for e in error.errors()
        )
    except SettingsError as error:
        detail = f"{error} (lists are JSON, e.g. KEFU_SEARCH_ENCODERS='[\"use\"]')"
    raise InvalidInput(f"invalid setting: {detail}", f"环境变量设置有误：{detail}", code="invalid_settings")
