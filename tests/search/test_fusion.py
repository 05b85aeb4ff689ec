"""Score fusion (z-scores with weights) and the calibrated confidence."""

from __future__ import annotations

import numpy as np
import pytest

from kefu.search.fusion import Calibration, FusionWeights, fuse, zscore


def test_zscore_has_zero_mean_and_unit_spread() -> None:
    z = zscore(np.array([1.0, 2.0, 3.0, 10.0]))
    assert z.dtype == np.float32
    assert z.mean() == pytest.approx(0.0, abs=1e-6)
    assert z.std() == pytest.approx(1.0, abs=1e-5)
    assert list(np.argsort(z)) == [0, 1, 2, 3]


def test_zscore_of_a_constant_vector_is_zeros() -> None:
    np.testing.assert_array_equal(zscore(np.full(5, 3.7)), np.zeros(5))
    np.testing.assert_array_equal(zscore(np.zeros(4)), np.zeros(4))


@pytest.mark.parametrize("values", [[], [4.2]])
def test_zscore_of_fewer_than_two_values_is_zeros(values: list[float]) -> None:
    z = zscore(np.array(values, dtype=np.float64))
    assert z.shape == (len(values),)
    assert not z.any()


def test_zscore_is_scale_and_shift_invariant() -> None:
    x = np.array([0.1, 0.5, 0.2, 0.9])
    np.testing.assert_allclose(zscore(x), zscore(100 * x - 7), atol=1e-5)


def test_fuse_adds_weighted_zscores() -> None:
    a = np.array([1.0, 2.0, 3.0])
    b = np.array([3.0, 1.0, 2.0])
    fused = fuse({"lexical": a, "use:doc": b}, FusionWeights({"lexical": 2.0, "use:doc": 0.5}))
    np.testing.assert_allclose(fused, 2.0 * zscore(a) + 0.5 * zscore(b), atol=1e-6)


def test_fuse_respects_weights() -> None:
    a = np.array([1.0, 0.0, 0.0])  # signal a prefers doc 0
    b = np.array([0.0, 1.0, 0.0])  # signal b prefers doc 1
    assert np.argmax(fuse({"a": a, "b": b}, FusionWeights({"a": 2.0, "b": 1.0}))) == 0
    assert np.argmax(fuse({"a": a, "b": b}, FusionWeights({"a": 1.0, "b": 2.0}))) == 1


def test_fuse_is_independent_of_each_signals_scale() -> None:
    a = np.array([1.0, 0.0, 0.0])
    b = np.array([0.0, 1.0, 0.0])
    w = FusionWeights({"a": 1.0, "b": 1.1})
    assert np.argmax(fuse({"a": 1000 * a, "b": b}, w)) == 1


def test_fuse_ignores_zero_weight_and_unknown_signals() -> None:
    a = np.array([1.0, 2.0, 3.0])
    noise = np.array([100.0, -50.0, 0.0])
    w = FusionWeights({"a": 1.0, "off": 0.0})
    expected = fuse({"a": a}, w)
    np.testing.assert_allclose(fuse({"a": a, "off": noise}, w), expected)
    np.testing.assert_allclose(fuse({"a": a, "not-in-weights": noise}, w), expected)


def test_fuse_with_no_weighted_signal_is_zeros() -> None:
    out = fuse({"off": np.array([1.0, 2.0])}, FusionWeights({}))
    np.testing.assert_array_equal(out, [0.0, 0.0])
    assert fuse({}, FusionWeights()).shape == (0,)


def test_default_weights_know_the_engine_signals() -> None:
    w = FusionWeights()
    for signal in ("lexical", "use:doc", "use:title", "use:section"):
        assert w.get(signal) > 0
    assert w.get("nonexistent") == 0.0


# ------------------------------------------------------------------ confidence
CAL = Calibration()


def test_probability_grows_with_top_score_and_gap() -> None:
    assert CAL.probability(2.0, 1.0) > CAL.probability(1.0, 1.0)
    assert CAL.probability(1.0, 1.0) > CAL.probability(1.0, 0.1)
    assert 0.0 < CAL.probability(-5.0, 0.0) < CAL.probability(5.0, 5.0) < 1.0


def test_no_scores_is_none() -> None:
    assert CAL.judge([]) == ("none", 0.0, 0)


def test_none_below_the_similarity_floor_even_for_a_dominant_top() -> None:
    scores = [3.0, 0.0, -0.5, -1.0]
    label, p, n = CAL.judge(scores, similarity=CAL.similarity_floor - 0.01)
    assert (label, n) == ("none", 0)
    assert p <= 0.1


def test_without_dense_the_lexical_floor_decides_matching() -> None:
    scores = [3.0, 0.0, -0.5]
    assert CAL.judge(scores, lexical=CAL.lexical_floor - 0.1)[0] == "none"
    assert CAL.judge(scores, lexical=CAL.lexical_floor + 0.1)[0] == "clear"


def test_clear_for_a_dominant_top() -> None:
    scores = [3.0, 0.5, 0.4, 0.0]  # top far above the rest (fused z-scores per unit of weight)
    label, p, n = CAL.judge(scores, similarity=0.6)
    assert label == "clear"
    assert p >= CAL.clear
    assert n == 1


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ([0.5, 0.45, 0.4, -1.0], 3),  # three close together
        ([0.5, 0.45, -1.0, -1.2], 2),  # two close, the third far behind
        ([0.5, -0.5, -0.8, -1.0], 2),  # always at least two to choose from
    ],
)
def test_ambiguous_offers_two_or_three_candidates(scores: list[float], expected: int) -> None:
    label, p, n = CAL.judge(scores, similarity=0.5)
    assert label == "ambiguous"
    assert p < CAL.clear
    assert n == expected


def test_ambiguous_never_offers_more_than_three() -> None:
    label, _, n = CAL.judge([0.3, 0.3, 0.3, 0.3, 0.3, 0.3], similarity=0.5)
    assert label == "ambiguous" and n == 3


def test_a_single_candidate_uses_its_score_as_the_gap() -> None:
    label, p, n = CAL.judge([3.0], similarity=0.5)
    assert label == "clear" and n == 1
    assert p == pytest.approx(CAL.probability(3.0, 3.0))


def test_a_keyword_query_counts_lexical_evidence_when_the_encoder_cannot_place_it() -> None:
    scores = [3.0, 0.5, 0.2]
    assert CAL.judge(scores, similarity=0.15, lexical=9.0)[0] == "none"  # a sentence: trust the encoder
    assert CAL.judge(scores, similarity=0.15, lexical=9.0, keyword=True)[0] != "none"
    assert CAL.judge(scores, similarity=0.15, lexical=2.0, keyword=True)[0] == "none"  # nothing matched
