"""One reply being built: :class:`Turn` holds the tools, channel, language and memory of a conversation turn
and has a method per kind of reply (:mod:`kefu.assistant.dialogue` decides which one to call).

Replies that act on a request (hand-off, complaint; and those of :mod:`kefu.assistant.safety`) also answer
whatever else the message asked, when the help-center search is sure of it: the article is attached and
named in the text. Failures are counted in :class:`~kefu.assistant.memory.Memory`; once they reach the limit
(one sooner for an upset customer) a person is offered first.
"""

from __future__ import annotations

from collections.abc import Sequence

from kefu.assistant.compose import answer_text
from kefu.assistant.lexicon import load_lexicon
from kefu.assistant.memory import Memory
from kefu.assistant.model import ArticleRef, Context, QuickReply, Reply, Tools
from kefu.assistant.replies import Style, label, say
from kefu.errors import InvalidInput
from kefu.helpcenter.searching import MAX_QUERY_CHARS
from kefu.kb.model import Article
from kefu.search.results import SearchResponse

__all__ = ["Turn"]

_MAX_ARTICLES = {"chat": 8, "wechat": 8, "sms": 5, "voice": 4}
#: Runners-up scoring at least this share of a clear answer's score are offered if the answer did not help.
_CLOSE = 0.4


