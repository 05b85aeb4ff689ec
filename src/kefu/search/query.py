"""From raw user text to a weighted query: normalise, detect the language, repair, expand, weigh terms."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from kefu.search.analysis import script_runs, terms
from kefu.search.expansion import Expansion, expand
from kefu.search.normalize import normalize
from kefu.search.repair import Repair, Vocabulary, repair_query

__all__ = ["QueryPlan", "QueryWeights", "detect_locale", "plan_query"]


@dataclass(frozen=True, slots=True)
class QueryWeights:
    """How much each kind of evidence counts; tuned on the dev queries (see docs/search.md)."""

    word: float = 1.0
    bigram: float = 0.4
    pair: float = 0.5
    repair: float = 0.8
    synonym: float = 0.6
    phrasing: float = 0.6

    def kind(self, term: str) -> float:
        return {"w": self.word, "b": self.bigram, "p": self.pair}[term[0]]


@dataclass(slots=True)
class QueryPlan:
    raw: str
    text: str
    locale: str
    weights: dict[str, float]
    repairs: list[Repair] = field(default_factory=list)
    expansions: list[Expansion] = field(default_factory=list)
    did_you_mean: str | None = None
    #: Words of the query (original and repaired) for highlighting snippets.
    highlight: list[str] = field(default_factory=list)

    def dense_text(self) -> str:
        """What the dense encoders read: the repaired query plus what its everyday phrasings mean,
        in the query's own language (the encoders are multilingual, but mixing scripts blurs them)."""
        base = self.did_you_mean or self.text
        want_han = self.locale == "zh-CN"
        meanings = [
            e.text
            for e in self.expansions
            if e.kind == "phrasing"
            and any((r.script == "han") == want_han for r in script_runs(normalize(e.text)))
        ]
        return " ".join([base, *meanings]) if meanings else base


def detect_locale(text: str) -> str:
    """ "zh-CN" when the (normalised) text is mostly Chinese, else "en"."""
    han = sum(len(r.text) for r in script_runs(text) if r.script == "han")
    latin = sum(len(r.text) for r in script_runs(text) if r.script == "lat" and r.text.isalpha())
    if han == 0:
        return "en"
    return "zh-CN" if han * 3 >= latin or han >= 4 else "en"


def _add(
    weights: dict[str, float], text: str, factor: float, qw: QueryWeights, *, extra: bool = False
) -> None:
    """Add ``text``'s terms. Extra evidence (repairs, expansions) never adds up: a term keeps the
    strongest single reason it has, so a big synonym group cannot outweigh what the user typed."""
    for term, tf in Counter(terms(text, normalized=False)).items():
        w = factor * qw.kind(term) * tf
        weights[term] = max(weights.get(term, 0.0), w) if extra else weights.get(term, 0.0) + w


def plan_query(raw: str, vocab: Vocabulary, qw: QueryWeights | None = None) -> QueryPlan:
    qw = qw or QueryWeights()
    text = normalize(raw)
    plan = QueryPlan(raw=raw, text=text, locale=detect_locale(text), weights={})
    _add(plan.weights, text, 1.0, qw)
    plan.repairs = repair_query(text, vocab)
    for rep in plan.repairs:
        _add(plan.weights, rep.replacement, qw.repair * rep.score, qw, extra=True)
    repaired = text
    for rep in plan.repairs:
        repaired = (
            repaired.replace(rep.original, rep.replacement, 1) if rep.original in repaired else repaired
        )
    plan.expansions = expand(repaired)
    for exp in plan.expansions:
        _add(plan.weights, exp.text, qw.synonym if exp.kind == "synonym" else qw.phrasing, qw, extra=True)
    if repaired != text:
        plan.did_you_mean = repaired
    plan.highlight = [r.text for r in script_runs(text)] + [r.replacement for r in plan.repairs]
    return plan
