"""A BM25F inverted index over weighted fields, stored as one sparse matrix.

Each document has several fields (title, tags, body, ...). A term's frequency is length-normalised per
field, weighted by the field's weight and summed (BM25F), then saturated with ``k1`` and multiplied by the
term's IDF. The result is a documents × terms CSC matrix, so scoring a query is a sparse column gather and
a dot product with the query's term weights.

Documents are consumed one at a time into compact arrays, so building never holds every document's term
counts as Python objects at once (at 100,000 articles that difference is gigabytes).
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

__all__ = ["FieldSpec", "LexicalIndex"]


@dataclass(frozen=True, slots=True)
class FieldSpec:
    weight: float
    b: float = 0.75


class _FieldPostings:
    """(document, term, tf) triples of one field, and each document's field length."""

    def __init__(self) -> None:
        self.rows = array("i")
        self.cols = array("i")
        self.tfs = array("f")
        self.lengths = array("f")


class LexicalIndex:
    """BM25F over ``docs``: an iterable of ``{field: Counter(term → tf)}``."""

    def __init__(
        self,
        docs: Iterable[Mapping[str, Counter[str]]],
        fields: Mapping[str, FieldSpec],
        *,
        k1: float = 1.2,
    ) -> None:
        self.vocabulary: dict[str, int] = {}
        postings = {name: _FieldPostings() for name in fields}
        n_docs = 0
        for i, doc in enumerate(docs):
            n_docs = i + 1
            for name, field in postings.items():
                counts = doc.get(name) or Counter()
                field.lengths.append(float(sum(counts.values())))
                for term, tf in counts.items():
                    field.rows.append(i)
                    field.cols.append(self.vocabulary.setdefault(term, len(self.vocabulary)))
                    field.tfs.append(float(tf))
        self.n_docs = n_docs
        n_terms = max(len(self.vocabulary), 1)
        combined = sparse.csr_matrix((n_docs, n_terms), dtype=np.float32)
        for name, spec in fields.items():
            combined = combined + spec.weight * _field_matrix(postings.pop(name), spec.b, n_docs, n_terms)
        combined = combined.tocsr()
        df = np.bincount(combined.indices, minlength=n_terms).astype(np.float64)
        self.df = df
        idf = np.log(1.0 + (n_docs - df + 0.5) / (df + 0.5))
        tf = combined.data
        combined.data = (idf[combined.indices] * tf * (k1 + 1.0) / (k1 + tf)).astype(np.float32)
        self.idf = idf
        self.matrix = combined.tocsc()

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


def _field_matrix(field: _FieldPostings, b: float, n_docs: int, n_terms: int) -> sparse.csr_matrix:
    lengths = np.frombuffer(field.lengths, dtype=np.float32).astype(np.float64)
    avg = float(lengths.mean()) if len(lengths) and lengths.mean() > 0 else 1.0
    norm = 1.0 - b + b * lengths / avg
    rows = np.frombuffer(field.rows, dtype=np.int32)
    cols = np.frombuffer(field.cols, dtype=np.int32)
    tfs = np.frombuffer(field.tfs, dtype=np.float32) / norm[rows]
    return sparse.csr_matrix((tfs.astype(np.float32), (rows, cols)), shape=(n_docs, n_terms))
