"""Baseline rankers to compare kefu's engine against, each ``rank(query, locale, limit) → [(slug, locale)]``.

- :class:`PlainBM25`: textbook BM25 (k1=1.2, b=0.75) over title + body as one field. Chinese is cut into
  single characters and character bigrams, English into lowercased words; no stemming, no stopwords, no
  synonyms, no typo repair. Retrieval is in the query's locale.
- :class:`DenseOnly`: cosine similarity between the query and title + body, for one encoder
  (``use`` or ``e5``). Document vectors go through kefu's :class:`~kefu.search.dense.VectorCache`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from scipy import sparse

from kefu.kb import Article
from kefu.search.dense import VectorCache, make_encoder

__all__ = ["DenseOnly", "PlainBM25", "plain_tokens"]

_TOKEN = re.compile(r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<lat>[a-z0-9]+)")


def plain_tokens(text: str) -> list[str]:
    """Han runs → characters + bigrams; Latin/digit runs → lowercased words (after NFKC)."""
    out: list[str] = []
    for m in _TOKEN.finditer(unicodedata.normalize("NFKC", text).lower()):
        run = m.group(0)
        if m.group("lat"):
            out.append(run)
            continue
        out.extend(run)
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _doc_text(article: Article) -> str:
    return f"{article.title}\n{article.body}"


def _by_locale(articles: Iterable[Article]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = {}
    for article in articles:
        grouped.setdefault(article.locale, []).append(article)
    return grouped


class PlainBM25:
    def __init__(self, articles: Iterable[Article], *, k1: float = 1.2, b: float = 0.75) -> None:
        self._index = {loc: _BM25Index(arts, k1, b) for loc, arts in _by_locale(articles).items()}

    def __call__(self, query: str, locale: str, limit: int) -> list[tuple[str, str]]:
        return self._index[locale].rank(query, limit)


class _BM25Index:
    def __init__(self, articles: list[Article], k1: float, b: float) -> None:
        self.articles = articles
        counts = [Counter(plain_tokens(_doc_text(a))) for a in articles]
        self.vocab: dict[str, int] = {}
        rows: list[int] = []
        cols: list[int] = []
        tfs: list[int] = []
        for i, c in enumerate(counts):
            for term, count in c.items():
                rows.append(i)
                cols.append(self.vocab.setdefault(term, len(self.vocab)))
                tfs.append(count)
        n = len(articles)
        lengths = np.array([sum(c.values()) for c in counts], dtype=np.float64)
        tf = np.array(tfs, dtype=np.float64)
        norm = k1 * (1 - b + b * lengths[rows] / lengths.mean())
        df = np.bincount(cols, minlength=len(self.vocab)).astype(np.float64)
        idf = np.log(1 + (n - df + 0.5) / (df + 0.5))
        weights = idf[cols] * tf * (k1 + 1) / (tf + norm)
        self.matrix = sparse.csc_matrix((weights, (rows, cols)), shape=(n, len(self.vocab)))

    def rank(self, query: str, limit: int) -> list[tuple[str, str]]:
        q = Counter(t for t in plain_tokens(query) if t in self.vocab)
        if not q:
            return []
        ids = np.array([self.vocab[t] for t in q])
        scores = np.asarray(self.matrix[:, ids] @ np.array(list(q.values()), dtype=np.float64)).ravel()
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(self.articles[i].slug, self.articles[i].locale) for i in order]


class DenseOnly:
    def __init__(self, articles: Iterable[Article], encoder: str, cache_dir: Path | None) -> None:
        self.encoder = make_encoder(encoder, 1)
        cache = VectorCache(cache_dir, self.encoder)
        self._index = {}
        for locale, arts in _by_locale(articles).items():
            self._index[locale] = (arts, cache.encode([_doc_text(a) for a in arts]))
        cache.save()

    def __call__(self, query: str, locale: str, limit: int) -> list[tuple[str, str]]:
        arts, matrix = self._index[locale]
        scores = matrix @ self.encoder.queries([query])[0]
        order = np.argsort(-scores, kind="stable")[:limit]
        return [(arts[i].slug, arts[i].locale) for i in order]
