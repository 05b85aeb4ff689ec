"""Loading articles: serve every good file, report every bad one.

:func:`load_directory` reads a directory; :func:`load_texts` runs the same checks on ``(path, text)`` pairs
that did not come from one (the database keeps each file's path and text).

Loading never fails because of one file. A file that cannot be used is skipped with an ``error`` problem
(and a warning on the ``kefu.kb`` logger); things worth fixing that do not stop an article being served —
a missing translation, a "see" title that names no article, a very short body — are ``warning`` problems.
Only a directory that does not exist raises (:class:`~kefu.errors.NotFound`).

Markdown files (``.md``) are found recursively (:func:`article_files`); hidden entries (``.name``),
``_name`` entries and ``README.md`` are ignored.
"""

from __future__ import annotations

import logging
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib.resources import files
from pathlib import Path

from kefu.errors import ArticleError, NotFound
from kefu.kb.model import LOCALES, Article
from kefu.kb.parse import parse_article_text, read_article
from kefu.kb.problems import Problem
from kefu.kb.references import TitleIndex, normalize_title, resolve_references

__all__ = [
    "MIN_BODY_LENGTH",
    "LoadResult",
    "article_files",
    "load_default",
    "load_directory",
    "load_texts",
    "read_article",
    "starter_dir",
]

logger = logging.getLogger("kefu.kb")

#: Below this many words (English) or Han characters (Chinese) a body is reported as too short.
MIN_BODY_LENGTH: dict[str, int] = {"en": 25, "zh-CN": 50}

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")


@dataclass(slots=True)
class LoadResult:
    """The articles that loaded (sorted by slug, then locale) and the problems found on the way."""

    articles: list[Article] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [problem for problem in self.problems if problem.severity == "warning"]

    @property
    def ok(self) -> bool:
        """True when nothing was skipped and the knowledge base is usable."""
        return not self.errors


def starter_dir() -> Path:
    """The starter help center bundled with kefu (``kefu/kb/starter``)."""
    return Path(str(files("kefu.kb").joinpath("starter")))


def load_default(kb_dir: Path | None = None) -> LoadResult:
    """Load ``kb_dir``, or the bundled starter help center when it is None."""
    return load_directory(kb_dir if kb_dir is not None else starter_dir())


def load_directory(path: str | Path) -> LoadResult:
    """Load every ``<slug>.<locale>.md`` under ``path``; see the module docstring for what is reported."""
    directory = Path(path)
    result = LoadResult()
    texts = _readable(article_files(directory), result)
    return _load(texts, str(directory), result)


def load_texts(items: Iterable[tuple[str, str]], *, origin: str = "") -> LoadResult:
    """Load articles from ``(path, text)`` pairs with every check :func:`load_directory` makes.

    ``path`` names the file (``support/contact.en.md``; its name gives slug and locale) and becomes the
    article's ``source``; ``text`` may start with a byte-order mark, as a file read as plain UTF-8 does.
    When two pairs are the same article, the first wins. ``origin`` names the whole set in the problem
    reported when there is no article at all.
    """
    texts = ((name, text.removeprefix("\ufeff")) for name, text in items)
    return _load(texts, origin, LoadResult())


def article_files(directory: Path) -> list[Path]:
    """The files :func:`load_directory` reads, shallowest first (a top-level file wins over a copy in a
    subfolder), then by name; :class:`~kefu.errors.NotFound` when ``directory`` is not a directory."""
    if not directory.is_dir():
        raise NotFound(
            f"knowledge-base directory not found: {directory} (check the path or KEFU_KB_DIR)",
            f"找不到知识库目录：{directory}（请检查路径或 KEFU_KB_DIR 设置）",
            code="kb_dir_not_found",
        )
    candidates = (
        file
        for file in directory.rglob("*")
        if file.is_file()
        and not any(part.startswith((".", "_")) for part in file.relative_to(directory).parts)
        and file.name.lower() != "readme.md"
        and file.suffix.lower() in (".md", ".markdown")
    )
    return sorted(candidates, key=lambda file: (len(file.parts), file))


def _readable(files: list[Path], result: LoadResult) -> Iterator[tuple[str, str]]:
    # Lazy, so a file that cannot be read is reported in its place among the others' problems.
    for file in files:
        try:
            yield str(file), read_article(file)
        except ArticleError as error:
            _report(result, _problem(error))


