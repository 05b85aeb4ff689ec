"""A synthetic help center of any size, recombined from a real one, for scale benchmarks.

Each synthetic article is a translation pair (zh-CN + en) sharing a slug, a category and a structure:
2–6 sections, each taken from a random real article (the same source section in both locales), with
its sentences shuffled and about one word in ten swapped for a random word of the same locale. The title
is a random real title, with the same word swapping, plus a made-up name (a merchant, a product) that is
new vocabulary; the tags are 3–6 random real tags plus that name. Article ``i`` depends only on
``(seed, i)``, so the first 10,000 articles of a 100,000-article corpus are the 10,000-article corpus.

The text reads like the help center, but it is not a help center: it exists to give the indexes the
size, the vocabulary growth and the term statistics of a large one.
"""

from __future__ import annotations

import logging
import random
import re
from dataclasses import dataclass, field
from functools import cached_property

import jieba

from kefu.kb import Article, Section

__all__ = ["SourcePool", "synthesize"]

_HAN = re.compile(r"[\u4e00-\u9fff]")
_EN_SENTENCE = re.compile(r"(?<=[.!?;])\s+")
_ZH_SENTENCE = re.compile(r"(?<=[。！？；])\s*")
_EN_WORD = re.compile(r"[A-Za-z]{3,}")
_SYLLABLES = ("ka", "ro", "mi", "zen", "tal", "vo", "qui", "bex", "lun", "sar", "dor", "fi", "nek", "pa")
SWAP = 0.1


@dataclass(slots=True)
class _Locale:
    titles: dict[str, str] = field(default_factory=dict)  # translation key → title
    tags: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    # slug → sections as (heading, sentences, each sentence as tokens)
    sections: dict[str, list[tuple[str, list[list[str]]]]] = field(default_factory=dict)


class SourcePool:
    """The pieces of a real help center that synthetic articles are made of."""

    def __init__(self, articles: list[Article]) -> None:
        self.locales: dict[str, _Locale] = {}
        self.categories: dict[str, str] = {}
        words: dict[str, set[str]] = {}
        for art in articles:
            pool = self.locales.setdefault(art.locale, _Locale())
            vocab = words.setdefault(art.locale, set())
            pool.titles[art.translation_key] = art.title
            pool.tags.extend(art.tags)
            self.categories[art.translation_key] = art.category
            secs = []
            for sec in art.sections:
                split = _ZH_SENTENCE if art.locale == "zh-CN" else _EN_SENTENCE
                sentences = [_tokens(s, art.locale) for s in split.split(sec.text) if s.strip()]
                for tokens in sentences:
                    vocab.update(t for t in tokens if _swappable(t, art.locale))
                if sentences:
                    secs.append((sec.heading, sentences))
            if secs:
                pool.sections[art.translation_key] = secs
        for locale, pool in self.locales.items():
            pool.words = sorted(words[locale])
            pool.tags = sorted(set(pool.tags))

    @cached_property
    def keys(self) -> list[str]:
        """Translation keys with sections in every locale."""
        return sorted(k for k in self.categories if all(k in p.sections for p in self.locales.values()))

    @cached_property
    def han_chars(self) -> list[str]:
        zh = self.locales.get("zh-CN")
        return sorted({ch for w in zh.words for ch in w}) if zh else ["的"]


def _tokens(sentence: str, locale: str) -> list[str]:
    if locale == "zh-CN":
        jieba.setLogLevel(logging.WARNING)
        return jieba.lcut(sentence)
    return re.findall(r"[A-Za-z]+|[^A-Za-z]+", sentence)


def _swappable(token: str, locale: str) -> bool:
    if locale == "zh-CN":
        return len(token) >= 2 and all(_HAN.match(ch) for ch in token)
    return bool(_EN_WORD.fullmatch(token))


def _swap(tokens: list[str], locale: str, words: list[str], rng: random.Random) -> str:
    out = [rng.choice(words) if _swappable(t, locale) and rng.random() < SWAP else t for t in tokens]
    return "".join(out)


def _name(rng: random.Random, pool: SourcePool) -> tuple[str, str]:
    """A made-up name in both locales: new words for the vocabulary."""
    en = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 3))).capitalize()
    zh = "".join(rng.choice(pool.han_chars) for _ in range(rng.randint(2, 3)))
    return en, zh


def synthesize(pool: SourcePool, n: int, seed: int = 7, start: int = 0) -> list[Article]:
    """Articles ``start .. start + n - 1`` of the synthetic corpus (pairs: two articles per index)."""
    out: list[Article] = []
    for i in range(start, start + n // 2):
        rng = random.Random(seed * 1_000_003 + i)
        slug = f"syn-{i:06d}"
        sources = [(rng.choice(pool.keys), rng.random()) for _ in range(rng.randint(2, 6))]
        title_key = rng.choice(pool.keys)
        names = _name(rng, pool)
        category = pool.categories[rng.choice(pool.keys)]
        for locale, pool_locale in sorted(pool.locales.items()):
            name = names[1] if locale == "zh-CN" else names[0]
            local = random.Random(rng.random())
            out.append(_article(slug, locale, category, name, title_key, sources, pool_locale, local))
    return out


def _article(
    slug: str,
    locale: str,
    category: str,
    name: str,
    title_key: str,
    sources: list[tuple[str, float]],
    pool: _Locale,
    rng: random.Random,
) -> Article:
    title_tokens = _tokens(pool.titles[title_key], locale)
    title = _swap(title_tokens, locale, pool.words, rng)
    title = f"{name}{title}" if locale == "zh-CN" else f"{title} with {name}"
    tags = (*rng.sample(pool.tags, rng.randint(3, 6)), name)
    joiner = "" if locale == "zh-CN" else " "
    sections = []
    for key, pick in sources:
        heading, sentences = pool.sections[key][int(pick * len(pool.sections[key]))]
        order = rng.sample(range(len(sentences)), len(sentences))
        text = joiner.join(_swap(sentences[j], locale, pool.words, rng) for j in order)
        sections.append(Section(heading, text))
    body = "\n\n".join(f"**{s.heading}**\n\n{s.text}" if s.heading else s.text for s in sections)
    return Article(slug, locale, title, category, tags, slug, body, tuple(sections))
