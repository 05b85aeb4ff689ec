"""The on-disk vector cache (with a counting fake encoder) and the real USE encoder."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from kefu.search.dense import Encoder, VectorCache, make_encoder

from .fakes import CountingEncoder


def test_fake_encoder_satisfies_the_protocol() -> None:
    enc: Encoder = CountingEncoder()
    assert enc.passages(["a"]).shape == (1, enc.dim)


def test_encodes_only_missing_texts(tmp_path: Path) -> None:
    enc = CountingEncoder()
    cache = VectorCache(tmp_path, enc)
    first = cache.encode(["alpha", "beta"])
    assert sorted(enc.encoded) == ["alpha", "beta"]
    enc.encoded.clear()
    second = cache.encode(["beta", "gamma", "alpha"])
    assert enc.encoded == ["gamma"]
    np.testing.assert_array_equal(second[0], first[1])
    np.testing.assert_array_equal(second[2], first[0])


def test_rows_follow_the_input_order(tmp_path: Path) -> None:
    enc = CountingEncoder()
    texts = ["c", "a", "b", "a"]
    vectors = VectorCache(tmp_path, enc).encode(texts)
    assert vectors.shape == (4, enc.dim)
    assert vectors.dtype == np.float32
    for row, text in zip(vectors, texts, strict=True):
        np.testing.assert_allclose(row, enc._vector(text))


def test_duplicate_texts_are_encoded_once(tmp_path: Path) -> None:
    enc = CountingEncoder()
    VectorCache(tmp_path, enc).encode(["same", "same", "same"])
    assert enc.encoded == ["same"]


def test_count_missing(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, CountingEncoder())
    assert cache.count_missing(["a", "b", "b"]) == 2
    cache.encode(["a"])
    assert cache.count_missing(["a", "b", "c"]) == 2


def test_batches_and_progress(tmp_path: Path) -> None:
    enc = CountingEncoder()
    steps: list[int] = []
    VectorCache(tmp_path, enc).encode([f"t{i}" for i in range(10)], batch=4, progress=steps.append)
    assert steps == [4, 4, 2]
    assert enc.calls == 3


def test_no_texts(tmp_path: Path) -> None:
    enc = CountingEncoder()
    out = VectorCache(tmp_path, enc).encode([])
    assert out.shape == (0, enc.dim)
    assert enc.calls == 0


def test_persists_and_reloads(tmp_path: Path) -> None:
    texts = ["退款多久到账", "How long does a refund take", "提现"]
    first = VectorCache(tmp_path, CountingEncoder())
    vectors = first.encode(texts)
    first.save()
    assert (tmp_path / "fake-vectors.npz").is_file()

    enc = CountingEncoder()
    second = VectorCache(tmp_path, enc)
    assert second.count_missing(texts) == 0
    np.testing.assert_array_equal(second.encode(texts), vectors)
    assert enc.encoded == []


def test_save_creates_the_directory(tmp_path: Path) -> None:
    directory = tmp_path / "var" / "vectors"
    cache = VectorCache(directory, CountingEncoder())
    cache.encode(["a"])
    cache.save()
    assert (directory / "fake-vectors.npz").is_file()


def test_each_encoder_has_its_own_file_and_keys(tmp_path: Path) -> None:
    a = VectorCache(tmp_path, CountingEncoder("one"))
    a.encode(["text"])
    a.save()
    other = CountingEncoder("two")
    b = VectorCache(tmp_path, other)
    assert b.count_missing(["text"]) == 1
    b.encode(["text"])
    b.save()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one-vectors.npz", "two-vectors.npz"]
    assert other.encoded == ["text"]


def test_save_is_atomic_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, CountingEncoder())
    cache.encode(["a", "b"])
    cache.save()
    cache.encode(["c"])
    cache.save()
    assert [p.name for p in tmp_path.iterdir()] == ["fake-vectors.npz"]
    with np.load(tmp_path / "fake-vectors.npz") as data:
        assert len(data["keys"]) == 3
        assert data["vectors"].shape == (3, CountingEncoder.dim)


def test_save_writes_only_when_something_was_encoded(tmp_path: Path) -> None:
    cache = VectorCache(tmp_path, CountingEncoder())
    cache.encode(["a"])
    cache.save()
    (tmp_path / "fake-vectors.npz").unlink()
    cache.encode(["a"])  # cached: nothing new
    cache.save()
    assert not (tmp_path / "fake-vectors.npz").exists()


def test_a_failed_save_keeps_the_old_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = VectorCache(tmp_path, CountingEncoder())
    cache.encode(["a"])
    cache.save()
    before = (tmp_path / "fake-vectors.npz").read_bytes()
    cache.encode(["b"])

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError):
        cache.save()
    assert (tmp_path / "fake-vectors.npz").read_bytes() == before


def test_a_failed_save_leaves_no_temporary_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cache = VectorCache(tmp_path, CountingEncoder())
    cache.encode(["a"])

    def disk_full(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(np, "savez", disk_full)
    with pytest.raises(OSError):
        cache.save()
    assert list(tmp_path.iterdir()) == []


def test_without_a_directory_nothing_is_written(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    cache = VectorCache(None, CountingEncoder())
    cache.encode(["a"])
    cache.save()
    assert cache.path is None
    assert list(tmp_path.iterdir()) == []


def _corrupt(path: Path, kind: str) -> None:
    if kind == "garbage":
        path.write_bytes(b"this is not a numpy file at all" * 4)
    elif kind == "foreign npz":
        np.savez(path, something=np.arange(3))
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        np.savez(path, keys=np.array(["k1", "k2"]), vectors=np.ones((2, CountingEncoder.dim)))
        data = path.read_bytes()
        path.write_bytes(data[: len(data) // 2])


def _check_ignored(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    enc = CountingEncoder()
    with caplog.at_level(logging.WARNING, logger="kefu.search"):
        cache = VectorCache(tmp_path, enc)
    assert any("vector cache" in r.getMessage() for r in caplog.records)
    assert cache.count_missing(["a"]) == 1
    cache.encode(["a"])
    assert enc.encoded == ["a"]
    cache.save()  # and the next save replaces the bad file with a good one
    assert VectorCache(tmp_path, CountingEncoder()).count_missing(["a"]) == 0


@pytest.mark.parametrize("kind", ["garbage", "foreign npz"])
def test_a_corrupt_cache_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    _corrupt(tmp_path / "fake-vectors.npz", kind)
    _check_ignored(tmp_path, caplog)


@pytest.mark.parametrize("kind", ["empty", "truncated"])
def test_a_torn_cache_file_is_ignored_with_a_warning(
    tmp_path: Path, caplog: pytest.LogCaptureFixture, kind: str
) -> None:
    _corrupt(tmp_path / "fake-vectors.npz", kind)
    _check_ignored(tmp_path, caplog)


def test_unknown_encoder_name() -> None:
    with pytest.raises(ValueError, match="unknown encoder"):
        make_encoder("bert")


def test_use_encoder_puts_similar_sentences_close_across_languages(use_encoder: Encoder) -> None:
    assert use_encoder.name == "use"
    queries = use_encoder.queries(
        ["忘记支付密码怎么办", "how do I freeze my account after my phone was stolen"]
    )
    passages = use_encoder.passages(
        [
            "How to reset a forgotten payment PIN",  # 0: same as query 0, other language
            "重置忘记的支付密码",  # 1: same as query 0, same language
            "手机被偷后冻结账户",  # 2: same as query 1, other language
            "Freeze your account when your phone is lost",  # 3: same as query 1, same language
            "今天天气很好，我们去公园散步吧",  # 4: unrelated
            "The best pizza recipe uses fresh tomatoes",  # 5: unrelated
        ]
    )
    assert queries.shape == (2, use_encoder.dim)
    assert passages.shape == (6, use_encoder.dim)
    np.testing.assert_allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-5)
    sims = queries @ passages.T
    topics = {0: [0, 1], 1: [2, 3]}
    unrelated = [4, 5]
    for q, related in topics.items():
        assert sims[q, related].min() > sims[q, unrelated].max() + 0.2
    # and each query is nearer its own topic than the other one
    assert sims[0, topics[0]].min() > sims[0, topics[1]].max()
    assert sims[1, topics[1]].min() > sims[1, topics[0]].max()
