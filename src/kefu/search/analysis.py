"""Script-aware analysis of Chinese, English and mixed text into index terms.

Text is normalised, then cut into script runs. A Han run is segmented with jieba (search mode, with the
domain dictionary ``data/userdict.txt``) and also cut into character bigrams and single characters; a Latin
run gives words, stemmed with the Snowball English stemmer (PyStemmer). Latin terms inside Chinese text
(app, PIN, KYC, QR) stay whole words. Terms carry their kind as a prefix so each kind can be weighted:

    w:密码  a segmented Chinese word or a stemmed English word
    b:密码  a Han character bigram
    p:pay_pin  two neighbouring English words (stopwords skipped), so phrases outrank scattered words
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

import jieba
import Stemmer

from kefu.search.lexicon import data_path, load_stopwords
from kefu.search.normalize import normalize

__all__ = ["KINDS", "Run", "analyze", "han_words", "latin_words", "script_runs", "segment", "stem", "terms"]

KINDS = ("w", "b", "p")

_RUN = re.compile(r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)|(?P<lat>[a-z0-9]+(?:['’][a-z]+)?)")


@dataclass(frozen=True, slots=True)
class Run:
    script: str  # "han" | "lat"
    text: str
    start: int


def script_runs(text: str) -> list[Run]:
    """Han and Latin/digit runs of already-normalised text, in order."""
    runs = []
    for m in _RUN.finditer(text):
        script = "han" if m.group("han") else "lat"
        runs.append(Run(script, m.group(0), m.start()))
    return runs


@lru_cache(maxsize=1)
def _tokenizer() -> jieba.Tokenizer:
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.load_userdict(str(data_path("userdict.txt")))
    return tok


@lru_cache(maxsize=1)
def _stemmer() -> Stemmer.Stemmer:
    return Stemmer.Stemmer("english")


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    word = word.replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    return str(_stemmer().stemWord(word))


def segment(run: str) -> list[str]:
    """jieba's precise segmentation of a Han run: tokens that add up to the run, nothing dropped."""
    return list(_tokenizer().cut(run, HMM=False))


def han_words(run: str) -> list[str]:
    """jieba search-mode words of a Han run (overlapping sub-words included), stopwords dropped."""
    stop = load_stopwords()
    return [w for w in _tokenizer().cut_for_search(run, HMM=True) if w.strip() and w not in stop]


def latin_words(run: str) -> list[str]:
    stop = load_stopwords()
    word = run.replace("’", "'")
    if word in stop or word.replace("'", "") in stop:
        return []
    if "'" in word and not word.endswith("'s"):  # don't, won't: function words
        return []
    return [stem(word)]


def terms(text: str, *, normalized: bool = False) -> list[str]:
    """All index terms of ``text`` with their kind prefixes, in order of appearance (duplicates kept)."""
    if not normalized:
        text = normalize(text)
    out: list[str] = []
    previous: str | None = None
    for run in script_runs(text):
        if run.script == "lat":
            for w in latin_words(run.text):
                out.append("w:" + w)
                if previous is not None and not w.isdigit():
                    out.append(f"p:{previous}_{w}")
                previous = None if w.isdigit() else w
            continue
        previous = None
        out.extend("w:" + w for w in han_words(run.text))
        chars = run.text
        out.extend("b:" + chars[i : i + 2] for i in range(len(chars) - 1))
    return out


def analyze(text: str) -> Counter[str]:
    """Term frequencies of ``text``."""
    return Counter(terms(text))
