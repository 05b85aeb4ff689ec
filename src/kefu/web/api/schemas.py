"""The API's request and response bodies (pydantic), which are also its OpenAPI schema."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

__all__ = [
    "ArticleDetail",
    "ArticleSummary",
    "CategoryOut",
    "ClickIn",
    "FeedbackIn",
    "FeedbackOut",
    "HitOut",
    "SearchOut",
    "SectionOut",
    "SuggestionOut",
    "SuggestionsOut",
]

Locale = Literal["zh-CN", "en"]


class HitOut(BaseModel):
    slug: str
    locale: str
    title: str
    category: str
    score: float
    snippet: str = Field(description="HTML-escaped text around the best match; query words in <mark>")
    section: str = Field(description="Heading of the best-matching section")
    cross_locale: bool
    url: str = Field(description="The article's page, tagged for click tracking")


class SearchOut(BaseModel):
    search_id: str = Field(description="Quote it with /clicks and /feedback so analytics can join them")
    query: str
    locale: str
    query_locale: str
    confidence: Literal["clear", "ambiguous", "none"]
    confidence_score: float
    candidates: list[str]
    did_you_mean: str | None
    took_ms: float
    hits: list[HitOut]


class SuggestionOut(BaseModel):
    text: str
    slug: str
    kind: str = Field(description='"title" or "tag" (prefix match), "answer" (an article answering the text)')
    url: str


class SuggestionsOut(BaseModel):
    query: str
    locale: str
    suggestions: list[SuggestionOut]


class ArticleSummary(BaseModel):
    slug: str
    locale: str
    title: str
    category: str
    tags: list[str]
    translation_key: str
    url: str


class SectionOut(BaseModel):
    heading: str
    text: str
    steps: list[str]


class ArticleDetail(ArticleSummary):
    body_markdown: str
    html: str
    sections: list[SectionOut]
    see_also: list[str]
    translations: dict[str, str] = Field(description="locale → slug of this article in that language")
    related: list[ArticleSummary]


class CategoryOut(BaseModel):
    key: str
    name: str
    blurb: str
    icon: str
    article_count: int
    url: str


class FeedbackIn(BaseModel):
    slug: str = Field(min_length=1, max_length=200)
    locale: Locale
    helpful: bool
    comment: str = Field(default="", max_length=2000)
    search_id: str | None = Field(default=None, max_length=32)
    vote_id: int | None = Field(
        default=None,
        description="Add `comment` to this earlier vote (returned as `id`) instead of voting again",
    )


class FeedbackOut(BaseModel):
    id: int
    slug: str
    locale: str
    helpful: bool


class ClickIn(BaseModel):
    search_id: str = Field(min_length=1, max_length=32)
    slug: str = Field(min_length=1, max_length=200)
    locale: Locale
    rank: int = Field(ge=1, le=100)
