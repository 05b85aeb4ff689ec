"""The starter's bundled document vectors: present, current, and seeded only into an empty cache."""

from __future__ import annotations

from pathlib import Path

from kefu.helpcenter.starter_vectors import bundled_vectors, seed_vector_cache
from kefu.kb.loader import load_directory, starter_dir
from kefu.search.engine import EngineConfig, SearchEngine
from search.fakes import CountingEncoder


def test_bundled_vectors_cover_every_starter_passage(tmp_path: Path) -> None:
    """Fails when a starter article changed without `python -m kefu.helpcenter.starter_vectors`."""
    assert seed_vector_cache(tmp_path, ["use"]) == ["use"]
    encoder = CountingEncoder("use")
    encoder.dim = 512  # the shipped USE vectors' width
    articles = load_directory(starter_dir()).articles
    SearchEngine.build(
        articles, EngineConfig(encoders=("use",), vector_cache=tmp_path), encoders={"use": encoder}
    )
    assert encoder.encoded == []


def test_seeding_never_overwrites_a_cache(tmp_path: Path) -> None:
    existing = tmp_path / "use-vectors.npz"
    existing.write_bytes(b"mine")
    assert seed_vector_cache(tmp_path, ["use", "e5"]) == []
    assert existing.read_bytes() == b"mine"
    assert bundled_vectors("use").stat().st_size > 100_000
