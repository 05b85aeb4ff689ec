"""The quality bars on the labelled dev queries, with the default engine over the shared corpus.

Bars: MRR@10 ≥ 0.92 in each locale and Recall@3 ≥ 0.97 overall; off-topic chit-chat mostly gets
confidence "none"; when the engine says "clear", its top hit is right at least 90% of the time.
(Timing belongs to ``bench/``, not here.)
"""

from __future__ import annotations

import pytest

from kefu.search.engine import SearchEngine
from kefu.search.evaluation import LabelledQuery, Report, evaluate, read_queries
from kefu.search.results import SearchResponse

from .corpus import OFFTOPIC_QUERIES, needs_shared_kb

pytestmark = needs_shared_kb


@pytest.fixture(scope="module")
def report(dev_responses: list[tuple[LabelledQuery, SearchResponse]]) -> Report:
    """The evaluation of the session's dev-query responses (searched once, shared with other modules)."""
    answers = {(q.query, q.locale): r for q, r in dev_responses}

    def rank(query: str, locale: str, limit: int) -> list[tuple[str, str]]:
        return [(h.slug, h.locale) for h in answers[(query, locale)].hits[:limit]]

    return evaluate([q for q, _ in dev_responses], rank)


def misses(report: Report, locale: str | None = None) -> list[str]:
    return [
        f"{o.query.id} {o.query.query!r} want {o.query.relevant[0]} got {o.ranking[:3]}"
        for o in report.misses()
        if locale is None or o.query.locale == locale
    ]


def test_the_labels_name_real_articles(shared_engine: SearchEngine, dev_queries: list[LabelledQuery]) -> None:
    assert {q.locale for q in dev_queries} == {"zh-CN", "en"}
    known = {(a.slug, a.locale) for a in shared_engine.articles()}
    for q in dev_queries:
        assert q.relevant, q.id
        assert all((slug, q.locale) in known for slug in q.relevant), q.id


@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_mrr_at_10_per_locale(report: Report, locale: str) -> None:
    metrics = report.by_locale[locale]
    assert metrics.n > 0
    assert metrics.mrr >= 0.92, "\n".join(misses(report, locale))


def test_recall_at_3_overall(report: Report) -> None:
    assert report.overall.n == len(report.outcomes)
    assert report.overall.r3 >= 0.97, "\n".join(misses(report))


def test_every_answer_is_in_the_top_10(report: Report) -> None:
    lost = [o.query.id for o in report.outcomes if o.rank is None]
    assert report.overall.r10 >= 0.99, lost


def test_hits_are_answered_in_the_asked_locale(report: Report) -> None:
    for outcome in report.outcomes:
        assert {loc for _, loc in outcome.ranking} == {outcome.query.locale}


def test_off_topic_queries_mostly_get_no_confidence(shared_engine: SearchEngine) -> None:
    queries = read_queries(OFFTOPIC_QUERIES)
    assert queries
    labels = {q.query: shared_engine.search(q.query, q.locale).confidence for q in queries}
    confident = {query: label for query, label in labels.items() if label != "none"}
    assert sum(1 for label in labels.values() if label == "none") >= 0.8 * len(labels), confident


def test_clear_answers_are_right(dev_responses: list[tuple[LabelledQuery, SearchResponse]]) -> None:
    clear = [(q, r) for q, r in dev_responses if r.confidence == "clear"]
    assert len(clear) >= len(dev_responses) // 3, "'clear' should not be (almost) never said"
    wrong = [f"{q.id} {q.query!r} → {r.hits[0].slug}" for q, r in clear if r.hits[0].slug not in q.relevant]
    assert len(clear) - len(wrong) >= 0.9 * len(clear), "\n".join(wrong)


def test_confidence_labels_are_consistent(dev_responses: list[tuple[LabelledQuery, SearchResponse]]) -> None:
    for _, response in dev_responses:
        assert response.confidence in ("clear", "ambiguous", "none")
        assert 0.0 <= response.confidence_score <= 1.0
        if response.confidence == "ambiguous":
            assert 2 <= len(response.candidates) <= 3
            assert response.candidates == [h.slug for h in response.hits[: len(response.candidates)]]
        else:
            assert response.candidates == []