def _load(texts: Iterable[tuple[str, str]], origin: str, result: LoadResult) -> LoadResult:
    by_key: dict[tuple[str, str], Article] = {}
    for name, text in texts:
        article = _parse(name, text, result)
        if article is None:
            continue
        first = by_key.get(article.key)
        if first is not None:
            _report(result, Problem(name, *_duplicate(article, first.source), "error"))
            continue
        by_key[article.key] = article
        _check_length(article, result)
    articles = sorted(by_key.values(), key=lambda article: (article.slug, article.locale))
    if not articles:
        _report(result, Problem(origin, *_EMPTY, "error"))
    _check_translations(articles, result)
    _check_titles(articles, result)
    result.articles = _link_see_also(articles, result)
    return result


def _parse(name: str, text: str, result: LoadResult) -> Article | None:
    try:
        return parse_article_text(text, name)
    except ArticleError as error:
        _report(result, _problem(error))
        return None


def _problem(error: ArticleError) -> Problem:
    return Problem(error.path, error.message_en, error.message_zh, "error")


def _report(result: LoadResult, problem: Problem) -> None:
    result.problems.append(problem)
    if problem.severity == "error":
        logger.warning("skipped %s: %s", problem.file, problem.message_en)
    else:
        logger.info("%s: %s", problem.file, problem.message_en)


_EMPTY = (
    "no articles found: add <slug>.<locale>.md files to this directory",
    "没有找到任何文章：请在此目录中添加 <slug>.<locale>.md 文件",
)


def _duplicate(article: Article, first_source: str) -> tuple[str, str]:
    return (
        f"duplicate article {article.slug!r} ({article.locale}): already loaded from {first_source}; "
        "this file is ignored",
        f"重复的文章 {article.slug!r}（{article.locale}）：已从 {first_source} 加载，此文件被忽略",
    )


def _check_length(article: Article, result: LoadResult) -> None:
    minimum = MIN_BODY_LENGTH.get(article.locale, 0)
    if article.locale == "zh-CN":
        length, unit_en, unit_zh = len(_HAN.findall(article.body)), "Chinese characters", "个汉字"
    else:
        length, unit_en, unit_zh = len(article.body.split()), "words", "个词"
    if length < minimum:
        message_en = f"the body is very short ({length} {unit_en}; expected at least {minimum})"
        message_zh = f"正文过短（{length} {unit_zh}，至少应有 {minimum} {unit_zh}）"
        _report(result, Problem(article.source, message_en, message_zh, "warning"))


def _check_translations(articles: list[Article], result: LoadResult) -> None:
    locales_of: dict[str, dict[str, Article]] = defaultdict(dict)
    for article in articles:
        locales_of[article.slug][article.locale] = article
    for slug, present in locales_of.items():
        for locale in LOCALES:
            if locale in present:
                continue
            source = next(iter(present.values())).source
            message_en = f"{slug!r} has no {locale} translation: add {slug}.{locale}.md"
            message_zh = f"{slug!r} 缺少 {locale} 译文：请添加 {slug}.{locale}.md"
            _report(result, Problem(source, message_en, message_zh, "warning"))


def _check_titles(articles: list[Article], result: LoadResult) -> None:
    owner: dict[tuple[str, str], Article] = {}
    for article in articles:
        key = (article.locale, normalize_title(article.title))
        first = owner.setdefault(key, article)
        if first is article:
            continue
        message_en = (
            f"title {article.title!r} is also the title of {first.slug!r}; "
            f'"see" references to it go to {first.slug!r}'
        )
        message_zh = f"标题 {article.title!r} 与 {first.slug!r} 重复，引用此标题时将指向 {first.slug!r}"
        _report(result, Problem(article.source, message_en, message_zh, "warning"))


def _link_see_also(articles: list[Article], result: LoadResult) -> list[Article]:
    titles = TitleIndex(articles)
    linked: list[Article] = []
    for article in articles:
        text = "\n".join(part for section in article.sections for part in (section.heading, section.text))
        slugs: list[str] = []
        for reference in resolve_references(text, article.locale, titles):
            if reference.slug is None:
                message_en = f'"see" names no {article.locale} article: "{reference.title}"'
                message_zh = f"引用的文章标题不存在（{article.locale}）：“{reference.title}”"
                _report(result, Problem(article.source, message_en, message_zh, "warning"))
            elif reference.slug != article.slug and reference.slug not in slugs:
                slugs.append(reference.slug)
        linked.append(replace(article, see_also=tuple(slugs)))
    return linked
