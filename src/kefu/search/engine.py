"""The hybrid search engine: lexical BM25F + dense encoders, fused, with repair, snippets and confidence.

Build it once from articles (:meth:`SearchEngine.build`) and query it from any thread; it holds no
mutable state after building, so a refreshed knowledge base means building a new engine and swapping it in.
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from kefu.kb.model import Article
from kefu.search.analysis import han_words, latin_words, script_runs, segment, terms
from kefu.search.dense import Encoder, VectorCache, make_encoder
from kefu.search.fusion import Calibration, FusionWeights, fuse
from kefu.search.lexical import FieldSpec, LexicalIndex
from kefu.search.lexicon import load_phrasings, load_stopwords, load_synonyms
from kefu.search.normalize import normalize
from kefu.search.query import QueryPlan, QueryWeights, plan_query
from kefu.search.repair import Vocabulary
from kefu.search.results import SearchHit, SearchResponse
from kefu.search.snippets import Highlighter, best_section
from kefu.search.suggest import Suggester, Suggestion

__all__ = ["EngineConfig", "SearchEngine"]

log = logging.getLogger("kefu.search")

Progress = Callable[[str, int, int], None]  # (stage, advance, total)


@dataclass(frozen=True)
class EngineConfig:
    """Everything that shapes ranking. The defaults are the tuned configuration."""

    encoders: tuple[str, ...] = ("use",)
    fields: dict[str, FieldSpec] = field(
        default_factory=lambda: {
            "title": FieldSpec(3.0, 0.5),
            "tags": FieldSpec(2.0, 0.3),
            "body": FieldSpec(1.0, 0.75),
        }
    )
    k1: float = 1.2
    query: QueryWeights = field(default_factory=QueryWeights)
    fusion: FusionWeights = field(default_factory=FusionWeights)
    calibration: Calibration = field(default_factory=Calibration)
    vector_cache: Path | None = None
    encoder_threads: int = 1
    #: How many leading articles get their sections scored by the dense encoder (see _best_sections).
    section_candidates: int = 300


def _plain(article: Article) -> str:
    if article.sections:
        return "\n".join(f"{s.heading}\n{s.text}".strip() for s in article.sections)
    return article.body


@dataclass
class _LocaleIndex:
    locale: str
    articles: list[Article]
    lexical: LexicalIndex
    dense: dict[str, np.ndarray] = field(default_factory=dict)
    #: Sections of article i are rows section_offsets[i]:section_offsets[i+1] of the section matrix.
    section_offsets: np.ndarray = field(default_factory=lambda: np.zeros(1, dtype=np.int64))
    by_key: dict[str, int] = field(default_factory=dict)


class SearchEngine:
    def __init__(
        self,
        config: EngineConfig,
        indexes: dict[str, _LocaleIndex],
        vocab: Vocabulary,
        encoders: dict[str, Encoder],
        suggesters: dict[str, Suggester],
    ) -> None:
        self.config = config
        self._indexes = indexes
        self._vocab = vocab
        self._encoders = encoders
        self._suggesters = suggesters

    # ----------------------------------------------------------------- building
    @classmethod
    def build(
        cls,
        articles: Iterable[Article],
        config: EngineConfig | None = None,
        *,
        progress: Progress | None = None,
        encoders: dict[str, Encoder] | None = None,
    ) -> SearchEngine:
        config = config or EngineConfig()
        by_locale: dict[str, list[Article]] = {}
        for art in articles:
            by_locale.setdefault(art.locale, []).append(art)
        vocab = Vocabulary()
        if encoders is None:
            encoders = {name: make_encoder(name, config.encoder_threads) for name in config.encoders}
        indexes: dict[str, _LocaleIndex] = {}
        suggesters: dict[str, Suggester] = {}
        for locale, arts in by_locale.items():
            # Order by content, never by slug: renaming slugs must not change any ranking (ties included).
            arts.sort(key=lambda a: (a.title, a.body))
            lexical = LexicalIndex(_analysed(arts, vocab, progress), config.fields, k1=config.k1)
            index = _LocaleIndex(locale, arts, lexical)
            index.by_key = {a.translation_key: i for i, a in enumerate(arts)}
            indexes[locale] = index
            suggesters[locale] = Suggester(
                [Suggestion(a.title, a.slug, "title") for a in arts]
                + [Suggestion(t, a.slug, "tag") for a in arts for t in a.tags]
            )
        for text in _lexicon_texts():
            norm = normalize(text)
            vocab.add_text(norm, _han_words_of(norm))
        vocab.freeze()
        for name, encoder in encoders.items():
            cache = VectorCache(config.vector_cache, encoder)
            for index in indexes.values():
                _embed(index, name, cache, progress)
            cache.save()
        engine = cls(config, indexes, vocab, encoders, suggesters)
        engine._warm_up()
        _release_freed_memory()
        return engine

    def _warm_up(self) -> None:
        """Load what queries load lazily (word lists, lexicon rules, pinyin tables, encoder graphs), so the
        first customer does not pay for it."""
        for locale in self._indexes:
            self.search("忘记密码 mima paymnet 怎么办", locale, limit=1)

    # ----------------------------------------------------------------- querying
    @property
    def locales(self) -> list[str]:
        return sorted(self._indexes)

    def articles(self, locale: str | None = None) -> list[Article]:
        if locale:
            return list(self._indexes[locale].articles) if locale in self._indexes else []
        return [a for idx in self._indexes.values() for a in idx.articles]

    def plan(self, query: str) -> QueryPlan:
        return plan_query(query, self._vocab, self.config.query)

    def scores(self, plan: QueryPlan, locale: str) -> dict[str, np.ndarray]:
        """Every signal's raw scores over the articles of ``locale`` (for evaluation and tuning)."""
        index = self._indexes[locale]
        signals = {"lexical": index.lexical.score(plan.weights)}
        dense_text = plan.dense_text()
        for name, encoder in self._encoders.items():
            q = encoder.queries([dense_text])[0]
            for view in ("doc", "title"):
                mat = index.dense.get(f"{name}:{view}")
                if mat is not None:
                    signals[f"{name}:{view}"] = mat @ q
            if f"{name}:section" in index.dense:
                signals[f"{name}:section"] = self._best_sections(index, name, q, signals)
        return signals

    def _best_sections(
        self, index: _LocaleIndex, name: str, q: np.ndarray, signals: dict[str, np.ndarray]
    ) -> np.ndarray:
        """Each article's best section similarity, computed for the leading candidates only.

        Sections are many (5–10 an article), so on a large KB only the ``section_candidates`` articles that
        lead on the other signals are scored; the rest get the lowest candidate score, which keeps them out
        of contention without distorting the z-scores. On a KB smaller than that, every article is scored.
        """
        sec = index.dense[f"{name}:section"]
        offsets = index.section_offsets
        n = len(index.articles)
        limit = self.config.section_candidates
        if n <= limit:
            candidates = np.arange(n)
        else:
            partial = fuse(signals, self.config.fusion)
            candidates = np.argpartition(-partial, limit)[:limit]
        scale = index.dense[f"{name}:section-scale"]
        best = np.empty(len(candidates), dtype=np.float32)
        for j, i in enumerate(candidates):
            lo, hi = offsets[i], offsets[i + 1]
            best[j] = float(((sec[lo:hi] @ q) * scale[lo:hi]).max()) if hi > lo else -1.0
        if len(candidates) == n:
            return best
        out = np.full(n, float(best.min()) if len(best) else -1.0, dtype=np.float32)
        out[candidates] = best
        return out

    def search(self, query: str, locale: str | None = "zh-CN", limit: int = 10) -> SearchResponse:
        """Search ``query`` for readers of ``locale``; ``None`` means the language the query is written in."""
        started = time.perf_counter()
        response = SearchResponse(query=query, locale=locale or "", hits=[])
        if not query or not query.strip() or not self._indexes:
            return response
        plan = self.plan(query)
        if locale is None:
            locale = plan.locale if plan.locale in self._indexes else self.locales[0]
            response.locale = locale
        if not script_runs(plan.text):
            return response  # nothing searchable: only punctuation, emoji or symbols
        response.query_locale = plan.locale
        response.did_you_mean = plan.did_you_mean
        search_locale = locale if locale in self._indexes else self.locales[0]
        if plan.locale != search_locale and plan.locale in self._indexes:
            search_locale = plan.locale
        index = self._indexes[search_locale]
        weights = self.config.fusion
        signals = self.scores(plan, search_locale)
        fused = fuse(signals, weights)
        total_w = sum(weights.get(s) for s in signals) or 1.0
        order = _top(fused, max(limit, 3))
        normalised = [float(fused[i]) / total_w for i in order]
        dense = [float(v.max()) for k, v in signals.items() if k.endswith(":doc") and len(v)]
        label, prob, n_cand = self.config.calibration.judge(
            normalised,
            similarity=max(dense) if dense else None,
            lexical=float(signals["lexical"].max()) if len(signals["lexical"]) else 0.0,
            keyword=_is_keyword(plan.text),
        )
        response.confidence, response.confidence_score = label, round(prob, 4)
        highlighter = Highlighter.for_words(plan.highlight)
        for rank, i in enumerate(order[:limit]):
            art = self._answer_in(index.articles[i], locale)
            heading, snippet = best_section(art, highlighter)
            response.hits.append(
                SearchHit(
                    slug=art.slug,
                    locale=art.locale,
                    title=art.title,
                    score=round(normalised[rank], 4),
                    category=art.category,
                    snippet=snippet,
                    section=heading,
                    cross_locale=search_locale != locale,
                )
            )
        if label == "ambiguous":
            # from the ranking, not the hits: a caller asking for one hit still gets the 2–3 to choose from
            response.candidates = [self._answer_in(index.articles[i], locale).slug for i in order[:n_cand]]
        response.took_ms = round((time.perf_counter() - started) * 1000, 2)
        return response

    def _answer_in(self, article: Article, locale: str) -> Article:
        """The translation of ``article`` in ``locale`` when there is one, else the article itself."""
        if article.locale == locale or locale not in self._indexes:
            return article
        target = self._indexes[locale]
        i = target.by_key.get(article.translation_key)
        return target.articles[i] if i is not None else article

    def suggest(self, prefix: str, locale: str = "zh-CN", limit: int = 8) -> list[Suggestion]:
        suggester = self._suggesters.get(locale)
        return suggester.suggest(prefix, limit) if suggester else []


