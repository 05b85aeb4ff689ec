"""The assistant: one customer message (or quick reply) in, one :class:`~kefu.assistant.model.Reply` out.

:class:`Assistant` is stateless and channel-agnostic: chat, SMS, WeChat and the hotline call the same three
methods, and the conversation's memory travels in ``Context.state`` / ``Reply.state``. ``respond`` runs
:func:`~kefu.assistant.intents.detect` and routes:

    secret given away  → secret_warning (never echoed; the rest of the message may still be answered)
    emergency          → freeze instructions first, then a priority hand-off (handoff=True, priority=True)
    scam_warning       → how we never contact you, "I already paid" and a person as options
    complaint          → complaint=True (the caller starts the complaint flow)
    handoff            → handoff=True
    language           → the reply and everything after it in the other language
    bye / thanks / greeting (only when that is the whole message)
    a case number      → case_status through ``Tools.case_status`` (unknown and not-yours answer alike)
    anything else      → the help-center search: answer (clear), clarify (ambiguous), no_answer (none)

A case number in any message is also passed on as ``Reply.case_number``.

The reply's language is the one asked for, else the one the message is clearly written in, else the
conversation's. A number typed after numbered options ("2") picks that option, for SMS and WeChat.
"""

from __future__ import annotations

from kefu.assistant import safety, status
from kefu.assistant.intents import Detection, detect
from kefu.assistant.memory import Memory
from kefu.assistant.model import Context, QuickReply, Reply, Tools
from kefu.assistant.replies import label
from kefu.assistant.turns import Turn
from kefu.kb.model import LOCALES

__all__ = ["Assistant"]


class Assistant:
    def __init__(self, tools: Tools) -> None:
        self.tools = tools

    def greet(self, context: Context) -> Reply:
        """The greeting and the problem-type menu (every category, then a person)."""
        return self._turn(context, _locale(context.locale)).greeting()

    def respond(self, text: str, context: Context) -> Reply:
        """Reply to a message the customer typed (or said)."""
        memory = Memory.from_state(context.state)
        picked = _picked(text, memory)
        if picked is not None:
            return self.choose(picked, context)
        found = detect(text)
        locale = _reply_locale(context.locale, found)
        upset = found.upset and found.intent not in ("bye", "thanks", "greeting", "language")
        turn = Turn(self.tools, context, locale, memory, upset=upset, case_number=found.case_number)
        rest = None if found.whole else found.query
        match found.intent:
            case "secret":
                return safety.secret_warning(turn, rest)
            case "emergency":
                return safety.emergency(turn, found.kind, found.query)
            case "scam_warning":
                return safety.scam_warning(turn, found.query)
            case "complaint":
                return turn.complaint(rest)
            case "handoff":
                return turn.handoff(rest)
            case "language":
                return turn.language(found.kind, _locale(context.locale))
            case "bye":
                return turn.simple("bye", end=True)
            case "thanks":
                return turn.simple("thanks", turn.menu())
            case "greeting":
                return turn.greeting()
        if found.case_number:
            return status.case_status(turn, found.case_number)
        if found.empty:
            return turn.simple("empty", turn.menu())
        return turn.search(found.query)

    def choose(self, payload: str, context: Context) -> Reply:
        """Act on a quick reply the customer pressed (see :mod:`kefu.assistant.model` for payloads)."""
        what, _, rest = payload.strip().partition(":")
        locale = _locale(context.locale)
        if what == "lang" and rest in LOCALES:
            return self._turn(context, rest).language(rest, locale)
        turn = self._turn(context, locale)
        if what == "category" and rest:
            return turn.category(rest)
        if what == "article" and rest:
            return turn.article(rest)
        if what == "helpful" and rest:
            verdict, _, slug = rest.partition(":")
            return turn.feedback(verdict == "yes", slug)
        if what == "human":
            return turn.handoff()
        if what == "emergency":
            return safety.emergency(turn, "fraud")
        if what == "other":
            return turn.simple("describe", [QuickReply(label("human", locale), "human")])
        return turn.greeting("menu")

    def _turn(self, context: Context, locale: str) -> Turn:
        return Turn(self.tools, context, locale, Memory.from_state(context.state))


def _locale(value: str) -> str:
    """One of :data:`~kefu.kb.model.LOCALES` for whatever the caller passed ("en-US" → en, "zh" → zh-CN)."""
    if value in LOCALES:
        return value
    return "en" if (value or "").lower().startswith("en") else "zh-CN"


def _reply_locale(current: str, found: Detection) -> str:
    if found.intent == "language" and found.kind in LOCALES:
        return found.kind
    return found.locale or _locale(current)


def _picked(text: str, memory: Memory) -> str | None:
    """The payload of option ``n`` when the message is just the number ``n`` of an option shown last."""
    value = (text or "").strip().rstrip(".")
    if value.isdigit() and 1 <= int(value) <= len(memory.choices):
        return memory.choices[int(value) - 1]
    return None
