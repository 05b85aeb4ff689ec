"""The search vocabulary kept as data files in ``kefu/search/data/``.

Every file is general wallet / fintech vocabulary in Chinese and English; none names an article. Files:

- ``variants.tsv``      variant spelling → mainland standard, applied after Traditional → Simplified
- ``userdict.txt``      extra words for Chinese segmentation (jieba user-dictionary format)
- ``stopwords.txt``     function words of both languages, dropped from word terms
- ``synonyms.txt``      one group of interchangeable expressions a line, ``|``-separated, any language mix
- ``phrasings.txt``     everyday phrasing ``=>`` the vocabulary it means, one way only
- ``pinyin.txt``        extra typed-pinyin spellings ``=>`` the word they stand for (common abbreviations)

Lines starting with ``#`` are comments. Each loader reads its file once.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

__all__ = [
    "data_path",
    "english_words",
    "load_phrasings",
    "load_pinyin_aliases",
    "load_stopwords",
    "load_synonyms",
    "load_variants",
]


def data_path(name: str) -> Path:
    return Path(str(resources.files("kefu.search") / "data" / name))


def _lines(name: str) -> list[str]:
    text = data_path(name).read_text(encoding="utf-8")
    return [ln.strip() for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")]


@lru_cache(maxsize=1)
def load_variants() -> tuple[tuple[str, str], ...]:
    pairs = []
    for line in _lines("variants.tsv"):
        variant, standard = line.split("\t")[:2]
        pairs.append((variant.strip(), standard.strip()))
    return tuple(pairs)


@lru_cache(maxsize=1)
def english_words(min_count: int = 100_000) -> frozenset[str]:
    """Common English words: the frequency dictionary that ships inside the symspellpy wheel."""
    path = Path(str(resources.files("symspellpy") / "frequency_dictionary_en_82_765.txt"))
    words = set()
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            word, _, count = line.partition(" ")
            if int(count) >= min_count:
                words.add(word)
    return frozenset(words)


@lru_cache(maxsize=1)
def load_stopwords() -> frozenset[str]:
    words: set[str] = set()
    for line in _lines("stopwords.txt"):
        words.update(line.split())
    return frozenset(words)


@lru_cache(maxsize=1)
def load_synonyms() -> tuple[tuple[str, ...], ...]:
    groups = []
    for line in _lines("synonyms.txt"):
        group = tuple(x.strip() for x in line.split("|") if x.strip())
        if len(group) > 1:
            groups.append(group)
    return tuple(groups)


def _arrows(name: str) -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    rules = []
    for line in _lines(name):
        left, _, right = line.partition("=>")
        sources = tuple(x.strip() for x in left.split("|") if x.strip())
        targets = tuple(x.strip() for x in right.split("|") if x.strip())
        if sources and targets:
            rules.append((sources, targets))
    return tuple(rules)


@lru_cache(maxsize=1)
def load_phrasings() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    """``(phrases, meanings)`` pairs: any phrase in the query adds the meanings as evidence."""
    return _arrows("phrasings.txt")


@lru_cache(maxsize=1)
def load_pinyin_aliases() -> tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]:
    return _arrows("pinyin.txt")