def _is_keyword(norm: str) -> bool:
    """True when the (normalised) query is one content word: "热线", "agent", "退款"."""
    words = 0
    for run in script_runs(norm):
        if run.script == "lat":
            words += len(latin_words(run.text))
        elif run.script == "han":
            words += sum(1 for w in segment(run.text) if w.strip() and w not in load_stopwords())
        if words > 1:
            return False
    return words == 1


def _release_freed_memory() -> None:
    """Hand memory freed by the build back to the OS (glibc keeps it otherwise, and RSS stays at the peak)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc: nothing to do
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the ``k`` best scores, best first; ties keep article order (stable)."""
    if len(scores) > 4 * k:
        kth = np.partition(scores, len(scores) - k)[len(scores) - k]
        candidates = np.flatnonzero(scores >= kth)
        return candidates[np.argsort(-scores[candidates], kind="stable")][:k]
    return np.argsort(-scores, kind="stable")[:k]


def _analysed(
    arts: list[Article], vocab: Vocabulary, progress: Progress | None
) -> Iterator[dict[str, Counter[str]]]:
    """Each article's fields as term counts, one at a time; feeds the repair vocabulary on the way."""
    for art in arts:
        doc = {}
        for name, text in (("title", art.title), ("tags", " , ".join(art.tags)), ("body", _plain(art))):
            norm = normalize(text)
            doc[name] = Counter(terms(norm, normalized=True))
            vocab.add_text(norm, [t[2:] for t in doc[name] if t.startswith("w:") and not t[2:3].isascii()])
        if progress:
            progress("analyse", 1, len(arts))
        yield doc


