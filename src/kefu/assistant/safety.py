"""Replies that protect the customer's money: emergencies, scam warnings, and secrets given away.

* **emergency** (lost or stolen phone, scammed, unauthorised payment, a code shared): how to freeze the
  account comes first — the hotline numbers from the official contact channels, any hour — then what to do
  next for that kind of emergency, then a priority hand-off (``handoff`` and ``priority``).
* **scam warning** (a "safe account", screen sharing, remote-control apps, someone asking for a code, a fee
  before a refund): what we never do and how to check, with "I already paid or shared a code" (which leads
  to the emergency reply) and a person as options.
* **secret warning** (a password, PIN or code typed into the conversation): never send them to anyone;
  the text never repeats what was typed, and only the message without it was searched.

Each also names the article the search is sure of, if any. The words are kefu's own, in ``replies.yaml``.
"""

from __future__ import annotations

from kefu.assistant.model import QuickReply, Reply
from kefu.assistant.replies import hotlines, label
from kefu.assistant.turns import Turn

__all__ = ["emergency", "scam_warning", "secret_warning"]


def emergency(turn: Turn, kind: str, query: str | None = None) -> Reply:
    article = turn.related(query)
    turn.set_topic(None, "emergency")
    lines = [turn.say("emergency", **hotlines(turn.locale))]
    if not turn.style.short:
        lines.append(turn.say(f"emergency_{kind}"))
    text = turn.with_article(turn.join(*lines, turn.say("emergency_connect")), article, "see_also")
    return turn.reply(text, "emergency", handoff=True, priority=True, article=article, kind=kind)


def scam_warning(turn: Turn, query: str | None) -> Reply:
    article = turn.related(query)
    turn.set_topic(None, "scam_warning")
    text = turn.with_article(turn.say("scam", **hotlines(turn.locale)), article, "see_also")
    return turn.reply(text, "scam_warning", _already_and_human(turn), article=article)


def secret_warning(turn: Turn, query: str | None) -> Reply:
    article = turn.related(query)
    turn.set_topic(article, "secret")
    text = turn.with_article(turn.say("secret_warning"), article, "see_also")
    return turn.reply(text, "secret_warning", _already_and_human(turn), article=article)


def _already_and_human(turn: Turn) -> list[QuickReply]:
    return [QuickReply(label("emergency", turn.locale), "emergency"), turn.human()]