class Turn:
    def __init__(
        self,
        tools: Tools,
        context: Context,
        locale: str,
        memory: Memory,
        *,
        upset: bool = False,
        case_number: str | None = None,
    ) -> None:
        self.tools = tools
        self.channel = context.channel
        self.signed_in = context.signed_in
        self.locale = locale
        self.memory = memory
        self.upset = upset
        self.case_number = case_number
        self.style = Style.of(self.channel)
        if upset:
            memory.upset = True

    # ------------------------------------------------------------------ building blocks
    def say(self, key: str, **fields: object) -> str:
        return say(key, self.locale, self.channel, **fields)

    def join(self, *parts: str) -> str:
        joiner = " " if self.style.spoken else "\n\n" if self.style.markdown else "\n"
        return joiner.join(p for p in parts if p)

    def human(self) -> QuickReply:
        return QuickReply(label("human", self.locale), "human")

    def other(self) -> QuickReply:
        return QuickReply(label("other", self.locale), "other")

    def back(self) -> QuickReply:
        return QuickReply(label("menu", self.locale), "menu")

    def menu(self) -> list[QuickReply]:
        """The problem-type menu: every category, then a person."""
        items = [QuickReply(c.name, f"category:{c.key}") for c in self.tools.categories(self.locale)]
        return [*items, self.human()]

    def articles(self, slugs: Sequence[str], titles: dict[str, str] | None = None) -> list[QuickReply]:
        out = []
        for slug in dict.fromkeys(slugs):
            title = (titles or {}).get(slug)
            if title is None:
                article = self.tools.article(slug, self.locale)
                title = article.title if article else None
            if title:
                out.append(QuickReply(title, f"article:{slug}"))
        return out

    def reply(
        self,
        text: str,
        intent: str,
        quick: Sequence[QuickReply] = (),
        *,
        article: Article | None = None,
        handoff: bool = False,
        priority: bool = False,
        complaint: bool = False,
        end: bool = False,
        kind: str = "",
        human_offered: bool = False,
    ) -> Reply:
        """The finished reply: an upset customer sees a person first; channels without buttons get the
        options as a numbered list; the memory is written into ``state``."""
        quick = list(quick)
        if self.upset and intent not in ("handoff", "emergency", "bye", "thanks"):
            quick = [self.human(), *(q for q in quick if q.payload != "human")]
            human_offered = True
        if self.style.numbered and quick:
            options = "\n".join(f"{n}. {q.label}" for n, q in enumerate(quick, 1))
            text = "\n".join([text, options, self.say("choose_number")])
        self.memory.choices = [q.payload for q in quick]
        return Reply(
            text=text,
            locale=self.locale,
            intent=intent,
            quick_replies=tuple(quick),
            article=self.ref(article) if article else None,
            handoff=handoff,
            priority=priority,
            topic=self.memory.topic,
            case_number=self.case_number,
            complaint=complaint,
            end=end,
            upset=self.upset,
            state=self.memory.to_state(),
            kind=kind,
            human_offered=human_offered,
        )

    def ref(self, article: Article) -> ArticleRef:
        link = self.tools.article_link(article.slug, article.locale)
        return ArticleRef(article.slug, article.locale, article.title, link)

    def related(self, query: str | None) -> Article | None:
        """The article the search is confident answers ``query`` (clear or one of a few), if any."""
        if not query:
            return None
        response = self.find(query)
        if response.confidence == "none" or not response.hits:
            return None
        hit = response.hits[0]
        return self.tools.article(hit.slug, hit.locale)

    def with_article(self, text: str, article: Article | None, key: str) -> str:
        """``text``, then a line naming ``article`` (with its link where the channel shows links)."""
        if article is None:
            return text
        ref = self.ref(article)
        link = ref.link if self.style.links != "none" else ""
        line = self.say(key, title=article.title)
        if self.style.links == "markdown":
            line = self.say(key, title=f"[{article.title}]({ref.link})")
            link = ""
        return self.join(text, "\n".join(p for p in (line, link) if p))

    # ------------------------------------------------------------------ answers from the help center
    def find(self, query: str) -> SearchResponse:
        """The help-center search; a query the search refuses (too long, nothing in it) finds nothing."""
        try:
            return self.tools.search(query[:MAX_QUERY_CHARS], self.locale)
        except InvalidInput:
            return SearchResponse(query=query, locale=self.locale, hits=[])

    def search(self, query: str) -> Reply:
        response = self.find(query)
        if response.confidence == "clear" and response.hits:
            hit = response.hits[0]
            article = self.tools.article(hit.slug, hit.locale)
            if article is not None:
                self.memory.offered = [
                    h.slug for h in response.hits[1:4] if h.slug != hit.slug and h.score >= _CLOSE * hit.score
                ]
                return self.answer(article, hit.section)
        if response.confidence == "ambiguous" and response.candidates:
            return self.clarify(response)
        return self.no_answer()

    def answer(self, article: Article, section: str = "") -> Reply:
        self.memory.article = article.slug
        self.memory.topic = article.category
        body = answer_text(article, self.ref(article).link, self.channel, section)
        text = self.join(self.say("upset") if self.upset else "", body, self.say("answer_ask"))
        quick = [
            QuickReply(label("yes", self.locale), f"helpful:yes:{article.slug}"),
            QuickReply(label("no", self.locale), f"helpful:no:{article.slug}"),
        ]
        due = self.memory.human_due()
        if due:
            quick.append(self.human())
        return self.reply(text, "answer", quick, article=article, human_offered=due)

    def clarify(self, response: SearchResponse) -> Reply:
        slugs = response.candidates[:3]
        hits = {h.slug: h for h in response.hits}
        categories = {hits[s].category for s in slugs if s in hits}
        if len(categories) == 1:
            self.memory.topic = categories.pop() or self.memory.topic
        self.memory.offered = list(slugs)
        titles = {s: hits[s].title for s in slugs if s in hits}
        quick = [
            *self.articles(slugs, titles),
            self.other(),
            self.human(),
        ]
        text = self.join(self.say("upset") if self.upset else "", self.say("clarify"))
        return self.reply(text, "clarify", quick)

    def no_answer(self) -> Reply:
        self.memory.failures += 1
        if self.memory.human_due():
            quick = [self.human(), *self.menu()[:-1]]
            return self.reply(self.say("offer_human"), "no_answer", quick, human_offered=True)
        text = self.say("upset_alone") if self.upset else self.say("no_answer")
        return self.reply(text, "no_answer", self.menu())

    def article(self, slug: str) -> Reply:
        article = self.tools.article(slug, self.locale)
        if article is None:
            return self.reply(self.say("article_missing"), "no_answer", self.menu())
        self.memory.offered = [s for s in self.memory.offered if s != slug]
        return self.answer(article)

    def category(self, key: str) -> Reply:
        info = next((c for c in self.tools.categories(self.locale) if c.key == key), None)
        name = info.name if info else key
        self.memory.topic = key if info else self.memory.topic
        found = self.tools.articles_in_category(key, self.locale)[: _MAX_ARTICLES.get(self.channel, 8)]
        if not found:
            return self.reply(self.say("category_empty", category=name), "category_menu", self.menu())
        quick = [
            *self.articles([a.slug for a in found], {a.slug: a.title for a in found}),
            self.other(),
            self.human(),
        ]
        return self.reply(self.say("category", category=name), "category_menu", quick)

    def feedback(self, helpful: bool, slug: str) -> Reply:
        if helpful:
            self.memory.failures = 0
            return self.reply(self.say("feedback_yes"), "feedback_yes", self.menu())
        self.memory.failures += 1
        others = self.articles([s for s in self.memory.offered if s != slug][:3])
        if self.memory.human_due():
            quick = [self.human(), *others, self.back()]
            return self.reply(self.say("offer_human"), "feedback_no", quick, human_offered=True)
        quick = [*others, self.other(), self.human()]
        return self.reply(self.say("feedback_no"), "feedback_no", quick)

    # ------------------------------------------------------------------ requests
    def handoff(self, query: str | None = None) -> Reply:
        article = self.related(query)
        self.set_topic(article)
        text = self.with_article(self.say("handoff"), article, "while_waiting")
        return self.reply(text, "handoff", handoff=True, article=article)

    def complaint(self, query: str | None = None) -> Reply:
        article = self.related(query)
        self.set_topic(None, "complaint")
        text = self.with_article(self.say("complaint"), article, "see_also")
        return self.reply(text, "complaint", [self.human()], complaint=True, article=article)

    def set_topic(self, article: Article | None, intent: str = "") -> None:
        """The conversation's category: the article's, else the one the intent implies (data), else as was."""
        if article is not None:
            self.memory.topic = article.category
        elif intent:
            self.memory.topic = load_lexicon().topics.get(intent, self.memory.topic)

    # ------------------------------------------------------------------ small talk
    def greeting(self, intent: str = "greeting") -> Reply:
        return self.reply(self.say("greeting" if intent == "greeting" else "menu"), intent, self.menu())

    def language(self, target: str, previous: str) -> Reply:
        key = "language_same" if target == previous else "language_switched"
        return self.reply(self.say(key), "language", self.menu(), kind=target)

    def simple(self, intent: str, quick: Sequence[QuickReply] = (), *, end: bool = False) -> Reply:
        """thanks, bye, describe, empty: a fixed text."""
        return self.reply(self.say(intent), intent, quick, end=end)
