"""Best-matching section and a highlighted snippet for a hit.

Query words are found in each section of the article: Chinese words as substrings, English words by stem
prefix (``withdraw`` finds "withdrawal"). The section with the most (and longest) distinct matches wins;
the snippet is a window around its first match, HTML-escaped, with matches wrapped in ``<mark>``.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kefu.kb.model import Article, Section
from kefu.search.analysis import han_words, script_runs, stem
from kefu.search.normalize import normalize

__all__ = ["Highlighter", "best_section"]

_WINDOW = {"zh-CN": 70, "en": 160}
#: Where a Chinese snippet may begin (just after one of these).
_CLAUSE_ENDS = ("。", "！", "？", "；", "，", "·", "：")
#: A line ending in one of these reads on into the next; any other line (a table row, a list item without
#: a full stop) gets a visible separator so rows do not run together in a snippet.
_LINE_ENDS = tuple("。！？；：.!?;:，,")


@dataclass(frozen=True)
class Highlighter:
    pattern: re.Pattern[str] | None

    @classmethod
    def for_words(cls, words: Iterable[str]) -> Highlighter:
        parts: set[str] = set()
        for word in words:
            for run in script_runs(normalize(word)):
                if run.script == "lat":
                    if len(run.text) >= 2:
                        root = stem(run.text)
                        # Snowball writes a final y as i (history → histori): match either spelling.
                        root = re.escape(root[:-1]) + "[iy]" if root.endswith("i") else re.escape(root)
                        parts.add(r"\b" + root + r"\w*")
                else:
                    for w in han_words(run.text):
                        if len(w) >= 2:
                            parts.add(re.escape(w))
        if not parts:
            return cls(None)
        ordered = sorted(parts, key=len, reverse=True)
        return cls(re.compile("|".join(ordered), re.IGNORECASE))

    def matches(self, text: str) -> list[re.Match[str]]:
        return list(self.pattern.finditer(text)) if self.pattern else []

    def snippet(self, text: str, locale: str) -> str:
        found = self.matches(text)
        width = _WINDOW.get(locale, 160)
        start = 0
        if found:
            first = found[0].start()
            start = max(0, first - width // 4)
            if locale == "zh-CN" and start > 0:
                # begin at the clause the match is in when it starts close enough, not mid-word
                cut = max(text.rfind(mark, start, first) for mark in _CLAUSE_ENDS)
                if cut >= 0:
                    start = cut + 1
            elif start > 0:
                space = text.rfind(" ", 0, start + 1)
                start = space + 1 if space >= 0 else 0  # never start in the middle of a word
        end = min(len(text), start + width)
        if locale != "zh-CN" and end < len(text):
            space = text.rfind(" ", start, end)
            end = space if space > start else end  # nor end in the middle of one
        window = [m for m in found if m.start() >= start and m.end() <= end]
        out, pos = [], start
        for m in window:
            out.append(html.escape(text[pos : m.start()]))
            out.append(f"<mark>{html.escape(m.group(0))}</mark>")
            pos = m.end()
        out.append(html.escape(text[pos:end]))
        prefix = "…" if start > 0 else ""
        suffix = "…" if end < len(text) else ""
        return prefix + "".join(out).strip() + suffix


def _section_score(hl: Highlighter, section: Section) -> float:
    distinct = {m.group(0).lower() for m in hl.matches(section.heading + " " + section.text)}
    return sum(len(w) for w in distinct)


def best_section(article: Article, hl: Highlighter) -> tuple[str, str]:
    """(heading of the best-matching section, highlighted snippet)."""
    sections: Sequence[Section] = article.sections or (Section("", article.body),)
    best = max(sections, key=lambda s: _section_score(hl, s))
    text = best.text or article.body
    if not hl.matches(text):
        text = sections[0].text or article.body
    return best.heading, hl.snippet(_flatten(text), article.locale)


def _flatten(text: str) -> str:
    """One line of text: lines that end a sentence flow on; other lines (table rows) are joined by " · "."""
    out = ""
    for line in (" ".join(raw.split()) for raw in text.splitlines()):
        if not line:
            continue
        if out:
            out += " " if out.endswith(_LINE_ENDS) else " · "
        out += line
    return out
