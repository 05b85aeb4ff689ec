"""The customer-service assistant: pure logic over the help-center search, shared by every channel.

model       Context, Reply, QuickReply, ArticleRef, CaseStatus, the Tools seam the caller implements
dialogue    Assistant: greet / respond / choose — routes each message to a kind of reply
turns       Turn: builds each kind of reply (answer, clarify, no answer, category, hand-off, complaint, ...)
safety      emergencies (freeze first, priority hand-off), scam warnings, secrets given away
status      a case's status for the customer who gave its number (unknown and not-yours alike)
intents     detect(): what a message asks for besides an answer (person, emergency, complaint, ...)
matching    messages as units; pinyin and typo repair; finding vocabulary terms
lexicon     data/intents.yaml → Lexicon (vocabulary, rules, negations, secrets, mood)
disclosure  passwords, PINs and codes the customer gives away: found and removed, never echoed
mood        whether a message sounds upset (!!!, ALL CAPS, insults)
compose     answers from an article's key steps, worded for chat, WeChat, SMS or voice
replies     every text the assistant says (data/replies.yaml), per locale and channel
memory      what is remembered between turns (Reply.state → Context.state)

No database and no tables: the caller supplies :class:`Tools` (search, articles, categories, links, case
status) and stores ``Reply.state``.
"""

from __future__ import annotations

from kefu.assistant.dialogue import Assistant
from kefu.assistant.intents import Detection, detect
from kefu.assistant.model import CHANNELS, ArticleRef, CaseStatus, Context, QuickReply, Reply, Tools

__all__ = [
    "CHANNELS",
    "ArticleRef",
    "Assistant",
    "CaseStatus",
    "Context",
    "Detection",
    "QuickReply",
    "Reply",
    "Tools",
    "detect",
]
