"""What a search returns: hits, a calibrated confidence, and the query as it was understood."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

__all__ = ["Confidence", "SearchHit", "SearchResponse"]

#: "clear": the top hit answers; "ambiguous": one of the first 2–3 does, ask which;
#: "none": no good answer, offer a person.
Confidence = Literal["clear", "ambiguous", "none"]


@dataclass(slots=True)
class SearchHit:
    slug: str
    locale: str
    title: str
    score: float
    category: str = ""
    #: HTML-escaped text around the best match, query terms wrapped in ``<mark>``.
    snippet: str = ""
    #: Heading of the best-matching section ("" for the untitled opening).
    section: str = ""
    #: True when the hit is in another locale than the one asked for (answered from the translation pair).
    cross_locale: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(slots=True)
class SearchResponse:
    query: str
    locale: str
    hits: list[SearchHit]
    confidence: Confidence = "none"
    #: Probability-like score in [0, 1] that the top hit answers the query.
    confidence_score: float = 0.0
    #: The ambiguous candidates (2–3 slugs) when ``confidence == "ambiguous"``.
    candidates: list[str] = field(default_factory=list)
    #: The repaired query when typos or homophones were corrected, for "did you mean".
    did_you_mean: str | None = None
    #: The language the query itself was written in ("zh-CN", "en").
    query_locale: str = ""
    took_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["hits"] = [h.to_dict() for h in self.hits]
        return data
