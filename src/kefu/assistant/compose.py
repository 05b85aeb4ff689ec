"""Short answers composed from a help-center article, worded for the channel.

An answer is the article's title, its opening sentence, its key steps and a link to the whole article:

* the steps are the numbered steps (:attr:`kefu.kb.model.Section.steps`) of the section the search matched
  best, else of the first section that has any;
* an article without numbered steps gives the first two sentences of that section instead;
* chat gets Markdown (bold title, numbered list, ``[text](link)``); WeChat and SMS plain text with the URL
  on its own line; voice reads "First, … Then, … Finally, …" and leaves the link out. SMS and voice keep
  three steps at most, each cut to a readable length.

The text is built from the article alone: nothing the customer typed is repeated.
"""

from __future__ import annotations

import re

from kefu.assistant.replies import Style, say, voice_steps
from kefu.kb.model import Article, Section

__all__ = ["answer_text", "first_sentences", "key_steps"]

_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s*")
_SHORT_STEP = 140


def first_sentences(text: str, count: int = 2) -> list[str]:
    """The first ``count`` sentences of plain text (a table row or list line counts as one)."""
    sentences: list[str] = []
    for line in text.splitlines():
        for part in _SENTENCE_END.split(line.strip()):
            if part.strip():
                sentences.append(part.strip())
            if len(sentences) >= count:
                return sentences
    return sentences


def key_steps(article: Article, section: str = "") -> list[str]:
    """The steps worth quoting: the matched section's, else the first section's that has steps."""
    chosen = _section(article, section)
    if chosen is not None and chosen.steps:
        return list(chosen.steps)
    for candidate in article.sections:
        if candidate.steps:
            return list(candidate.steps)
    return []


def _section(article: Article, heading: str) -> Section | None:
    if not heading:
        return None
    return next((s for s in article.sections if s.heading == heading), None)


def _lead(article: Article) -> str:
    opening = article.sections[0] if article.sections else None
    if opening is None:
        return first_sentences(article.body, 1)[0] if article.body.strip() else ""
    sentences = first_sentences(opening.text, 1)
    return sentences[0] if sentences else ""


def answer_text(article: Article, link: str, channel: str = "chat", section: str = "") -> str:
    """The answer to send on ``channel`` (without the "did this solve it?" question)."""
    style = Style.of(channel)
    steps = key_steps(article, section)[: style.steps]
    lead = _lead(article)
    body: list[str] = []
    if not steps:
        matched = _section(article, section) or next((s for s in article.sections if s.text), None)
        sentences = first_sentences(matched.text) if matched else []
        body = [s for s in sentences if s != lead]
    if style.short:
        steps = [_shorten(s) for s in steps]
        body = [_shorten(s) for s in body[:1]]
    title = _sentence(article.title, article.locale) if style.spoken else article.title
    parts = [f"**{title}**" if style.markdown else title]
    if lead and not style.short:
        parts.append(lead)
    if style.spoken:
        parts.append(" ".join(_spoken(steps, article.locale) + body))
    elif steps:
        parts.append("\n".join(f"{n}. {step}" for n, step in enumerate(steps, 1)))
    if body and not style.spoken:
        parts.append(" ".join(body))
    if style.links == "markdown":
        parts.append(f"[{say('answer_more', article.locale)}]({link})")
    elif style.links == "plain":
        parts.append(link)
    joiner = " " if style.spoken else "\n\n" if style.markdown else "\n"
    return joiner.join(p for p in parts if p)


def _spoken(steps: list[str], locale: str) -> list[str]:
    words = voice_steps(locale)
    out = []
    for n, step in enumerate(steps):
        word = words[-1] if n == len(steps) - 1 and n > 0 else words[min(n, len(words) - 2)]
        if locale != "zh-CN" and step[1:2].islower():
            step = step[0].lower() + step[1:]
        out.append(f"{word}{'' if locale == 'zh-CN' else ' '}{_sentence(step, locale)}")
    return out


def _sentence(step: str, locale: str) -> str:
    step = step.rstrip()
    if step and step[-1] not in ".!?。！？":
        step += "。" if locale == "zh-CN" else "."
    return step


def _shorten(text: str) -> str:
    if len(text) <= _SHORT_STEP:
        return text
    cut = text[: _SHORT_STEP - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > _SHORT_STEP // 2 else cut).rstrip(",;，；") + "…"
