"""Cross-references between articles: "see <title>" in text, and resolving a title to an article's slug.

Articles never link to each other; they name another article by its title in quotes, after a cue:
``see "Unfreeze your account"``, ``参见"账户解冻"``, ``请参见“账户解冻”``, ``详见「账户解冻」``.
Straight, curly and corner quotes (and 《》) are accepted, in any pairing, since input methods mix them.
A cue also carries over a list: ``see "A" or "B"``, ``参见"甲"和"乙"``.

A quoted phrase without a cue (``follow "Dispute an unauthorized payment"``) is a reference too when it
names another article's title; an unresolved one is just a quotation, so only cued references can be
"unresolved".

Titles resolve within one locale: first an exact match after normalising whitespace and quotes, then a
looser match that ignores case, full-width forms and trailing punctuation.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, replace

from kefu.kb.model import Article

__all__ = [
    "Reference",
    "TitleIndex",
    "find_references",
    "normalize_title",
    "resolve_references",
]

_OPEN_QUOTES = '"“「《『'
_CLOSE_QUOTES = '"”」》』'
_QUOTED = re.compile(
    rf"[{_OPEN_QUOTES}](?P<title>[^{_OPEN_QUOTES}{_CLOSE_QUOTES}\n]{{1,160}})[{_CLOSE_QUOTES}]"
)
#: A cue right before the opening quote ("see", "see also", 参见, 请参见, 详见, 参阅, ...).
_CUE = re.compile(r"(?:(?<![A-Za-z])see(?:\s+also)?|请?参见|请?参阅|详见|请见)[\s:：]*\Z", re.IGNORECASE)
#: What may stand between two titles of one cued list ("A" or "B", "甲"和"乙", "A", "B").
_LIST_JOIN = re.compile(r"\s*(?:,|，|、|;|；|/|and|or|和|或|及|以及|与)?\s*", re.IGNORECASE)
_CUE_WINDOW = 20
_TRAILING_PUNCTUATION = ".,;:!?。，；：！？"


@dataclass(frozen=True, slots=True)
class Reference:
    """A title named in a text; ``start``/``end`` span the title itself, inside its quotes.

    ``cued`` says a "see"-style cue introduced it; ``slug`` is the article it resolved to, if any.
    """

    title: str
    start: int
    end: int
    cued: bool = True
    slug: str | None = None


def normalize_title(title: str) -> str:
    """A title as compared exactly: surrounding quotes dropped, whitespace collapsed."""
    stripped = title.strip().strip(_OPEN_QUOTES + _CLOSE_QUOTES + "'‘’").strip()
    return " ".join(stripped.split())


def _loose(title: str) -> str:
    folded = unicodedata.normalize("NFKC", normalize_title(title)).casefold()
    return folded.rstrip(_TRAILING_PUNCTUATION).strip()


class TitleIndex:
    """Every article title, per locale, for resolving references; the first article to claim a title wins."""

    def __init__(self, articles: Iterable[Article] = ()) -> None:
        self._exact: dict[tuple[str, str], str] = {}
        self._loose: dict[tuple[str, str], str] = {}
        for article in articles:
            self.add(article)

    def add(self, article: Article) -> None:
        self._exact.setdefault((article.locale, normalize_title(article.title)), article.slug)
        self._loose.setdefault((article.locale, _loose(article.title)), article.slug)

    def resolve(self, title: str, locale: str) -> str | None:
        """The slug of the article titled ``title`` in ``locale``, or None."""
        exact = self._exact.get((locale, normalize_title(title)))
        if exact is not None:
            return exact
        return self._loose.get((locale, _loose(title)))


def _scan(text: str) -> list[Reference]:
    """Every quoted phrase in ``text``, marked cued or not."""
    found: list[Reference] = []
    previous_end = -1
    previous_cued = False
    for match in _QUOTED.finditer(text):
        before = text[max(0, match.start() - _CUE_WINDOW) : match.start()]
        cued = _CUE.search(before) is not None
        if not cued and previous_cued:
            cued = _LIST_JOIN.fullmatch(text[previous_end : match.start()]) is not None
        title = normalize_title(match.group("title"))
        if title:
            found.append(Reference(title, match.start("title"), match.end("title"), cued))
        previous_end, previous_cued = match.end(), cued
    return found


def find_references(text: str) -> list[Reference]:
    """The cued references ("see …", "参见…") in ``text``, in order; none of them resolved yet."""
    return [reference for reference in _scan(text) if reference.cued]


def resolve_references(text: str, locale: str, titles: TitleIndex) -> list[Reference]:
    """References in ``text`` with their slugs: every cued one (``slug`` None when it names no article),
    and every uncued quoted phrase that names an article's title in ``locale``."""
    resolved: list[Reference] = []
    for reference in _scan(text):
        slug = titles.resolve(reference.title, locale)
        if reference.cued or slug is not None:
            resolved.append(replace(reference, slug=slug))
    return resolved
