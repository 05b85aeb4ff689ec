"""The help center (knowledge base): articles in zh-CN and English, read from ``<slug>.<locale>.md`` files.

model        Article, Section, LOCALES, CATEGORIES — plain data
parse        one file → Article, or ArticleError saying what to fix
sections     a body → sections with plain text and numbered steps
references   "see <title>" / 参见"<title>" → slugs
render       Markdown → safe HTML, references as links
loader       a directory → LoadResult (articles + problems); the bundled starter help center
"""

from __future__ import annotations

from kefu.kb.loader import LoadResult, load_default, load_directory, starter_dir
from kefu.kb.model import CATEGORIES, LOCALES, Article, Section
from kefu.kb.parse import parse_article, parse_article_text, parse_filename
from kefu.kb.problems import Problem, Severity
from kefu.kb.references import Reference, TitleIndex, find_references, normalize_title, resolve_references
from kefu.kb.render import LinkFor, render_article, render_html
from kefu.kb.sections import split_sections

__all__ = [
    "CATEGORIES",
    "LOCALES",
    "Article",
    "LinkFor",
    "LoadResult",
    "Problem",
    "Reference",
    "Section",
    "Severity",
    "TitleIndex",
    "find_references",
    "load_default",
    "load_directory",
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
