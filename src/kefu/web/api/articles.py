"""GET /articles, GET /articles/{locale}/{slug}, GET /categories."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from kefu.errors import InvalidInput, NotFound
from kefu.helpcenter.categories import category_info
from kefu.kb.model import CATEGORIES, Article
from kefu.kb.render import render_article
from kefu.web.api._params import LocaleParam, locale_param
from kefu.web.api.schemas import ArticleDetail, ArticleSummary, CategoryOut, SectionOut
from kefu.web.services import ServicesDep
from kefu.web.urls import article_url, category_url

__all__ = ["router"]

router = APIRouter(tags=["articles"])


def _summary(article: Article) -> ArticleSummary:
    return ArticleSummary(
        slug=article.slug,
        locale=article.locale,
        title=article.title,
        category=article.category,
        tags=list(article.tags),
        translation_key=article.translation_key,
        url=article_url(article.slug, article.locale),
    )


@router.get("/articles", response_model=list[ArticleSummary], summary="List articles")
def list_articles(
    locale: LocaleParam,
    svc: ServicesDep,
    category: Annotated[str | None, Query(max_length=64)] = None,
) -> list[ArticleSummary]:
    catalog = svc.helpcenter.snapshot.catalog
    if category is None:
        return [_summary(a) for a in catalog.in_locale(locale)]
    if category not in CATEGORIES:
        raise InvalidInput(
            f"Unknown category {category!r}; one of: {', '.join(CATEGORIES)}.",
            f"没有这个分类 {category!r}；可选：{', '.join(CATEGORIES)}。",
            code="invalid_category",
        )
    return [_summary(a) for a in catalog.in_category(category, locale)]


@router.get("/articles/{locale}/{slug}", response_model=ArticleDetail, summary="One article")
def get_article(
    locale: str,
    slug: str,
    svc: ServicesDep,
) -> ArticleDetail:
    locale = locale_param(locale)
    catalog = svc.helpcenter.snapshot.catalog
    article = catalog.get(slug, locale)
    if article is None:
        raise NotFound(
            f"No article {slug!r} in {locale}.",
            f"没有找到文章 {slug!r}（{locale}）。",
            code="article_not_found",
        )
    translations = {
        other.locale: other.slug
        for other in (catalog.translation(article, loc) for loc in ("zh-CN", "en"))
        if other is not None
    }
    return ArticleDetail(
        **_summary(article).model_dump(),
        body_markdown=article.body,
        html=render_article(article, titles=catalog.titles, link=article_url),
        sections=[SectionOut(heading=s.heading, text=s.text, steps=list(s.steps)) for s in article.sections],
        see_also=list(article.see_also),
        translations=translations,
        related=[_summary(a) for a in catalog.related(article)],
    )


@router.get("/categories", response_model=list[CategoryOut], summary="Categories with articles")
def list_categories(locale: LocaleParam, svc: ServicesDep) -> list[CategoryOut]:
    catalog = svc.helpcenter.snapshot.catalog
    out = []
    for key in catalog.categories(locale):
        info = category_info(key, locale)
        out.append(
            CategoryOut(
                key=key,
                name=info.name,
                blurb=info.blurb,
                icon=info.icon,
                article_count=len(catalog.in_category(key, locale)),
                url=category_url(key, locale),
            )
        )
    return out
