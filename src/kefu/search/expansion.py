"""Synonym and everyday-phrasing expansion from the lexicon files.

A synonym group (``data/synonyms.txt``) is symmetric: any member found in the query brings in the others.
A phrasing rule (``data/phrasings.txt``) is one way: an everyday phrase brings in the vocabulary it means.
Chinese members match as substrings of the normalised query; Latin members match as a run of stemmed
words, in order, with at most ``MAX_GAP`` other words between them: "top up", "topped up" and "topping it
up" all match ``top up``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from kefu.search.analysis import script_runs, stem
from kefu.search.lexicon import load_phrasings, load_synonyms
from kefu.search.normalize import normalize

__all__ = ["Expansion", "expand"]


@dataclass(frozen=True, slots=True)
class Expansion:
    matched: str
    text: str
    kind: str  # "synonym" | "phrasing"


@dataclass(frozen=True, slots=True)
class _Pattern:
    raw: str
    han: str | None  # the normalised Chinese text to find, when the pattern has Chinese
    stems: tuple[str, ...]  # stemmed Latin words, when it is Latin only


def _pattern(raw: str) -> _Pattern:
    norm = normalize(raw)
    runs = script_runs(norm)
    if any(r.script == "han" for r in runs):
        return _Pattern(raw, norm.replace(" ", ""), ())
    return _Pattern(raw, None, tuple(stem(r.text) for r in runs))


@lru_cache(maxsize=1)
def _rules() -> tuple[tuple[tuple[_Pattern, ...], tuple[str, ...], str], ...]:
    rules: list[tuple[tuple[_Pattern, ...], tuple[str, ...], str]] = []
    for group in load_synonyms():
        for member in group:
            others = tuple(m for m in group if m != member)
            rules.append(((_pattern(member),), others, "synonym"))
    for phrases, meanings in load_phrasings():
        rules.append((tuple(_pattern(p) for p in phrases), meanings, "phrasing"))
    return tuple(rules)


#: How many other words may stand between the words of a Latin pattern ("add my husband's card" ~ "add card").
MAX_GAP = 2


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    """``sub`` occurs in ``seq`` in order, spanning at most ``len(sub) + MAX_GAP`` words."""
    if not sub:
        return False
    for start, word in enumerate(seq):
        if word != sub[0]:
            continue
        pos, ok = start, True
        for part in sub[1:]:
            try:
                pos = seq.index(part, pos + 1, start + len(sub) + MAX_GAP)
            except ValueError:
                ok = False
                break
        if ok:
            return True
    return False


def expand(normalized_query: str) -> list[Expansion]:
    """Expansions triggered by ``normalized_query`` (output of :func:`kefu.search.normalize.normalize`)."""
    compact = normalized_query.replace(" ", "")
    stems = tuple(stem(r.text) for r in script_runs(normalized_query) if r.script == "lat")
    out: list[Expansion] = []
    seen: set[str] = set()
    for patterns, targets, kind in _rules():
        for pat in patterns:
            hit = (pat.han is not None and pat.han in compact) or (
                pat.han is None and _contains(stems, pat.stems)
            )
            if hit:
                for target in targets:
                    if target not in seen:
                        seen.add(target)
                        out.append(Expansion(pat.raw, target, kind))
                break
    return out
