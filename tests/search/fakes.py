"""Test doubles for the search engine's seams."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import numpy as np

from kefu.search.dense import Encoder


class CountingEncoder:
    """Implements the Encoder protocol: a deterministic unit vector per text, and a log of the passages
    it encoded."""

    dim = 8

    def __init__(self, name: str = "fake") -> None:
        self.name = name
        self.encoded: list[str] = []
        self.calls = 0

    def _vector(self, text: str) -> np.ndarray:
        seed = int.from_bytes(hashlib.sha256(f"{self.name}:{text}".encode()).digest()[:4], "little")
        v = np.random.default_rng(seed).standard_normal(self.dim).astype(np.float32)
        return v / np.linalg.norm(v)

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        self.calls += 1
        self.encoded.extend(texts)
        return np.stack([self._vector(t) for t in texts])

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        """Queries are not logged: ``encoded`` is what a vector cache asked for."""
        return np.stack([self._vector(t) for t in texts])


class MemoQueries:
    """Wraps a real encoder and remembers query vectors by text (passages go straight through).

    Encoding is deterministic, so this changes no result; it only spares re-encoding the same dev query
    for every engine a session builds over the same encoder.
    """

    def __init__(self, encoder: Encoder) -> None:
        self.inner = encoder
        self.name = encoder.name
        self.dim = encoder.dim
        self._queries: dict[str, np.ndarray] = {}

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        # one text at a time, as the engine asks, so batching cannot change a vector
        for text in texts:
            if text not in self._queries:
                self._queries[text] = self.inner.queries([text])[0]
        return np.stack([self._queries[t] for t in texts])

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return self.inner.passages(texts)
