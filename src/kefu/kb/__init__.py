"""The help center (knowledge base): articles in zh-CN and English, read from ``<slug>.<locale>.md`` files.

model        Article, Section, LOCALES, CATEGORIES — plain data
parse        one file → Article, or ArticleError saying what to fix
sections     a body → sections with plain text and numbered steps
references   "see <title>" / 参见"<title>" → slugs
render       Markdown → safe HTML, references as links
loader       a directory (or path + text pairs) → LoadResult (articles + problems); the bundled starter
library      the articles in the database: import / export a directory, load them to serve, the revision
records      the article and kb_state tables
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from kefu.kb.loader import LoadResult, load_default, load_directory, load_texts, starter_dir
from kefu.kb.model import CATEGORIES, LOCALES, Article, Section
from kefu.kb.parse import parse_article, parse_article_text, parse_filename
from kefu.kb.problems import Problem, Severity
from kefu.kb.references import Reference, TitleIndex, find_references, normalize_title, resolve_references
from kefu.kb.render import LinkFor, render_article, render_html
from kefu.kb.sections import split_sections

if TYPE_CHECKING:
    from kefu.kb.library import (
        ImportReport,
        article_count,
        ensure_articles,
        export_directory,
        import_directory,
        kb_revision,
        load_articles,
    )

__all__ = [
    "CATEGORIES",
    "LOCALES",
    "Article",
    "ImportReport",
    "LinkFor",
    "LoadResult",
    "Problem",
    "Reference",
    "Section",
    "Severity",
    "TitleIndex",
    "article_count",
    "ensure_articles",
    "export_directory",
    "find_references",
    "import_directory",
    "kb_revision",
    "load_articles",
    "load_default",
    "load_directory",
    "load_texts",
    "normalize_title",
    "parse_article",
    "parse_article_text",
    "parse_filename",
    "render_article",
    "render_html",
    "resolve_references",
    "split_sections",
    "starter_dir",
]

#: Names served from :mod:`kefu.kb.library` on first use (see ``__getattr__``).
_LIBRARY = frozenset(
    {
        "ImportReport",
        "article_count",
        "ensure_articles",
        "export_directory",
        "import_directory",
        "kb_revision",
        "load_articles",
    }
)


def __getattr__(name: str) -> object:
    # The database verbs pull in SQLAlchemy and Alembic, which doubles the start-up time of every
    # ``kefu`` command; importing them on first use keeps file-only work (kb check, search) fast.
    if name in _LIBRARY:
        from kefu.kb import library

        return getattr(library, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
