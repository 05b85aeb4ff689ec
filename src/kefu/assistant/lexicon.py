"""The assistant's vocabulary, read once from ``data/intents.yaml`` into a :class:`Lexicon`.

The file's comments describe the format. Every entry becomes a term in one
:class:`~kefu.assistant.matching.Matcher` with a tag saying what it is:

    filler                    words around a request ("please", 我要)
    neg / neg_except          negations, and phrases that only look like one (不小心)
    insult                    words that show the customer is upset
    <intent>:<kind>:phrase    counts anywhere           <intent>:<kind>:word    counts in a bare request
    <intent>:<kind>:unless    spans that do not count   <intent>:<kind>:r<i>g<j>  group j of rule i
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kefu.assistant.matching import Matcher

__all__ = ["Kind", "Lexicon", "Rule", "load_lexicon"]


@dataclass(frozen=True)
class Rule:
    #: The tag of each group, in order.
    groups: tuple[str, ...]
    #: At most this many units between the groups.
    within: int
    ordered: bool = False


@dataclass(frozen=True)
class Kind:
    intent: str
    kind: str
    rules: tuple[Rule, ...] = ()

    def tag(self, what: str) -> str:
        return f"{self.intent}:{self.kind}:{what}"


@dataclass(frozen=True)
class Lexicon:
    matcher: Matcher
    #: Every intent's kinds, in file order.
    kinds: tuple[Kind, ...]
    negation_within: int
    acronyms: frozenset[str]
    secret_digits: tuple[str, ...]
    secret_labels: tuple[str, ...]
    #: The help-center category each intent puts the conversation in (intent → category key).
    topics: dict[str, str]

    def kinds_of(self, intent: str) -> tuple[Kind, ...]:
        return tuple(k for k in self.kinds if k.intent == intent)


def _flat(value: Any) -> list[str]:
    """A YAML list (or list of lists) of entries → strings."""
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return [s for item in value for s in _flat(item)]
    return [str(value)]


@cache
def load_lexicon() -> Lexicon:
    text = files("kefu.assistant").joinpath("data/intents.yaml").read_text("utf-8")
    return build_lexicon(yaml.safe_load(text))


def build_lexicon(data: dict[str, Any]) -> Lexicon:
    """A :class:`Lexicon` from the parsed YAML document."""
    entries: list[tuple[str, str]] = [(w, "filler") for w in _flat(data.get("filler"))]
    negation = data.get("negation", {})
    entries += [(w, "neg") for w in _flat(negation.get("words")) + _flat(negation.get("words_zh"))]
    entries += [(w, "neg_except") for w in _flat(negation.get("except"))]
    mood = data.get("mood", {})
    entries += [(w, "insult") for w in _flat(mood.get("insults"))]
    kinds: list[Kind] = []
    for intent, by_kind in data.get("intents", {}).items():
        for kind_name, spec in by_kind.items():
            kind = Kind(str(intent), str(kind_name))
            for what in ("phrases", "words", "unless"):
                tag = kind.tag({"phrases": "phrase", "words": "word", "unless": "unless"}[what])
                entries += [(w, tag) for w in _flat(spec.get(what))]
            rules = []
            for i, rule in enumerate(spec.get("rules") or ()):
                tags = []
                for j, group in enumerate(rule["groups"]):
                    tag = kind.tag(f"r{i}g{j}")
                    entries += [(w, tag) for w in _flat(group)]
                    tags.append(tag)
                rules.append(Rule(tuple(tags), int(rule.get("within", 3)), bool(rule.get("ordered", False))))
            kinds.append(Kind(kind.intent, kind.kind, tuple(rules)))
    secrets = data.get("secrets", {})
    return Lexicon(
        matcher=Matcher(entries),
        kinds=tuple(kinds),
        negation_within=int(negation.get("within", 2)),
        acronyms=frozenset(w.lower() for w in _flat(mood.get("acronyms"))),
        secret_digits=tuple(_flat(secrets.get("digits"))),
        secret_labels=tuple(_flat(secrets.get("labels"))),
        topics={str(k): str(v) for k, v in (data.get("topics") or {}).items()},
    )
