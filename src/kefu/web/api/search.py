"""GET /search and GET /suggest."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kefu.helpcenter.searching import MAX_QUERY_CHARS, clean_query, search_help
from kefu.web.api._params import LocaleParam, OptionalLocaleParam
from kefu.web.api.schemas import HitOut, SearchOut, SuggestionOut, SuggestionsOut
from kefu.web.services import ServicesDep
from kefu.web.urls import article_url

__all__ = ["router"]

router = APIRouter(tags=["search"])

QueryText = Annotated[str, Query(description=f"What the customer typed (1–{MAX_QUERY_CHARS} characters)")]


@router.get("/search", response_model=SearchOut, summary="Search the help center")
def search(
    q: QueryText,
    locale: OptionalLocaleParam,
    svc: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=50)] = 10,
) -> SearchOut:
    query = clean_query(q)
    found = search_help(svc.helpcenter.snapshot, svc.recorder, query, locale, limit=limit, channel="api")
    response = found.response
    return SearchOut(
        search_id=found.search_id,
        query=response.query,
        locale=response.locale,
        query_locale=response.query_locale,
        confidence=response.confidence,
        confidence_score=response.confidence_score,
        candidates=list(response.candidates),
        did_you_mean=response.did_you_mean,
        took_ms=round(found.took_ms, 2),
        hits=[
            HitOut(
                slug=hit.slug,
                locale=hit.locale,
                title=hit.title,
                category=hit.category,
                score=hit.score,
                snippet=hit.snippet,
                section=hit.section,
                cross_locale=hit.cross_locale,
                url=article_url(hit.slug, hit.locale, search_id=found.search_id, rank=rank),
            )
            for rank, hit in enumerate(response.hits, start=1)
        ],
    )


@router.get(
    "/suggest",
    response_model=SuggestionsOut,
    summary="Suggestions as the customer types: titles and tags by prefix (pinyin too), then answers",
)
def suggest(
    q: Annotated[str, Query(max_length=100, description="The start of a query")],
    locale: LocaleParam,
    svc: ServicesDep,
    limit: Annotated[int, Query(ge=1, le=20)] = 8,
) -> SuggestionsOut:
    prefix = q.strip()
    snapshot = svc.helpcenter.snapshot
    out = [
        SuggestionOut(text=s.text, slug=s.slug, kind=s.kind, url=article_url(s.slug, locale))
        for s in (snapshot.engine.suggest(prefix, locale, limit) if prefix else [])
    ]
    if len(out) < limit and len(prefix) >= 2:
        # A whole question ("怎么投诉", "card got declined") prefixes no title: offer the articles that
        # answer it, as the search would (not logged: the customer has not searched yet).
        answer = snapshot.search(prefix, locale, limit)
        if answer.confidence != "none":
            seen = {s.slug for s in out}
            for hit in answer.hits:
                if len(out) < limit and hit.slug not in seen and hit.locale == locale:
                    url = article_url(hit.slug, locale)
                    out.append(SuggestionOut(text=hit.title, slug=hit.slug, kind="answer", url=url))
                    seen.add(hit.slug)
    return SuggestionsOut(query=prefix, locale=locale, suggestions=out)
