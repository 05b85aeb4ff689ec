"""GET /reports/searches: the search report for KB editors, behind the admin token.

Search logs hold what customers typed (sometimes names, phone or card numbers), so the report is never
public: the request must carry ``Authorization: Bearer <KEFU_ADMIN_TOKEN>``. While no token is configured
the endpoint refuses everyone.
"""

from __future__ import annotations

import secrets
from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field
from sqlalchemy.orm import Session

from kefu.analytics.reports import search_report
from kefu.errors import PermissionDenied
from kefu.web.api._params import OptionalLocaleParam
from kefu.web.services import ServicesDep, db_session

__all__ = ["SearchReportOut", "require_admin", "router"]

router = APIRouter(tags=["reports"])

# auto_error=False: a missing header becomes our bilingual PermissionDenied, not FastAPI's English 403.
_bearer = HTTPBearer(auto_error=False, description="The server's KEFU_ADMIN_TOKEN")


class SearchTotalsOut(BaseModel):
    searches: int
    distinct_queries: int
    zero_result_rate: float = Field(description="Share of searches with no hits or confidence 'none'")
    low_confidence_rate: float = Field(description="Share of searches with confidence 'ambiguous'")
    click_through_rate: float = Field(description="Share of searches with at least one result clicked")
    mean_took_ms: float
    p95_took_ms: float


class QueryStatsOut(BaseModel):
    query: str = Field(description="The most frequent spelling as typed")
    normalized: str
    count: int
    zero_results: int
    click_through: float
    top_clicked: str | None


class UnansweredQueryOut(BaseModel):
    query: str
    normalized: str
    count: int


class AmbiguousQueryOut(BaseModel):
    query: str
    normalized: str
    count: int
    top_slugs: list[str] = Field(description="The first results of the latest such search")


class ArticleStatsOut(BaseModel):
    slug: str
    locale: str
    views: int
    clicks: int
    helpful: int
    not_helpful: int
    helpful_ratio: float | None


class SearchReportOut(BaseModel):
    days: int
    locale: str | None
    since: str = Field(description="Start of the window, ISO 8601 UTC")
    until: str = Field(description="End of the window, ISO 8601 UTC")
    totals: SearchTotalsOut
    top_queries: list[QueryStatsOut]
    zero_result: list[UnansweredQueryOut] = Field(description="Searches that found nothing usable")
    low_confidence: list[AmbiguousQueryOut]
    articles: list[ArticleStatsOut] = Field(description="Worst helpful ratio first among voted articles")


def require_admin(
    svc: ServicesDep,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> None:
    """Let the request through only with the configured admin token."""
    expected = svc.settings.admin_token
    given = credentials.credentials if credentials is not None else ""
    # compare_digest takes its time whatever matches; bytes because it refuses non-ASCII str.
    if not expected or not secrets.compare_digest(given.encode(), expected.encode()):
        raise PermissionDenied(
            "This report needs the admin token: send the header `Authorization: Bearer <KEFU_ADMIN_TOKEN>`.",
            "查看此报表需要管理员令牌：请在请求头中发送 `Authorization: Bearer <KEFU_ADMIN_TOKEN>`。",
            code="admin_token_required",
        )


@router.get(
    "/reports/searches",
    response_model=SearchReportOut,
    dependencies=[Depends(require_admin)],
    summary="Search report for KB editors (admin token)",
)
def searches_report(
    session: Annotated[Session, Depends(db_session)],
    locale: OptionalLocaleParam,
    days: Annotated[int, Query(ge=1, le=365, description="How many days back")] = 30,
    limit: Annotated[int, Query(ge=1, le=500, description="Rows per list")] = 20,
) -> dict[str, object]:
    return search_report(session, days=days, limit=limit, locale=locale).to_dict()
