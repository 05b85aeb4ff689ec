"""What the assistant remembers between turns, carried by the caller as ``Reply.state`` → ``Context.state``.

A small JSON object, versioned, read defensively (it comes back from storage, possibly from an older
release, possibly edited): anything missing or of the wrong type falls back to its default.

    {"v": 1, "failures": 1, "upset": false, "topic": "security", "article": "<slug>", "offered": ["<slug>"],
     "choices": ["helpful:yes:<slug>", "helpful:no:<slug>"]}

``failures`` counts tries that did not help (no answer found, or "this didn't solve it"); at
:data:`FAILURES_BEFORE_HUMAN` — or one fewer once the customer has been upset — the assistant offers a person
prominently. No customer text is kept here, so nothing secret can leak through it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = ["FAILURES_BEFORE_HUMAN", "Memory"]

VERSION = 1
FAILURES_BEFORE_HUMAN = 2
_MAX_OFFERED = 5
_MAX_CHOICES = 16


@dataclass
class Memory:
    failures: int = 0
    upset: bool = False
    #: The help-center category the conversation is about, once known.
    topic: str | None = None
    #: The article last given as an answer.
    article: str | None = None
    #: Other articles that were close, offered again if the answer did not help.
    offered: list[str] = field(default_factory=list)
    #: The payloads of the quick replies shown last, so a typed "2" can pick the second one.
    choices: list[str] = field(default_factory=list)

    @classmethod
    def from_state(cls, state: Mapping[str, Any] | None) -> Memory:
        state = state if isinstance(state, Mapping) else {}
        failures = state.get("failures")
        offered = state.get("offered")
        choices = state.get("choices")
        return cls(
            failures=failures if isinstance(failures, int) and failures >= 0 else 0,
            upset=state.get("upset") is True,
            topic=_text(state.get("topic")),
            article=_text(state.get("article")),
            offered=_texts(offered)[:_MAX_OFFERED],
            choices=_texts(choices)[:_MAX_CHOICES],
        )

    def to_state(self) -> dict[str, Any]:
        return {
            "v": VERSION,
            "failures": self.failures,
            "upset": self.upset,
            "topic": self.topic,
            "article": self.article,
            "offered": list(self.offered[:_MAX_OFFERED]),
            "choices": list(self.choices[:_MAX_CHOICES]),
        }

    def human_due(self) -> bool:
        """Whether a person should be offered prominently now."""
        return self.failures >= (FAILURES_BEFORE_HUMAN - 1 if self.upset else FAILURES_BEFORE_HUMAN)


def _texts(value: object) -> list[str]:
    return [s for s in value if isinstance(s, str) and s] if isinstance(value, list) else []


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None
