"""Article Markdown to HTML, optionally turning "see <title>" references into links.

Rendering uses the articles' dialect (CommonMark + tables) with raw HTML disabled, so ``<script>`` in an
article comes out as visible text. References are linked inside the token stream, never by editing HTML:
only the title between the quotes becomes the link text, and the URL comes from the caller, who knows the
site's routes.
"""

from __future__ import annotations

from collections.abc import Callable

from markdown_it.token import Token

from kefu.kb._markdown import markdown
from kefu.kb.model import Article
from kefu.kb.references import TitleIndex, resolve_references

__all__ = ["REFERENCE_CLASS", "LinkFor", "render_article", "render_html"]

#: Builds the URL of an article from its ``(slug, locale)``.
LinkFor = Callable[[str, str], str]

#: The class on links made from references, for styling.
REFERENCE_CLASS = "kb-ref"


def render_html(
    source: str,
    *,
    locale: str = "",
    titles: TitleIndex | None = None,
    link: LinkFor | None = None,
) -> str:
    """Render Markdown to HTML. With ``titles`` and ``link``, references to an article titled in ``locale``
    become ``<a class="kb-ref" href="link(slug, locale)">``."""
    md = markdown()
    tokens = md.parse(source)
    if titles is not None and link is not None:
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = _link_references(token.children, locale, titles, link)
    return md.renderer.render(tokens, md.options, {})


def render_article(article: Article, *, titles: TitleIndex | None = None, link: LinkFor | None = None) -> str:
    """Render an article's body, linking its references within its own locale."""
    return render_html(article.body, locale=article.locale, titles=titles, link=link)


def _link_references(children: list[Token], locale: str, titles: TitleIndex, link: LinkFor) -> list[Token]:
    out: list[Token] = []
    inside_link = 0
    for child in children:
        if child.type == "link_open":
            inside_link += 1
        elif child.type == "link_close":
            inside_link -= 1
        if child.type != "text" or inside_link:
            out.append(child)
            continue
        out.extend(_split_text(child.content, locale, titles, link))
    return out


def _split_text(text: str, locale: str, titles: TitleIndex, link: LinkFor) -> list[Token]:
    pieces: list[Token] = []
    position = 0
    for reference in resolve_references(text, locale, titles):
        if reference.slug is None:
            continue
        pieces.append(_text(text[position : reference.start]))
        anchor = Token("link_open", "a", 1)
        anchor.attrSet("href", link(reference.slug, locale))
        anchor.attrSet("class", REFERENCE_CLASS)
        pieces += [anchor, _text(text[reference.start : reference.end]), Token("link_close", "a", -1)]
        position = reference.end
    pieces.append(_text(text[position:]))
    return [piece for piece in pieces if piece.type != "text" or piece.content]


def _text(content: str) -> Token:
    return Token("text", "", 0, content=content)
