"""Autocomplete: suggestions for what the user has typed so far.

Candidates are article titles and tags. A prefix matches a candidate when the candidate (normalised)
starts with it, when one of its words does, or — for Chinese — when the typed Latin letters start the
candidate's pinyin or its pinyin initials (``mim`` → 密码, ``zfmm`` → 支付密码). Titles rank above tags,
earlier and shorter matches above later and longer ones.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pypinyin import Style, lazy_pinyin

from kefu.search.normalize import normalize

__all__ = ["Suggester", "Suggestion"]


@dataclass(frozen=True, slots=True)
class Suggestion:
    text: str
    slug: str
    kind: str  # "title" | "tag"


@dataclass(frozen=True, slots=True)
class _Entry:
    suggestion: Suggestion
    norm: str
    words: tuple[str, ...]
    pinyin: str
    initials: str


class Suggester:
    def __init__(self, items: Iterable[Suggestion]) -> None:
        self._entries: list[_Entry] = []
        seen: set[tuple[str, str]] = set()
        for item in items:
            norm = normalize(item.text)
            if (norm, item.kind) in seen:
                continue
            seen.add((norm, item.kind))
            syllables = lazy_pinyin(norm, style=Style.NORMAL, errors="ignore")
            initials = "".join(s[0] for s in syllables if s)
            self._entries.append(_Entry(item, norm, tuple(norm.split()), "".join(syllables), initials))

    def suggest(self, prefix: str, limit: int = 8) -> list[Suggestion]:
        p = normalize(prefix)
        if not p:
            return []
        compact = p.replace(" ", "")
        ranked: list[tuple[tuple[int, int, int], Suggestion]] = []
        for e in self._entries:
            rank = self._rank(e, p, compact)
            if rank is not None:
                ranked.append(((rank, 0 if e.suggestion.kind == "title" else 1, len(e.norm)), e.suggestion))
        ranked.sort(key=lambda x: x[0])
        out: list[Suggestion] = []
        texts: set[str] = set()
        for _, s in ranked:
            if s.text not in texts:
                texts.add(s.text)
                out.append(s)
            if len(out) >= limit:
                break
        return out

    @staticmethod
    def _rank(e: _Entry, p: str, compact: str) -> int | None:
        if e.norm.startswith(p):
            return 0
        if any(w.startswith(p) for w in e.words):
            return 1
        if compact.isascii() and compact.isalpha() and e.pinyin:
            if e.pinyin.startswith(compact):
                return 2
            if len(compact) >= 2 and e.initials.startswith(compact):
                return 3
        if len(p) >= 2 and p in e.norm:
            return 4
        return None
