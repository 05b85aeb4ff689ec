"""Article feedback: a vote is stored at once, comments are cleaned and bounded, counts per article."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from kefu.analytics.feedback import MAX_COMMENT_CHARS, feedback_counts, record_feedback
from kefu.analytics.records import ArticleFeedback
from kefu.errors import InvalidInput
from kefu.store import Database


def test_a_vote_is_stored_with_its_id(database: Database) -> None:
    with database.session() as session:
        vote = record_feedback(
            session,
            slug="reset-pin",
            locale="en",
            helpful=False,
            comment="  Step 3 is out of date.\n",
            search_id="a" * 32,
        )
        assert vote.id is not None
        vote_id = vote.id
    with database.session() as session:
        stored = session.get(ArticleFeedback, vote_id)
        assert stored is not None
        assert (stored.slug, stored.locale, stored.helpful) == ("reset-pin", "en", False)
        assert stored.comment == "Step 3 is out of date."
        assert stored.search_id == "a" * 32
        assert stored.created_at is not None


def test_without_comment_or_search(database: Database) -> None:
    with database.session() as session:
        vote = record_feedback(session, slug="reset-pin", locale="zh-CN", helpful=True, search_id="")
    assert (vote.comment, vote.search_id) == ("", None)


def test_nul_is_removed_from_comments(database: Database) -> None:
    with database.session() as session:
        vote = record_feedback(session, slug="reset-pin", locale="en", helpful=True, comment="ok\x00 thanks")
    assert vote.comment == "ok thanks"


def test_the_longest_comment_is_taken_after_stripping(database: Database) -> None:
    comment = "  " + "长" * MAX_COMMENT_CHARS + "  "
    with database.session() as session:
        vote = record_feedback(session, slug="reset-pin", locale="zh-CN", helpful=True, comment=comment)
    assert len(vote.comment) == MAX_COMMENT_CHARS


def test_a_longer_comment_is_refused_in_both_languages(database: Database) -> None:
    with database.session() as session:
        with pytest.raises(InvalidInput) as raised:
            record_feedback(
                session, slug="reset-pin", locale="en", helpful=False, comment="x" * (MAX_COMMENT_CHARS + 1)
            )
        assert raised.value.code == "comment_too_long"
        assert "2001 characters" in raised.value.message_en
        assert "2001 个字符" in raised.value.message_zh
        assert session.scalars(select(ArticleFeedback)).all() == []


def test_a_search_id_that_cannot_be_one_is_refused(database: Database) -> None:
    with database.session() as session, pytest.raises(InvalidInput) as raised:
        record_feedback(session, slug="reset-pin", locale="en", helpful=True, search_id="x" * 33)
    assert raised.value.code == "invalid_search_id"
    assert "搜索编号" in raised.value.message_zh


def test_counts_per_article_and_locale(database: Database) -> None:
    with database.session() as session:
        assert feedback_counts(session, "reset-pin", "en") == (0, 0)
        for helpful in (True, True, False):
            record_feedback(session, slug="reset-pin", locale="en", helpful=helpful)
        record_feedback(session, slug="reset-pin", locale="zh-CN", helpful=False)
        record_feedback(session, slug="other", locale="en", helpful=True)
    with database.session() as session:
        assert feedback_counts(session, "reset-pin", "en") == (2, 1)
        assert feedback_counts(session, "reset-pin", "zh-CN") == (0, 1)
        assert feedback_counts(session, "other", "en") == (1, 0)
