"""One reply being built: :class:`Turn` holds the tools, channel, language and memory of a conversation turn
and has a method per kind of reply (:mod:`kefu.assistant.dialogue` decides which one to call).

Replies that act on a request (emergency, scam warning, complaint, hand-off, a secret given away) also answer
whatever else the message asked, when the help-center search is sure of it: the article is attached and
named in the text. Failures are counted in :class:`~kefu.assistant.memory.Memory`; once they reach the limit
(one sooner for an upset customer) a person is offered first.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from kefu.assistant.compose import answer_text
from kefu.assistant.lexicon import load_lexicon
from kefu.assistant.memory import Memory
from kefu.assistant.model import ArticleRef, Context, QuickReply, Reply, Tools
from kefu.assistant.replies import Style, hotlines, label, say
from kefu.cases.states import STATUSES, status_name
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
        items = [
            QuickReply(f"{c.icon} {c.name}".strip() if self.style.markdown else c.name, f"category:{c.key}")
            for c in self.tools.categories(self.locale)
        ]
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

    def reply(self, text: str, intent: str, quick: Sequence[QuickReply] = (), **flags: object) -> Reply:
        human_offered = bool(flags.pop("human_offered", False))
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
            topic=self.memory.topic,
            case_number=self.case_number,
            upset=self.upset,
            state=self.memory.to_state(),
            human_offered=human_offered,
            **flags,  # type: ignore[arg-type]
        )

    def ref(self, article: Article) -> ArticleRef:
        link = self.tools.article_link(article.slug, article.locale)
        return ArticleRef(article.slug, article.locale, article.title, link)

    def related(self, query: str | None) -> Article | None:
        """The article the search is confident answers ``query`` (clear or one of a few), if any."""
        if not query:
            return None
        response = self.tools.search(query, self.locale)
        if response.confidence == "none" or not response.hits:
            return None
        hit = response.hits[0]
        return self.tools.article(hit.slug, hit.locale)

    def _with_article(self, text: str, article: Article | None, key: str) -> str:
        if article is None:
            return text
        self.memory.topic = article.category
        ref = self.ref(article)
        link = ref.link if self.style.links != "none" else ""
        line = self.say(key, title=article.title)
        if self.style.links == "markdown":
            line = self.say(key, title=f"[{article.title}]({ref.link})")
            link = ""
        return self.join(text, "\n".join(p for p in (line, link) if p))

    # ------------------------------------------------------------------ answers from the help center
    def search(self, query: str) -> Reply:
        response = self.tools.search(query, self.locale)
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
        ref = self.ref(article)
        body = answer_text(article, ref.link, self.channel, section)
        text = self.join(self.say("upset") if self.upset else "", body, self.say("answer_ask"))
        quick = [
            QuickReply(label("yes", self.locale), f"helpful:yes:{article.slug}"),
            QuickReply(label("no", self.locale), f"helpful:no:{article.slug}"),
        ]
        due = self.memory.human_due()
        if due:
            quick.append(self.human())
        return self.reply(text, "answer", quick, article=ref, human_offered=due)

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
        text = self._with_article(self.say("handoff"), article, "while_waiting")
        return self.reply(text, "handoff", handoff=True, article=self.ref(article) if article else None)

    def emergency(self, kind: str, query: str | None = None) -> Reply:
        self.memory.topic = load_lexicon().topics.get("emergency", self.memory.topic)
        article = self.related(query)
        lines = [self.say("emergency", **hotlines(self.locale))]
        if not self.style.short:
            lines.append(self.say(f"emergency_{kind}"))
        text = self._with_article(self.join(*lines, self.say("emergency_connect")), article, "see_also")
        ref = self.ref(article) if article else None
        return self.reply(text, "emergency", handoff=True, priority=True, article=ref, kind=kind)

    def scam(self, query: str | None) -> Reply:
        self.memory.topic = load_lexicon().topics.get("scam_warning", self.memory.topic)
        article = self.related(query)
        text = self._with_article(self.say("scam", **hotlines(self.locale)), article, "see_also")
        quick = [QuickReply(label("emergency", self.locale), "emergency"), self.human()]
        return self.reply(text, "scam_warning", quick, article=self.ref(article) if article else None)

    def secret(self, query: str | None) -> Reply:
        article = self.related(query)
        text = self._with_article(self.say("secret_warning"), article, "see_also")
        if article is None:
            self.memory.topic = load_lexicon().topics.get("secret", self.memory.topic)
        quick = [QuickReply(label("emergency", self.locale), "emergency"), self.human()]
        return self.reply(text, "secret_warning", quick, article=self.ref(article) if article else None)

    def complaint(self, query: str | None = None) -> Reply:
        self.memory.topic = load_lexicon().topics.get("complaint", self.memory.topic)
        article = self.related(query)
        text = self._with_article(self.say("complaint"), article, "see_also")
        ref = self.ref(article) if article else None
        return self.reply(text, "complaint", [self.human()], complaint=True, article=ref)

    def case_status(self, number: str) -> Reply:
        self.case_number = number
        found = self.tools.case_status(number)
        if found is None:
            key = "case_unknown" if self.signed_in else "case_unknown_signed_out"
            return self.reply(self.say(key), "case_status", [self.human(), self.back()])
        status = status_name(found.status, self.locale) if found.status in STATUSES else found.status
        kind = self.say(f"case_kind_{found.kind}") if found.kind in ("case", "complaint", "dispute") else ""
        parts = [self.say("case_found", kind=kind, number=found.number, status=status).strip()]
        if found.due_date and found.status in ("received", "in_progress"):
            parts.append(self.say("case_due", due=_date(found.due_date, self.locale)))
        if found.status in STATUSES:
            parts.append(self.say(f"case_hint_{found.status}"))
        text = " ".join(parts) if self.locale == "en" else "".join(parts)
        return self.reply(text, "case_status", [self.back(), self.human()])

    # ------------------------------------------------------------------ small talk
    def greeting(self, intent: str = "greeting") -> Reply:
        return self.reply(self.say("greeting" if intent == "greeting" else "menu"), intent, self.menu())

    def language(self, target: str, previous: str) -> Reply:
        key = "language_same" if target == previous else "language_switched"
        return self.reply(self.say(key), "language", self.menu(), kind=target)

    def simple(self, intent: str, quick: Sequence[QuickReply] = (), **flags: object) -> Reply:
        """thanks, bye, describe, empty: a fixed text."""
        return self.reply(self.say(intent), intent, quick, **flags)


def _date(day: date, locale: str) -> str:
    if locale == "zh-CN":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {day:%B} {day.year}"
