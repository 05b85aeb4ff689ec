"""Reading one ``<slug>.<locale>.md`` help-center file into an :class:`~kefu.kb.model.Article`.

A file is YAML front matter with exactly ``title``, ``locale``, ``category``, ``tags`` and
``translation_key`` (which must equal the slug), then a Markdown body. Anything else raises
:class:`~kefu.errors.ArticleError` with a reason in English and Chinese that says what to fix; every problem
in the front matter is reported at once, so one edit can fix them all.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml
from frontmatter import YAMLHandler

from kefu.errors import ArticleError
from kefu.kb.model import CATEGORIES, LOCALES, Article
from kefu.kb.sections import split_sections

__all__ = ["FRONT_MATTER_KEYS", "parse_article", "parse_article_text", "parse_filename", "read_article"]

#: The keys the front matter must have, and the only ones it may have.
FRONT_MATTER_KEYS: tuple[str, ...] = ("title", "locale", "category", "tags", "translation_key")

_FILENAME = re.compile(
    r"(?P<slug>[a-z0-9]+(?:-[a-z0-9]+)*)"  # lowercase words joined by hyphens
    r"\.(?P<locale>[A-Za-z]{2,3}(?:-[A-Za-z0-9]{2,8})*)"  # a language tag: en, zh-CN
    r"\.md"
)

#: An issue as (English, Chinese).
_Issue = tuple[str, str]

_EMPTY_BODY: _Issue = (
    "the body is empty: write the article below the front matter",
    "正文为空：请在头信息下方撰写文章内容",
)


def parse_filename(path: str | Path) -> tuple[str, str]:
    """``(slug, locale)`` from a file name like ``emergency-freeze.zh-CN.md``."""
    name = Path(path).name
    match = _FILENAME.fullmatch(name)
    if match is None:
        raise ArticleError(
            str(path),
            f"bad file name {name!r}: name it <slug>.<locale>.md, e.g. emergency-freeze.en.md "
            "(slug in lowercase letters, digits and hyphens)",
            f"文件名 {name!r} 不合规：应为 <slug>.<locale>.md，例如 emergency-freeze.zh-CN.md"
            "（slug 只用小写字母、数字和连字符）",
        )
    locale = match["locale"]
    if locale not in LOCALES:
        raise ArticleError(
            str(path),
            f"locale {locale!r} in the file name is not one of {', '.join(LOCALES)}",
            f"文件名中的语言 {locale!r} 不受支持，只能是 {'、'.join(LOCALES)}",
        )
    return match["slug"], locale


def parse_article(path: str | Path) -> Article:
    """Read and check one article file."""
    path = Path(path)
    return _build(read_article(path), str(path), *parse_filename(path))


def read_article(file: Path, *, keep_bom: bool = False) -> str:
    """One article file's text, or :class:`~kefu.errors.ArticleError` (bad name, unreadable, not UTF-8).

    A leading byte-order mark is dropped unless ``keep_bom``, which gives the exact text whose UTF-8
    encoding is the file's bytes again.
    """
    parse_filename(file)  # a badly named file is reported as such, whatever its bytes
    try:
        raw = file.read_bytes()
    except OSError as error:
        raise ArticleError(
            str(file),
            f"cannot read the file ({error.strerror or error})",
            f"无法读取文件（{error.strerror or error}）",
        ) from error
    try:
        return raw.decode("utf-8" if keep_bom else "utf-8-sig")
    except UnicodeDecodeError as error:
        raise ArticleError(
            str(file),
            f"the file is not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8",
            f"文件不是 UTF-8 编码（第 {error.start} 字节无法解码），请另存为 UTF-8",
        ) from error


def parse_article_text(text: str, path: str | Path) -> Article:
    """Check and build an article from its text; ``path`` names it (its file name gives slug and locale)."""
    return _build(text, str(path), *parse_filename(path))


def _build(text: str, source: str, slug: str, locale: str) -> Article:
    metadata, body = _split_front_matter(text.replace("\r\n", "\n"), source)
    issues = _check_front_matter(metadata, slug, locale)
    if not body.strip():
        issues.append(_EMPTY_BODY)
    if issues:
        error = ArticleError(source, "; ".join(en for en, _ in issues), "；".join(zh for _, zh in issues))
        error.problems = [en for en, _ in issues]
        raise error
    body = body.strip()
    return Article(
        slug=slug,
        locale=locale,
        title=metadata["title"].strip(),
        category=metadata["category"],
        tags=tuple(tag.strip() for tag in metadata["tags"]),
        translation_key=metadata["translation_key"],
        body=body,
        sections=split_sections(body),
        source=source,
    )


def _split_front_matter(text: str, source: str) -> tuple[dict[str, Any], str]:
    handler = YAMLHandler()
    boundary = handler.FM_BOUNDARY
    start = boundary.match(text) if boundary is not None else None
    if start is None:
        raise ArticleError(
            source,
            "no front matter: start the file with a '---' line, the keys "
            f"({', '.join(FRONT_MATTER_KEYS)}), then another '---' line",
            f"缺少头信息：文件第一行应为 '---'，接着写 {', '.join(FRONT_MATTER_KEYS)}，再以 '---' 结束",
        )
    try:
        front, body = handler.split(text)
    except ValueError:
        raise ArticleError(
            source,
            "the front matter is not closed: add a '---' line after the keys",
            "头信息没有结束：请在各键之后加一行 '---'",
        ) from None
    try:
        metadata = yaml.safe_load(front)
    except yaml.YAMLError as error:
        # The YAML text starts on the first '---' line, so its line numbers are off by the lines before it.
        offset = 1 + text.count("\n", 0, start.end())
        line = _mark_line(error, "problem_mark", offset) or 1
        opened = _mark_line(error, "context_mark", offset)
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        where_en, where_zh = f"line {line}", f"第 {line} 行"
        if opened and opened != line:
            where_en += f", in what starts on line {opened}"
            where_zh += f"，该处内容从第 {opened} 行开始"
        raise ArticleError(
            source,
            f"the front matter is not valid YAML ({where_en}: {reason}); "
            "check quotes, colons and the [brackets] around tags",
            f"头信息不是合法的 YAML（{where_zh}：{reason}），请检查引号、冒号和 tags 的方括号",
        ) from error
    if metadata is None:
        raise ArticleError(source, "the front matter is empty", "头信息为空")
    if not isinstance(metadata, dict):
        raise ArticleError(
            source,
            "the front matter must be 'key: value' lines",
            "头信息必须是“键: 值”的形式",
        )
    return metadata, body


def _mark_line(error: yaml.YAMLError, name: str, offset: int) -> int | None:
    mark = getattr(error, name, None)
    return mark.line + offset if mark is not None else None


def _check_front_matter(metadata: dict[str, Any], slug: str, locale: str) -> list[_Issue]:
    issues: list[_Issue] = []
    missing = [key for key in FRONT_MATTER_KEYS if key not in metadata]
    if missing:
        keys = ", ".join(missing)
        issues.append((f"missing front-matter keys: {keys}", f"头信息缺少键：{keys}"))
    unknown = sorted(str(key) for key in metadata if key not in FRONT_MATTER_KEYS)
    if unknown:
        issues.append(
            (
                f"unknown front-matter keys: {', '.join(unknown)} (allowed: {', '.join(FRONT_MATTER_KEYS)})",
                f"头信息有未知的键：{', '.join(unknown)}（只允许 {', '.join(FRONT_MATTER_KEYS)}）",
            )
        )
    checks = {
        "title": _check_title,
        "locale": lambda value: _check_locale(value, locale),
        "category": _check_category,
        "tags": _check_tags,
        "translation_key": lambda value: _check_translation_key(value, slug),
    }
    for key, check in checks.items():
        if key in metadata:
            issue = check(metadata[key])
            if issue is not None:
                issues.append(issue)
    return issues


def _check_title(value: object) -> _Issue | None:
    if isinstance(value, str) and value.strip():
        return None
    return ("'title' must be non-empty text", "'title' 必须是非空文本")


def _check_locale(value: object, file_locale: str) -> _Issue | None:
    if not isinstance(value, str) or value not in LOCALES:
        return (
            f"'locale' is {value!r}; it must be one of {', '.join(LOCALES)}",
            f"'locale' 为 {value!r}，只能是 {'、'.join(LOCALES)}",
        )
    if value != file_locale:
        return (
            f"'locale' is {value!r} but the file name says {file_locale!r}; make them agree",
            f"'locale' 为 {value!r}，但文件名中的语言是 {file_locale!r}，请保持一致",
        )
    return None


def _check_category(value: object) -> _Issue | None:
    if isinstance(value, str) and value in CATEGORIES:
        return None
    return (
        f"'category' is {value!r}; it must be one of {', '.join(CATEGORIES)}",
        f"'category' 为 {value!r}，只能是 {'、'.join(CATEGORIES)} 之一",
    )


def _check_tags(value: object) -> _Issue | None:
    if not isinstance(value, list) or not value:
        return (
            "'tags' must be a non-empty list, e.g. [refund, merchant]",
            "'tags' 必须是非空列表，例如 [退款, 商家]",
        )
    if not all(isinstance(tag, str) and tag.strip() for tag in value):
        return ("every tag must be non-empty text", "每个标签都必须是非空文本")
    return None


def _check_translation_key(value: object, slug: str) -> _Issue | None:
    if value == slug:
        return None
    return (
        f"'translation_key' is {value!r}; it must equal the slug {slug!r} from the file name",
        f"'translation_key' 为 {value!r}，必须与文件名中的 slug {slug!r} 相同",
    )
