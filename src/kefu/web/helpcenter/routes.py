"""The help center's pages. Each route checks its input, asks the domain, and renders a template.

    GET  /                                  → 302 /{preferred locale}/
    GET  /locale/{locale}?next=/path        → sets the kefu_locale cookie, 302 to next (local paths only)
    GET  /{locale}/                         home: search, categories, popular articles, ways to get help
    GET  /{locale}/categories/{category}    the category's articles
    GET  /{locale}/articles/{slug}          an article (records a view; a click when it came from a search)
    POST /{locale}/articles/{slug}/feedback "Was this helpful?" without JavaScript → 303 back to the article
    GET  /{locale}/search?q=                search results, or a prompt for an empty query
    GET  /{locale}/contact                  the official channels and how to spot impersonators

Errors are raised, not rendered here: :mod:`kefu.web.errors` shows them on ``error.html``.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy.orm import Session

from kefu.analytics.feedback import add_comment, record_feedback
from kefu.analytics.reports import popular_articles
from kefu.errors import NotFound, Unavailable
from kefu.helpcenter.categories import category_info
from kefu.helpcenter.contact import official_domains
from kefu.helpcenter.live import Snapshot
from kefu.helpcenter.searching import clean_query, search_help
from kefu.kb.model import LOCALES
from kefu.web.helpcenter import views
from kefu.web.helpcenter.params import clean_comment, local_path, parse_vote, valid_rank, valid_search_id
from kefu.web.helpcenter.render import NO_STORE, SHORT_CACHE, other_locales, render_page
from kefu.web.helpcenter.strings import translate
from kefu.web.locale import COOKIE, preferred_locale
from kefu.web.services import db_session, services
from kefu.web.urls import article_url, category_url, contact_url, home_url, search_url

__all__ = ["pages_router"]

pages_router = APIRouter(include_in_schema=False)

#: How long the language choice is remembered.
COOKIE_SECONDS = 365 * 24 * 3600


def _not_found(key: str) -> NotFound:
    return NotFound(translate("en", key), translate("zh-CN", key))


async def page_locale(locale: str) -> str:
    """The ``{locale}`` path segment, which must be exactly one of LOCALES."""
    if locale not in LOCALES:
        raise _not_found("not_found_locale")
    return locale


def current_snapshot(request: Request) -> Snapshot:
    try:
        return services(request).helpcenter.snapshot
    except RuntimeError as error:  # the first index is still being built
        raise Unavailable(translate("en", "starting"), translate("zh-CN", "starting")) from error


PageLocale = Annotated[str, Depends(page_locale)]
DbSession = Annotated[Session, Depends(db_session)]


@pages_router.api_route("/", methods=["GET", "HEAD"])
def root(request: Request) -> Response:
    headers = {**NO_STORE, "Vary": "Accept-Language, Cookie"}
    return RedirectResponse(home_url(preferred_locale(request)), status_code=302, headers=headers)


@pages_router.get("/locale/{locale}")
def switch_locale(locale: PageLocale, next_path: Annotated[str, Query(alias="next")] = "") -> Response:
    response = RedirectResponse(local_path(next_path) or home_url(locale), status_code=302, headers=NO_STORE)
    response.set_cookie(COOKIE, locale, max_age=COOKIE_SECONDS, path="/", samesite="lax")
    return response


@pages_router.api_route("/{locale}/", methods=["GET", "HEAD"])
def home(request: Request, locale: PageLocale, session: DbSession) -> HTMLResponse:
    catalog = current_snapshot(request).catalog
    slugs = popular_articles(session, locale, limit=6, days=30)
    return render_page(
        request,
        "home.html",
        locale,
        switch_to=home_url,
        headers=SHORT_CACHE,
        show_header_search=False,
        categories=views.category_cards(catalog, locale),
        popular=views.popular(catalog, slugs, locale),
    )


@pages_router.api_route("/{locale}/categories/{category}", methods=["GET", "HEAD"])
def category_page(request: Request, locale: PageLocale, category: str) -> HTMLResponse:
    catalog = current_snapshot(request).catalog
    articles = catalog.in_category(category, locale)
    if not articles:
        raise _not_found("not_found_category")

    def switch_to(other: str) -> str:
        return category_url(category, other) if catalog.in_category(category, other) else home_url(other)

    return render_page(
        request,
        "category.html",
        locale,
        switch_to=switch_to,
        headers=SHORT_CACHE,
        category=category_info(category, locale),
        articles=articles,
    )


@pages_router.get("/{locale}/articles/{slug}")
def article_page(
    request: Request,
    locale: PageLocale,
    slug: str,
    sid: str = "",
    rank: str = "",
    voted: str = "",
    commented: str = "",
    vote_id: str = "",
) -> HTMLResponse:
    catalog = current_snapshot(request).catalog
    article = catalog.get(slug, locale)
    if article is None:
        raise _not_found("not_found_article")
    recorder = services(request).recorder
    search_id, position = valid_search_id(sid), valid_rank(rank)
    if search_id and position:
        recorder.click(search_id, slug, locale, position)
    vote = voted if voted in ("yes", "no") else None
    if vote is None:  # the page after a vote is the same visit, not another view
        recorder.view(slug, locale)
    translations = {other: catalog.translation(article, other) for other in other_locales(locale)}

    def switch_to(other: str) -> str:
        translated = translations.get(other)
        return article_url(translated.slug, other) if translated else home_url(other)

    alternates = [(locale, article_url(slug, locale))] + [
        (other, article_url(found.slug, other)) for other, found in translations.items() if found
    ]
    return render_page(
        request,
        "article.html",
        locale,
        switch_to=switch_to,
        alternates=alternates,
        article=article,
        category=category_info(article.category, locale),
        body=views.article_body(article, catalog),
        related=catalog.related(article),
        search_id=search_id,
        vote=vote,
        commented=bool(commented),
        vote_id=vote_id if vote_id.isdigit() and len(vote_id) < 12 else "",
        feedback_action=article_url(slug, locale) + "/feedback",
    )


@pages_router.post("/{locale}/articles/{slug}/feedback")
def article_feedback(
    request: Request,
    locale: PageLocale,
    slug: str,
    session: DbSession,
    helpful: Annotated[str, Form()] = "",
    comment: Annotated[str, Form()] = "",
    sid: Annotated[str, Form()] = "",
    vote_id: Annotated[str, Form()] = "",
) -> Response:
    if current_snapshot(request).catalog.get(slug, locale) is None:
        raise _not_found("not_found_article")
    vote = parse_vote(helpful)
    text = clean_comment(comment)
    if text and vote_id.isdigit() and len(vote_id) < 12:  # the comment that follows a vote
        add_comment(session, vote_id=int(vote_id), slug=slug, locale=locale, comment=text)
    else:
        stored = record_feedback(
            session, slug=slug, locale=locale, helpful=vote, comment=text, search_id=valid_search_id(sid)
        )
        vote_id = str(stored.id)
    back = article_url(slug, locale) + "?voted=" + ("yes" if vote else "no")
    if text:
        back += "&commented=1"
    else:
        back += f"&vote_id={vote_id}"
    return RedirectResponse(back + "#feedback", status_code=303, headers=NO_STORE)


@pages_router.get("/{locale}/search")
def search_page(request: Request, locale: PageLocale, q: str = "") -> HTMLResponse:
    def switch_to(other: str) -> str:
        return search_url(other, q.strip())

    if not q.strip():
        return render_page(request, "search.html", locale, switch_to=switch_to, view=None)
    query = clean_query(q)  # InvalidInput (too long) → the 422 error page
    recorded = search_help(
        current_snapshot(request), services(request).recorder, query, locale, limit=10, channel="helpcenter"
    )
    return render_page(
        request,
        "search.html",
        locale,
        switch_to=switch_to,
        query=query,
        view=views.search_view(query, recorded, locale),
    )


@pages_router.api_route("/{locale}/contact", methods=["GET", "HEAD"])
def contact_page(request: Request, locale: PageLocale) -> HTMLResponse:
    catalog = current_snapshot(request).catalog
    return render_page(
        request,
        "contact.html",
        locale,
        switch_to=contact_url,
        headers=SHORT_CACHE,
        groups=views.channel_groups(locale),
        domains=official_domains(),
        verify=catalog.get(views.VERIFY_ARTICLE, locale),
    )
