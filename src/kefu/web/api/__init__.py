"""The REST API under ``/api/v1`` (OpenAPI at ``/api/v1/openapi.json``, docs at ``/api/docs``), and the
health checks at the root.

search     GET /search, GET /suggest
articles   GET /articles, GET /articles/{locale}/{slug}, GET /categories
feedback   POST /feedback, POST /clicks
reports    GET /reports/searches (admin token)
me         GET/POST /me/cases..., POST /me/complaints (the wallet app's signed customer; see me.py)
evidence   POST/GET /me/cases/{number}/evidence, GET /me/evidence/{id} (files on a case or complaint)
me_pass    the same under /my, for the My cases pages holding a chat pass (cookie or Bearer)
customers  PUT /customers/{external_id} (the wallet backend's token)
health     GET /healthz (the process answers), GET /readyz (database reachable and search index built)
"""

from __future__ import annotations

from fastapi import APIRouter

from kefu.web.api.articles import router as articles_router
from kefu.web.api.customers import router as customers_router
from kefu.web.api.evidence import router as evidence_router
from kefu.web.api.feedback import router as feedback_router
from kefu.web.api.health import router as health_router
from kefu.web.api.me import router as me_router
from kefu.web.api.me_pass import router as me_pass_router
from kefu.web.api.reports import router as reports_router
from kefu.web.api.search import router as search_router

__all__ = ["api_router", "health_router"]

api_router = APIRouter()
for _router in (
    search_router,
    articles_router,
    feedback_router,
    reports_router,
    me_router,
    evidence_router,
    me_pass_router,
    customers_router,
):
    api_router.include_router(_router)
