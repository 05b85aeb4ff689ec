"""What a customer's message asks for, besides a help-center answer: :func:`detect` → :class:`Detection`.

Detection never guesses at questions: anything that is not one of the requests below is left to the
help-center search (``intent`` is None). The requests, first match wins:

1. a secret given away (:mod:`kefu.assistant.disclosure`) — checked before anything else;
2. ``emergency`` (lost or stolen phone, scammed, unauthorised payment, a code shared with someone);
3. ``scam_warning`` (a "safe account", screen sharing, remote-control apps, someone asking for a code);
4. ``complaint``; 5. ``handoff`` (a person); 6. ``language``; 7. ``bye``, ``thanks``, ``greeting``.

Vocabulary comes from ``data/intents.yaml`` and is matched by :mod:`kefu.assistant.matching`. A kind is
found through a *phrase* anywhere in the message, a *rule* (groups of words near each other in one
sentence), or a bare *word* when the whole message is that request ("agent pls", 我要人工) — so "the agent
told me…" or 和客服的聊天记录 stay questions. A match just after a negation ("didn't", 没, 不要) or inside an
``unless`` span ("phone number", 手机号) does not count. ``whole`` says the message holds nothing else; when
it does hold more, the caller may search the rest too. Case numbers (C/CP/D + 12 digits) are picked out
whatever the intent.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from kefu.assistant.disclosure import find_secret
from kefu.assistant.lexicon import Kind, Lexicon, Rule, load_lexicon
from kefu.assistant.matching import Match, Unit
from kefu.assistant.mood import is_upset
from kefu.cases.numbers import parse_number
from kefu.search.normalize import normalize
from kefu.search.query import detect_locale

__all__ = ["INTENTS", "SMALL_TALK", "Detection", "detect"]

#: The requests detection looks for, in priority order.
INTENTS: tuple[str, ...] = (
    "emergency",
    "scam_warning",
    "complaint",
    "handoff",
    "language",
    "bye",
    "thanks",
    "greeting",
)
#: Intents acted on only when they are the whole message; their words may surround any other request.
SMALL_TALK: tuple[str, ...] = ("bye", "thanks", "greeting")

#: Only this much of a message is read (and searched): chat messages are short, and this bounds the work.
MAX_READ = 2000

_CASE_NUMBER = re.compile(r"(?<![a-z0-9])(cp|c|d)[ \-]?(\d{12})(?!\d)")


@dataclass(frozen=True)
class Detection:
    #: One of :data:`INTENTS`, "secret" for a secret given away, or None: a question for the search.
    intent: str | None
    kind: str = ""
    #: The message is nothing but this request (plus filler and small talk).
    whole: bool = False
    case_number: str | None = None
    upset: bool = False
    #: The language the message itself is written in, when that is clear.
    locale: str | None = None
    #: What may be searched: the message, with any secret taken out.
    query: str = ""
    #: Nothing searchable in the message at all.
    empty: bool = False


def detect(text: str) -> Detection:
    lexicon = load_lexicon()
    text = (text or "")[:MAX_READ]
    normalized = normalize(text)
    disclosure = find_secret(normalized)
    reading = _Reading(lexicon, lexicon.matcher.read(disclosure.masked))

    def detection(intent: str | None, kind: Kind | None = None) -> Detection:
        return Detection(
            intent,
            kind.kind if kind else "",
            whole=reading.whole(kind),
            case_number=_case_number(normalized),
            upset=is_upset(text, reading.has("insult")),
            locale=_language(normalized, reading.units),
            query=disclosure.masked if disclosure.found else text.strip(),
            empty=not reading.units,
        )

    if disclosure.found:
        return detection("secret")
    for intent in INTENTS:
        for kind in lexicon.kinds_of(intent):
            if reading.found(kind, small_talk=intent in SMALL_TALK):
                return detection(intent, kind)
    return detection(None)


def _case_number(normalized: str) -> str | None:
    m = _CASE_NUMBER.search(normalized)
    return parse_number(m.group(0)) if m else None


def _language(normalized: str, units: list[Unit]) -> str | None:
    """zh-CN or en when the message is clearly written in it (pinyin counts as Chinese), else None."""
    han = sum(1 for u in units if u.han)
    words = sum(1 for u in units if not u.han and u.text.isalpha())
    if any(u.pinyin for u in units):
        return "zh-CN"
    if han >= 2 and detect_locale(normalized) == "zh-CN":
        return "zh-CN"
    if han == 0 and words >= 3:
        return "en"
    return None


class _Reading:
    """One message's units and term matches, and the questions detection asks of them."""

    def __init__(self, lexicon: Lexicon, units: list[Unit]) -> None:
        self.lexicon = lexicon
        self.units = units
        self.matches = lexicon.matcher.find(units)
        self._by_tag: dict[str, list[Match]] = {}
        for m in self.matches:
            self._by_tag.setdefault(m.tag, []).append(m)
        self._small_talk = {
            m.tag for m in self.matches if m.tag.split(":")[0] in SMALL_TALK and m.tag.endswith(":word")
        }

    def has(self, tag: str) -> bool:
        return tag in self._by_tag

    def found(self, kind: Kind, *, small_talk: bool) -> bool:
        if small_talk:
            return bool(self._valid(kind, kind.tag("word"))) and self.whole(kind)
        if self._valid(kind, kind.tag("phrase")):
            return True
        if any(self._rule_holds(kind, rule) for rule in kind.rules):
            return True
        return bool(self._valid(kind, kind.tag("word"))) and self.whole(kind)

    def whole(self, kind: Kind | None) -> bool:
        """Every unit belongs to ``kind``'s terms, filler, small talk or a case number."""
        allowed = {"filler", *self._small_talk}
        if kind is not None:
            allowed.add(kind.tag("phrase"))
            allowed.add(kind.tag("word"))
            allowed.update(tag for rule in kind.rules for tag in rule.groups)
        covered: set[int] = set()
        for m in self.matches:
            if m.tag in allowed:
                covered.update(range(m.start, m.end))
        for i, unit in enumerate(self.units):
            if _CASE_NUMBER.fullmatch(unit.text):
                covered.add(i)
        return len(covered) == len(self.units)

    def _valid(self, kind: Kind, tag: str, *, negation: bool = True) -> list[Match]:
        """The matches of ``tag`` outside ``kind``'s unless spans (and not negated, unless told)."""
        unless = self._by_tag.get(kind.tag("unless"), [])
        return [
            m
            for m in self._by_tag.get(tag, [])
            if not (negation and self._negated(m)) and not any(_overlaps(m, u) for u in unless)
        ]

    def _negated(self, match: Match, part_of: tuple[Match, ...] = ()) -> bool:
        """A negation ends just before ``match`` (one inside ``part_of``, the rest of a rule, aside)."""
        exceptions = self._by_tag.get("neg_except", [])
        for neg in self._by_tag.get("neg", []):
            if neg.clause != match.clause or neg.end > match.start:
                continue
            if any(_overlaps(neg, other) for other in part_of):
                continue
            if match.start - neg.end > self.lexicon.negation_within:
                continue
            if not any(_overlaps(neg, e) for e in exceptions):
                return True
        return False

    def _rule_holds(self, kind: Kind, rule: Rule) -> bool:
        options = [self._valid(kind, tag, negation=False) for tag in rule.groups]
        if not all(options):
            return False
        clauses = set.intersection(*({m.clause for m in group} for group in options))
        for clause in sorted(clauses):
            if self._holds_in(rule, [[m for m in group if m.clause == clause] for group in options]):
                return True
        return False

    def _holds_in(self, rule: Rule, options: list[list[Match]]) -> bool:
        """Whether one match per group, all in one clause, fit the rule."""
        for combo in itertools.product(*options):
            if any(_overlaps(a, b) for a, b in itertools.combinations(combo, 2)):
                continue
            if rule.ordered and any(a.end > b.start for a, b in itertools.pairwise(combo)):
                continue
            gap = max(m.start for m in combo) - min(m.end for m in combo)
            if gap <= rule.within and not any(self._negated(m, combo) for m in combo):
                return True
        return False


def _overlaps(a: Match, b: Match) -> bool:
    return a.start < b.end and b.start < a.end
