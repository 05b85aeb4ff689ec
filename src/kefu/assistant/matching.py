"""Reading a message as units and finding vocabulary terms in it, in Chinese, English and mixed text.

A message is normalised like search text (:func:`kefu.search.normalize.normalize`) and cut into units: one
Han character, or one Latin word with its apostrophes dropped ("wasn't" → ``wasnt``); sentence-ending
punctuation starts a new clause. Before terms are looked up, two repairs make typed text look like the
vocabulary:

* **pinyin**: consecutive Latin words that spell a Chinese vocabulary entry in toneless pinyin become its
  characters ("zhuan rengong", "zhuanrengong" → 转人工). Entries whose pinyin is a common English word are
  left out, so "women" stays English.
* **typos**: a Latin word that is neither vocabulary nor an English word is read as the nearest
  vocabulary word with the same first letter, within 1 edit (4–7 letters) or 2 (8 and more), counting a
  swap of neighbours as one edit (OSA distance): "agnet" → agent, "persn" → person. A real English word is
  never replaced ("last" stays last, "passport" stays passport); for a less common one, its near
  vocabulary word is kept as an alternative that may complete a phrase of several words next to an exact
  word ("reel persn" → real person), never a one-word term.

A term is a tuple of units; :meth:`Matcher.find` returns every occurrence of every term inside one clause
as a :class:`Match` carrying the term's tag (what the term means to :mod:`kefu.assistant.intents`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from importlib.resources import files

from pypinyin import Style, lazy_pinyin
from rapidfuzz.distance import OSA

from kefu.search.normalize import normalize

__all__ = ["Match", "Matcher", "Term", "Unit", "common_english", "term_of", "units_of"]

Term = tuple[str, ...]

_UNIT = re.compile(
    r"(?P<han>[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff])"
    r"|(?P<lat>[a-z0-9]+(?:['’][a-z0-9]+)*)"
    r"|(?P<end>[。！？!?;；\n]|\.(?!\d))"
)
#: A word this frequent in English text (symspell's frequency list) is a real word: never read as a typo
#: or as pinyin; this frequent, it is not even an alternative ("same" is never "safe").
_COMMON_COUNT = 1_000_000
_EVERYDAY_COUNT = 10_000_000


@dataclass(frozen=True, slots=True)
class Unit:
    text: str
    clause: int
    han: bool
    #: The unit came from Latin letters typed as pinyin.
    pinyin: bool = False
    #: Vocabulary words a real English word is one typo away from (only for phrases of several words).
    alts: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Match:
    tag: str
    start: int
    end: int  # exclusive
    clause: int

    def inside(self, other: Match) -> bool:
        return other.start <= self.start and self.end <= other.end


def units_of(normalized: str) -> list[Unit]:
    """The units of already-normalised text, each with its clause number."""
    units: list[Unit] = []
    clause = 0
    for m in _UNIT.finditer(normalized):
        if m.group("end"):
            clause += 1
        elif m.group("han"):
            units.append(Unit(m.group("han"), clause, True))
        else:
            units.append(Unit(re.sub(r"['’]", "", m.group("lat")), clause, False))
    return units


def term_of(entry: str) -> Term:
    """A vocabulary entry as units (normalised like messages)."""
    return tuple(u.text for u in units_of(normalize(entry)))


@cache
def _word_counts() -> dict[str, int]:
    path = files("symspellpy").joinpath("frequency_dictionary_en_82_765.txt")
    counts: dict[str, int] = {}
    for line in path.read_text("utf-8").splitlines():
        word, _, count = line.partition(" ")
        if count.strip().isdigit() and int(count) >= _COMMON_COUNT:
            counts[word] = int(count)
    return counts


def common_english(word: str, min_count: int = _COMMON_COUNT) -> bool:
    return _word_counts().get(word, 0) >= min_count


def _pinyin(term: Term) -> str | None:
    """The toneless pinyin of an all-Han term of two or more characters, else None."""
    if len(term) < 2 or not all(len(u) == 1 and not u.isascii() for u in term):
        return None
    spelled = "".join(lazy_pinyin("".join(term), style=Style.NORMAL))
    return spelled if spelled.isascii() and spelled.isalpha() else None


class Matcher:
    """Finds tagged terms in messages. Build it once from ``(entry, tag)`` pairs; it is read-only after."""

    def __init__(self, entries: Iterable[tuple[str, str]]) -> None:
        self._index: dict[str, list[tuple[Term, str]]] = defaultdict(list)
        latin: set[str] = set()
        self._pinyin: dict[str, Term] = {}
        for entry, tag in entries:
            term = term_of(entry)
            if not term:
                continue
            self._index[term[0]].append((term, tag))
            latin.update(u for u in term if u.isascii() and u.isalpha())
            spelled = _pinyin(term)
            if spelled and not common_english(spelled, _COMMON_COUNT):
                self._pinyin.setdefault(spelled, term)
        self._latin = frozenset(latin)
        self._by_initial: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self._latin):
            self._by_initial[word[0]].append(word)
        self._longest_pinyin = max((len(t) for t in self._pinyin.values()), default=0)

    def read(self, normalized: str) -> list[Unit]:
        """The units of a message with pinyin and typos repaired."""
        units = self._transliterate(units_of(normalized))
        return [self._repaired(u) for u in units]

    def find(self, units: list[Unit]) -> list[Match]:
        """Every occurrence of every term, each inside one clause."""
        found: dict[Match, None] = {}
        for i, unit in enumerate(units):
            for key in (unit.text, *unit.alts):
                for term, tag in self._index.get(key, ()):
                    end = i + len(term)
                    if end > len(units) or any(units[i + k].clause != unit.clause for k in range(len(term))):
                        continue
                    exact = sum(units[i + k].text == term[k] for k in range(len(term)))
                    near = all(
                        units[i + k].text == term[k] or term[k] in units[i + k].alts for k in range(len(term))
                    )
                    if exact == len(term) or (near and exact and len(term) > 1):
                        found[Match(tag, i, end, unit.clause)] = None
        return list(found)

    def _repaired(self, unit: Unit) -> Unit:
        word = unit.text
        if unit.han or unit.pinyin or word in self._latin or len(word) < 4 or not word.isalpha():
            return unit
        if common_english(word, _EVERYDAY_COUNT):
            return unit
        allowance = 1 if len(word) <= 7 else 2
        best, best_distance = word, allowance + 1
        for candidate in self._by_initial.get(word[0], ()):
            if abs(len(candidate) - len(word)) > allowance:
                continue
            distance = OSA.distance(word, candidate, score_cutoff=allowance)
            if distance < best_distance:
                best, best_distance = candidate, distance
        if best == word:
            return unit
        return replace(unit, alts=(best,)) if common_english(word) else replace(unit, text=best)

    def _transliterate(self, units: list[Unit]) -> list[Unit]:
        """Latin words that spell a Chinese entry in pinyin → its characters (longest spelling first)."""
        if not self._pinyin:
            return units
        out: list[Unit] = []
        i = 0
        while i < len(units):
            term = None
            for j in range(min(len(units), i + self._longest_pinyin), i, -1):
                span = units[i:j]
                if any(u.han or u.clause != units[i].clause or not u.text.isalpha() for u in span):
                    continue
                spelled = "".join(u.text for u in span)
                if len(span) == 1 and (spelled in self._latin or common_english(spelled, _COMMON_COUNT)):
                    continue
                term = self._pinyin.get(spelled)
                if term:
                    out.extend(Unit(ch, units[i].clause, True, pinyin=True) for ch in term)
                    i = j
                    break
            if term is None:
                out.append(units[i])
                i += 1
        return out
