"""What the assistant takes and gives: plain frozen data, and the :class:`Tools` seam the caller fills in.

A channel (chat, SMS, WeChat, the hotline's speech recogniser) calls :class:`~kefu.assistant.Assistant` with
the customer's words and a :class:`Context`, and gets a :class:`Reply`: the text to send, the quick replies
to show (or read out), and flags telling the channel what to do next (hand off, priority queue, start a
complaint, end). ``Reply.state`` is the assistant's memory of the conversation; the caller stores it and
passes it back as ``Context.state`` on the next turn, so the assistant itself keeps nothing between calls.

Quick-reply payloads are a small closed language the channel sends back through
:meth:`~kefu.assistant.Assistant.choose`::

    category:<key>      list the articles of a help-center category
    article:<slug>      answer with that article
    helpful:yes:<slug>  the answer solved it            helpful:no:<slug>  it did not
    human               talk to a person                emergency          "I already paid / shared a code"
    lang:en             switch to English               lang:zh-CN         switch to Chinese
    menu                the problem-type menu           other              "my problem is not listed"
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Protocol

from kefu.helpcenter.categories import CategoryInfo
from kefu.kb.model import Article
from kefu.search.results import SearchResponse

__all__ = [
    "CHANNELS",
    "ArticleRef",
    "CaseStatus",
    "Context",
    "QuickReply",
    "Reply",
    "Tools",
]

#: The channels the assistant words its replies for. ``sms`` and ``voice`` get short, plain text.
CHANNELS: tuple[str, ...] = ("chat", "sms", "wechat", "voice")


@dataclass(frozen=True)
class QuickReply:
    """A button (or a spoken option): what the customer sees, and what comes back to ``choose``."""

    label: str
    payload: str


@dataclass(frozen=True)
class ArticleRef:
    """The help-center article a reply is based on."""

    slug: str
    locale: str
    title: str
    link: str


@dataclass(frozen=True)
class CaseStatus:
    """What the customer may know about one of their cases (see :mod:`kefu.cases.states` for statuses)."""

    number: str
    kind: str  # case | complaint | dispute
    status: str  # received | in_progress | waiting | resolved | closed
    due_date: date | None = None


@dataclass(frozen=True)
class Context:
    """The conversation as the caller knows it when a message arrives."""

    locale: str  # "zh-CN" | "en": the language the conversation is in now
    channel: str = "chat"  # chat | sms | wechat | voice
    state: Mapping[str, Any] = field(default_factory=dict)  # the previous Reply.state
    signed_in: bool = False


class Tools(Protocol):
    """What the assistant may ask of the rest of kefu; the chat layer wraps the live help-center snapshot."""

    def search(self, query: str, locale: str | None) -> SearchResponse: ...

    def article(self, slug: str, locale: str) -> Article | None: ...

    def articles_in_category(self, category: str, locale: str) -> list[Article]: ...

    def categories(self, locale: str) -> list[CategoryInfo]: ...

    def article_link(self, slug: str, locale: str) -> str: ...

    def case_status(self, number: str) -> CaseStatus | None:
        """The case if it exists and belongs to this customer; ``None`` otherwise (never say which)."""
        ...


@dataclass(frozen=True)
class Reply:
    """One turn of the assistant. ``intent`` names what it understood (see :mod:`kefu.assistant.dialogue`)."""

    text: str
    locale: str
    intent: str
    quick_replies: tuple[QuickReply, ...] = ()
    article: ArticleRef | None = None
    handoff: bool = False  # put the conversation in the human queue
    priority: bool = False  # ... in the priority (emergency) queue
    topic: str | None = None  # the help-center category, once known
    case_number: str | None = None
    complaint: bool = False  # start the formal complaint flow
    end: bool = False  # the customer is done
    upset: bool = False
    state: dict[str, Any] = field(default_factory=dict)
    #: Addition: the kind behind ``intent`` where there are several (emergency: lost_phone, fraud,
    #: unauthorised, shared_code; language: the target locale; ...), else "".
    kind: str = ""
    #: Addition: True when the assistant is offering a person prominently (after failed tries, or upset).
    human_offered: bool = False
