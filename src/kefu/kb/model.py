"""What a help-center article is, once read from disk: plain data, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CATEGORIES", "LOCALES", "Article", "Section"]

#: The locales the help center is written in.
LOCALES: tuple[str, ...] = ("zh-CN", "en")

#: The categories an article may belong to.
CATEGORIES: tuple[str, ...] = (
    "account",
    "security",
    "transfers",
    "payments",
    "bills",
    "topup-withdraw",
    "rewards",
    "statements",
    "support",
    "complaints",
)


@dataclass(frozen=True, slots=True)
class Section:
    """A part of an article body under one bold heading (the first part may have no heading).

    ``text`` is the section's plain text (Markdown markup removed); ``steps`` are its numbered steps in order,
    as plain text, for composing short answers.
    """

    heading: str
    text: str
    steps: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Article:
    """One article in one locale. ``slug`` and ``translation_key`` pair it with its translation."""

    slug: str
    locale: str
    title: str
    category: str
    tags: tuple[str, ...]
    translation_key: str
    body: str
    sections: tuple[Section, ...] = ()
    #: Slugs this article refers to with "see <title>", in order of appearance.
    see_also: tuple[str, ...] = ()
    #: The file it came from, when it came from a file.
    source: str = field(default="", compare=False)

    @property
    def key(self) -> tuple[str, str]:
        return (self.slug, self.locale)
