"""BM25F over weighted fields, on hand-built tiny corpora."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pytest

from kefu.search.lexical import FieldSpec, LexicalIndex

FIELDS = {"title": FieldSpec(3.0, 0.5), "body": FieldSpec(1.0, 0.75)}


def doc(title: str = "", body: str = "") -> dict[str, Counter[str]]:
    return {"title": Counter(title.split()), "body": Counter(body.split())}


def test_title_match_outranks_body_match() -> None:
    index = LexicalIndex(
        [
            doc("freeze account", "call the hotline now"),
            doc("close account", "freeze the hotline now"),
            doc("other thing", "nothing related here"),
        ],
        FIELDS,
    )
    scores = index.score({"freeze": 1.0})
    assert scores[0] > scores[1] > 0
    assert scores[2] == 0


def test_field_weight_decides_which_field_counts_more() -> None:
    docs = [doc("pin", "text text"), doc("text", "pin text")]
    title_heavy = LexicalIndex(docs, {"title": FieldSpec(3.0), "body": FieldSpec(1.0)})
    body_heavy = LexicalIndex(docs, {"title": FieldSpec(1.0), "body": FieldSpec(3.0)})
    assert np.argmax(title_heavy.score({"pin": 1.0})) == 0
    assert np.argmax(body_heavy.score({"pin": 1.0})) == 1


def test_idf_favours_the_rare_term() -> None:
    docs = [
        doc("", "card common"),
        doc("", "card rare"),
        doc("", "card common"),
        doc("", "card common"),
    ]
    index = LexicalIndex(docs, FIELDS)
    assert index.idf[index.vocabulary["rare"]] > index.idf[index.vocabulary["common"]]
    assert index.idf[index.vocabulary["common"]] > index.idf[index.vocabulary["card"]] > 0
    # the document with the rare word wins a query for both words
    scores = index.score({"rare": 1.0, "common": 1.0})
    assert int(np.argmax(scores)) == 1


def test_term_frequency_saturates() -> None:
    docs = [doc("", "pin x x x x x x x x x"), doc("", " ".join(["pin"] * 5 + ["x"] * 5)), doc("", "y")]
    index = LexicalIndex(docs, FIELDS, k1=1.2)
    once, five = index.score({"pin": 1.0})[:2]
    assert five > once
    assert five < 5 * once  # saturation: five mentions are not worth five times one


def test_longer_field_is_length_normalised() -> None:
    docs = [doc("", "pin"), doc("", "pin " + " ".join(["filler"] * 30)), doc("", "other")]
    scores = LexicalIndex(docs, FIELDS).score({"pin": 1.0})
    assert scores[0] > scores[1] > 0


def test_query_weights_scale_the_score() -> None:
    index = LexicalIndex([doc("pin", "reset"), doc("other", "text")], FIELDS)
    one = index.score({"pin": 1.0})
    half = index.score({"pin": 0.5})
    np.testing.assert_allclose(half, one / 2, rtol=1e-6)


def test_unknown_terms_score_zero() -> None:
    index = LexicalIndex([doc("pin", "reset"), doc("card", "link")], FIELDS)
    assert not index.contains("nowhere")
    np.testing.assert_array_equal(index.score({"nowhere": 1.0}), [0.0, 0.0])
    # an unknown term next to a known one changes nothing
    np.testing.assert_array_equal(index.score({"pin": 1.0, "nowhere": 5.0}), index.score({"pin": 1.0}))


def test_zero_weight_terms_are_ignored() -> None:
    index = LexicalIndex([doc("pin", "reset"), doc("card", "link")], FIELDS)
    np.testing.assert_array_equal(index.score({"pin": 0.0}), [0.0, 0.0])


def test_empty_query_scores_zero_for_every_document() -> None:
    index = LexicalIndex([doc("pin", "reset"), doc("card", "link"), doc("x", "y")], FIELDS)
    scores = index.score({})
    assert scores.shape == (3,)
    assert not scores.any()


def test_scores_are_one_per_document_and_non_negative() -> None:
    docs = [doc("a b", "c d e"), doc("b c", "a"), doc("", "")]
    index = LexicalIndex(docs, FIELDS)
    assert index.n_docs == 3
    scores = index.score({"a": 1.0, "b": 0.5, "c": 0.2})
    assert scores.shape == (3,)
    assert (scores >= 0).all()
    assert scores[2] == 0  # an empty document matches nothing


def test_a_missing_field_is_just_empty() -> None:
    index = LexicalIndex([{"title": Counter(["pin"])}, {"body": Counter(["pin"])}], FIELDS)
    scores = index.score({"pin": 1.0})
    assert scores[0] > scores[1] > 0


def test_empty_corpus() -> None:
    index = LexicalIndex([], FIELDS)
    assert index.n_docs == 0
    assert index.score({"pin": 1.0}).shape == (0,)


@pytest.mark.parametrize("k1", [0.5, 1.2, 2.0])
def test_ranking_is_independent_of_document_order(k1: float) -> None:
    docs = [doc("pin reset", "a b c"), doc("card", "pin pin d"), doc("limit", "e f"), doc("pin", "card")]
    query = {"pin": 1.0, "card": 0.4}
    forward = LexicalIndex(docs, FIELDS, k1=k1).score(query)
    backward = LexicalIndex(docs[::-1], FIELDS, k1=k1).score(query)[::-1]
    np.testing.assert_allclose(forward, backward, rtol=1e-6)
