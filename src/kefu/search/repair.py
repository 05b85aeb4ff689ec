"""Query repair: English typos, Chinese homophone (input-method) mistakes and typed pinyin.

A :class:`Vocabulary` is built from the indexed articles and the lexicon files. Repairs never replace what
the user typed: each correction comes back as a :class:`Repair` that the query planner adds as extra,
lower-weight evidence, and that "did you mean" shows.

- English: a word that is neither in the vocabulary nor a common English word (the frequency dictionary
  that ships with symspellpy) is matched to known words by optimal-string-alignment distance
  (rapidfuzz; a transposition counts as one edit): ≤ 1 edit for 4–6 letters, ≤ 2 from 7 letters.
- Chinese: each 2–4 character stretch that is not a known word, and does not touch a known word of the
  text's own segmentation, is looked up by its toneless pinyin key
  (pypinyin); known words with the same key are homophone candidates (密吗 → 密码, 动结 → 冻结).
- Pinyin typed in Latin letters (mima, zhuanzhang) is looked up by the joined pinyin of known words.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from pypinyin import Style, lazy_pinyin
from rapidfuzz import process
from rapidfuzz.distance import OSA

from kefu.search.analysis import script_runs, segment, stem
from kefu.search.lexicon import english_words, load_pinyin_aliases, load_stopwords

__all__ = ["Repair", "Vocabulary", "repair_query"]

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Repair:
    original: str
    replacement: str
    kind: str  # "typo" | "homophone" | "pinyin"
    score: float = 1.0


def pinyin_key(text: str) -> str:
    return " ".join(lazy_pinyin(text, style=Style.NORMAL, errors="ignore"))


@dataclass
class Vocabulary:
    """Words kefu knows: from the articles (and lexicons), keyed for typo and homophone lookup."""

    latin: set[str] = field(default_factory=set)
    latin_stems: set[str] = field(default_factory=set)
    han: set[str] = field(default_factory=set)
    by_pinyin: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    by_joined_pinyin: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    _latin_list: list[str] = field(default_factory=list)

    def add_text(self, text: str, han_words: Iterable[str]) -> None:
        """Add the words of normalised ``text``; ``han_words`` are its segmented Chinese words."""
        stop = load_stopwords()
        for run in script_runs(text):
            if run.script == "lat" and run.text.isalpha() and len(run.text) > 1 and run.text not in stop:
                self.latin.add(run.text)
                self.latin_stems.add(stem(run.text))
        for word in han_words:
            if len(word) >= 2 and _HAN_RUN.fullmatch(word) and word not in stop:
                self.han.add(word)

    def freeze(self) -> None:
        """Build the lookup tables once every text has been added."""
        self.by_pinyin.clear()
        self.by_joined_pinyin.clear()
        for word in self.han:
            key = pinyin_key(word)
            self.by_pinyin[key].add(word)
            if len(word) >= 2:
                self.by_joined_pinyin[key.replace(" ", "")].add(word)
        for sources, targets in load_pinyin_aliases():
            for src in sources:
                self.by_joined_pinyin[src].update(targets)
        self._latin_list = sorted(self.latin)

    def knows_han(self, text: str) -> bool:
        return text in self.han

    def correct_latin(self, word: str) -> list[tuple[str, float]]:
        if len(word) < 4 or not word.isalpha() or word in self.latin or stem(word) in self.latin_stems:
            return []
        if word in load_stopwords() or word in english_words():
            return []  # a real word the KB does not use is not a typo
        limit = 1 if len(word) <= 6 else 2
        found = process.extract(word, self._latin_list, scorer=OSA.distance, score_cutoff=limit, limit=3)
        best = min((d for _, d, _ in found), default=None)
        return [(w, 1.0 - 0.25 * d) for w, d, _ in found if d == best]


def repair_query(text: str, vocab: Vocabulary) -> list[Repair]:
    """The repairs of normalised query ``text``, at most a few per unknown stretch."""
    repairs: list[Repair] = []
    for run in script_runs(text):
        if run.script == "lat":
            for fixed, score in vocab.correct_latin(run.text):
                repairs.append(Repair(run.text, fixed, "typo", score))
            for word in sorted(vocab.by_joined_pinyin.get(run.text, ())) if len(run.text) >= 3 else ():
                repairs.append(Repair(run.text, word, "pinyin", 0.9))
        else:
            repairs.extend(_homophones(run.text, vocab))
    return repairs


def _known_spans(run: str, vocab: Vocabulary) -> list[tuple[int, int]]:
    """Where the run's segmentation has words the KB knows: correctly written text, not to be repaired."""
    spans, pos = [], 0
    for token in segment(run):
        if len(token) >= 2 and vocab.knows_han(token):
            spans.append((pos, pos + len(token)))
        pos += len(token)
    return spans


def _homophones(run: str, vocab: Vocabulary) -> list[Repair]:
    found: list[Repair] = []
    seen: set[str] = set()
    known = _known_spans(run, vocab)
    for n in (4, 3, 2):
        for i in range(len(run) - n + 1):
            gram = run[i : i + n]
            if any(lo < i + n and i < hi for lo, hi in known):
                continue  # touches a correctly written KB word (付款吗 is 付款 + 吗, not 付款码)
            if vocab.knows_han(gram) or any(gram in r.original for r in found):
                continue
            for word in sorted(vocab.by_pinyin.get(pinyin_key(gram), ())):
                if word != gram and word not in seen:
                    seen.add(word)
                    found.append(Repair(gram, word, "homophone", 0.8))
    return found
