"""A BM25F inverted index over weighted fields, stored as one sparse matrix.

Each document has several fields (title, tags, body, ...). A term's frequency is length-normalised per
field, weighted by the field's weight and summed (BM25F), then saturated with ``k1`` and multiplied by the
term's IDF. The result is a documents × terms CSC matrix, so scoring a query is a sparse column gather and
a dot product with the query's term weights.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["FieldSpec", "LexicalIndex"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    weight: float
    b: float = 0.75


class LexicalIndex:
    """BM25F over ``docs``: a list of ``{field: Counter(term → tf)}``."""

    def __init__(
        self,
        docs: Sequence[Mapping[str, Counter[str]]],
        fields: Mapping[str, FieldSpec],
        *,
        k1: float = 1.2,
    ) -> None:
        self.n_docs = len(docs)
        self.vocabulary: dict[str, int] = {}
        for doc in docs:
            for counts in doc.values():
                for term in counts:
                    self.vocabulary.setdefault(term, len(self.vocabulary))
        n_terms = max(len(self.vocabulary), 1)
        combined = sparse.csr_matrix((self.n_docs, n_terms), dtype=np.float64)
        for name, spec in fields.items():
            combined = combined + spec.weight * self._field_matrix(docs, name, spec.b, n_terms)
        combined = combined.tocsr()
        df = np.bincount(combined.indices, minlength=n_terms).astype(np.float64)
        self.df = df
        idf = np.log(1.0 + (self.n_docs - df + 0.5) / (df + 0.5))
        tf = combined.data
        combined.data = idf[combined.indices] * tf * (k1 + 1.0) / (k1 + tf)
        self.idf = idf
        self.matrix = combined.tocsc().astype(np.float32)

    def _field_matrix(self, docs: Sequence[Mapping[str, Counter[str]]], name: str, b: float, n_terms: int):  # type: ignore[no-untyped-def]
        rows: list[int] = []
        cols: list[int] = []
        vals: list[float] = []
        lengths = np.array([sum(doc.get(name, Counter()).values()) for doc in docs], dtype=np.float64)
        avg = lengths.mean() if len(lengths) and lengths.mean() > 0 else 1.0
        for i, doc in enumerate(docs):
            counts = doc.get(name)
            if not counts:
                continue
            norm = 1.0 - b + b * lengths[i] / avg
            for term, tf in counts.items():
                rows.append(i)
                cols.append(self.vocabulary[term])
                vals.append(tf / norm)
        return sparse.csr_matrix((vals, (rows, cols)), shape=(self.n_docs, n_terms), dtype=np.float64)

    def term_ids(self, weights: Mapping[str, float]) -> tuple[np.ndarray, np.ndarray]:
        ids, ws = [], []
        for term, w in weights.items():
            tid = self.vocabulary.get(term)
            if tid is not None and w:
                ids.append(tid)
                ws.append(w)
        return np.array(ids, dtype=np.int64), np.array(ws, dtype=np.float32)

    def score(self, weights: Mapping[str, float]) -> np.ndarray:
        """BM25F score of every document for a query given as ``{term: weight}``."""
        ids, ws = self.term_ids(weights)
        if len(ids) == 0:
            return np.zeros(self.n_docs, dtype=np.float32)
        return np.asarray(self.matrix[:, ids] @ ws).ravel()

    def contains(self, term: str) -> bool:
        return term in self.vocabulary
