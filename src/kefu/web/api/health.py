"""GET /healthz (the process answers) and GET /readyz (it can serve: database reachable, index built)."""

from __future__ import annotations

import os
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy import text

from kefu import __version__
from kefu.web.services import ServicesDep

__all__ = ["router"]

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="Liveness")
def healthz() -> dict[str, str]:
    return {"status": "ok", "version": __version__}


@router.get("/readyz", summary="Readiness", responses={503: {"description": "Not ready"}})
def readyz(svc: ServicesDep) -> JSONResponse:
    checks: dict[str, Any] = {}
    try:
        with svc.database.engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        checks["database"] = "ok"
    except Exception as error:  # a readiness probe reports, it does not raise
        checks["database"] = f"error: {type(error).__name__}"
    live = svc.helpcenter
    if live.ready:
        snapshot = live.snapshot
        checks["search"] = {"revision": snapshot.revision, "articles": len(snapshot.catalog)}
    else:
        checks["search"] = "building"
    if live.last_error:
        checks["last_refresh_error"] = live.last_error
    ready = checks["database"] == "ok" and live.ready
    body = {"status": "ready" if ready else "not ready", "worker": os.getpid(), "checks": checks}
    return JSONResponse(body, status_code=200 if ready else 503)