def _han_words_of(norm: str) -> list[str]:
    return [w for r in script_runs(norm) if r.script == "han" for w in han_words(r.text)]


def _lexicon_texts() -> list[str]:
    texts = [m for group in load_synonyms() for m in group]
    for phrases, meanings in load_phrasings():
        texts.extend(phrases)
        texts.extend(meanings)
    return texts


def _embed(index: _LocaleIndex, name: str, cache: VectorCache, progress: Progress | None) -> None:
    arts = index.articles
    views: dict[str, list[str]] = {
        "doc": [f"{a.title}\n{_plain(a)}" for a in arts],
        "title": [f"{a.title} {' '.join(a.tags)}" for a in arts],
    }
    if name == "use":
        offsets: list[int] = [0]
        texts: list[str] = []
        for a in arts:
            texts.extend(f"{a.title}\n{s.heading}\n{s.text}".strip() for s in a.sections or ())
            offsets.append(len(texts))
        views["section"] = texts
        index.section_offsets = np.array(offsets, dtype=np.int64)
    if name == "e5":
        views = {"doc": views["doc"]}
    total = sum(cache.count_missing(v) for v in views.values())

    def step(n: int) -> None:
        if progress:
            progress(f"encode {name}", n, total)

    for view, texts in views.items():
        if view == "section":
            # Section vectors are many and only read for a few hundred candidates: int8 with a scale per
            # row takes a quarter of the memory and moves cosines by ~0.001. Done in slices so the float
            # copies of 600k sections never exist at once.
            quantized, scales = [], []
            for start in range(0, max(len(texts), 1), _SLICE):
                q, scale = _quantize(cache.encode(texts[start : start + _SLICE], progress=step))
                quantized.append(q)
                scales.append(scale)
            index.dense[f"{name}:section"] = np.concatenate(quantized)
            index.dense[f"{name}:section-scale"] = np.concatenate(scales)
        else:
            index.dense[f"{name}:{view}"] = cache.encode(texts, progress=step)


_SLICE = 65536


def _quantize(vectors: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows as int8 and the per-row scale that turns them back: v ≈ q * scale."""
    if not len(vectors):
        return np.zeros((0, vectors.shape[1]), dtype=np.int8), np.zeros(0, dtype=np.float32)
    scale = np.maximum(np.abs(vectors).max(axis=1) / 127.0, 1e-12).astype(np.float32)
    return np.round(vectors / scale[:, None]).astype(np.int8), scale
