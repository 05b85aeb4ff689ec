"""POST /feedback ("Was this helpful?") and POST /clicks (a search result was opened)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends
from sqlalchemy.orm import Session

from kefu.analytics.feedback import add_comment, record_feedback
from kefu.errors import NotFound
from kefu.web.api.schemas import ClickIn, FeedbackIn, FeedbackOut
from kefu.web.services import Services, ServicesDep, db_session

__all__ = ["router"]

router = APIRouter(tags=["feedback"])


def _require_article(svc: Services, slug: str, locale: str) -> None:
    if svc.helpcenter.snapshot.catalog.get(slug, locale) is None:
        raise NotFound(
            f"No article {slug!r} in {locale}.",
            f"没有找到文章 {slug!r}（{locale}）。",
            code="article_not_found",
        )


@router.post("/feedback", response_model=FeedbackOut, status_code=201, summary="Vote on an article")
def post_feedback(
    body: FeedbackIn,
    svc: ServicesDep,
    session: Annotated[Session, Depends(db_session)],
) -> FeedbackOut:
    _require_article(svc, body.slug, body.locale)
    if body.vote_id is not None:
        vote = add_comment(
            session, vote_id=body.vote_id, slug=body.slug, locale=body.locale, comment=body.comment
        )
        return FeedbackOut(id=vote.id, slug=vote.slug, locale=vote.locale, helpful=vote.helpful)
    vote = record_feedback(
        session,
        slug=body.slug,
        locale=body.locale,
        helpful=body.helpful,
        comment=body.comment,
        search_id=body.search_id,
    )
    return FeedbackOut(id=vote.id, slug=vote.slug, locale=vote.locale, helpful=vote.helpful)


@router.post("/clicks", status_code=202, summary="Record that a search result was opened")
def post_click(body: ClickIn, svc: ServicesDep) -> dict[str, bool]:
    _require_article(svc, body.slug, body.locale)
    svc.recorder.click(body.search_id, body.slug, body.locale, body.rank)
    return {"accepted": True}
