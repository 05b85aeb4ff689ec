"""Article feedback: "was this helpful?" votes with an optional comment, and their counts.

Unlike searches and clicks, a vote is written at once in the caller's session: the visitor is told it was
received, and a comment may be the only trace of a problem worth an editor's reply. Whether the article
exists is the caller's check (the help center knows its catalog; this module knows only the table).
"""

from __future__ import annotations

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from kefu.analytics.records import ArticleFeedback
from kefu.errors import Conflict, InvalidInput, NotFound
from kefu.store import utcnow

__all__ = ["MAX_COMMENT_CHARS", "add_comment", "feedback_counts", "record_feedback"]

#: A few paragraphs; longer is a pasted document, not feedback on one article.
MAX_COMMENT_CHARS = 2000

#: search_event.id is a 32-character hex id.
_SEARCH_ID_CHARS = 32


def record_feedback(
    session: Session,
    *,
    slug: str,
    locale: str,
    helpful: bool,
    comment: str = "",
    search_id: str | None = None,
) -> ArticleFeedback:
    """Store one vote (``.id`` is set on return); the comment is stripped and at most 2000 characters."""
    text = _clean_comment(comment)
    if search_id is not None and len(search_id) > _SEARCH_ID_CHARS:
        raise InvalidInput(
            "The search id is not valid: send the search_id a search returned, or leave it out.",
            "搜索编号无效：请使用搜索结果返回的 search_id，或不填写。",
            code="invalid_search_id",
        )
    feedback = ArticleFeedback(
        slug=slug,
        locale=locale,
        helpful=helpful,
        comment=text,
        search_id=search_id or None,
        created_at=utcnow(),
    )
    session.add(feedback)
    session.flush()
    return feedback


def add_comment(session: Session, *, vote_id: int, slug: str, locale: str, comment: str) -> ArticleFeedback:
    """Attach the comment a visitor wrote after voting to that vote (so a "no, because…" counts once).

    The vote must be for the same article and not have a comment yet.
    """
    text = _clean_comment(comment)
    vote = session.get(ArticleFeedback, vote_id)
    if vote is None or vote.slug != slug or vote.locale != locale:
        raise NotFound(
            "That vote was not found: vote again, then add your comment.",
            "没有找到这次评价，请重新评价后再留言。",
            code="vote_not_found",
        )
    if vote.comment:
        raise Conflict(
            "This vote already has a comment.",
            "这次评价已经有留言了。",
            code="vote_has_comment",
        )
    vote.comment = text
    session.flush()
    return vote


def feedback_counts(session: Session, slug: str, locale: str) -> tuple[int, int]:
    """(helpful, not helpful) votes for one article in one locale, all time."""
    helpful = func.coalesce(func.sum(case((ArticleFeedback.helpful, 1), else_=0)), 0)
    total = func.count(ArticleFeedback.id)
    row = session.execute(
        select(helpful, total).where(ArticleFeedback.slug == slug, ArticleFeedback.locale == locale)
    ).one()
    yes, votes = int(row[0]), int(row[1])
    return yes, votes - yes


def _clean_comment(comment: str) -> str:
    # NUL cannot be stored in PostgreSQL text and is never meant.
    text = (comment or "").replace("\x00", "").strip()
    if len(text) > MAX_COMMENT_CHARS:
        raise InvalidInput(
            f"The comment is too long ({len(text)} characters); keep it under {MAX_COMMENT_CHARS}.",
            f"留言过长（{len(text)} 个字符），请控制在 {MAX_COMMENT_CHARS} 个字符以内。",
            code="comment_too_long",
        )
    return text
