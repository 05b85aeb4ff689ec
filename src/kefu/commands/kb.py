"""``kefu kb``: check a help-center directory, look inside its articles, move them in and out of the database.

    kefu kb check [DIR] [--strict]       every problem with its file; exit 1 on errors
                                         (with --strict, on warnings too)
    kefu kb show SLUG [--locale L] [--kb DIR] [--html]
    kefu kb import DIR [--skip-invalid] [--prune]
                                         store the articles in the database (all or nothing, unless
                                         --skip-invalid); exit 1 when nothing could be imported
    kefu kb export DIR [--overwrite]     write the stored articles back as files, byte for byte

Without a directory, check and show use the configured knowledge base (``KEFU_KB_DIR``), else the bundled
starter. Import and export use the configured database (``kefu db``).
"""

from __future__ import annotations

import difflib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import typer
from rich.console import Console
from rich.text import Text

from kefu.commands._logging import quiet
from kefu.commands.db import open_database
from kefu.config import load_settings
from kefu.errors import KefuError
from kefu.kb import (
    LOCALES,
    Article,
    LoadResult,
    Problem,
    TitleIndex,
    load_directory,
    render_article,
    starter_dir,
)

if TYPE_CHECKING:
    from kefu.kb.library import ImportReport

__all__ = ["app"]

app = typer.Typer(
    name="kb",
    help="Check and inspect the help center (knowledge base). 检查和查看知识库。",
    no_args_is_help=True,
)

_SEVERITY_STYLE = {"error": "bold red", "warning": "yellow"}


@app.command("check")
def check(
    directory: Annotated[
        Path | None,
        typer.Argument(help="Directory of <slug>.<locale>.md files [default: the configured or starter KB]."),
    ] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
) -> None:
    """Check every article file and report what to fix. 检查每篇文章并列出需要修改的地方。"""
    console = Console(soft_wrap=True, highlight=False)
    kb_dir = _kb_dir(directory)
    result = _load(kb_dir)
    for problem in result.problems:
        _print_problem(console, problem, kb_dir)
    articles, errors, warnings = len(result.articles), len(result.errors), len(result.warnings)
    summary = (
        f"{_count(articles, 'article')} OK, {_count(errors, 'error')}, {_count(warnings, 'warning')}"
        f" / {articles} 篇文章可用，{errors} 个错误，{warnings} 个警告"
    )
    failed = errors > 0 or (strict and warnings > 0)
    console.print(Text(summary, style="bold red" if failed else "bold green"))
    if failed:
        raise typer.Exit(1)


@app.command("show")
def show(
    slug: Annotated[str, typer.Argument(help="The article's slug, e.g. emergency-freeze.")],
    locale: Annotated[str | None, typer.Option("--locale", "-l", help="en or zh-CN [default: both].")] = None,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge-base directory.")] = None,
    html: Annotated[bool, typer.Option("--html", help="Print the rendered HTML instead.")] = False,
) -> None:
    """Print an article's sections and steps as the engine sees them. 显示文章的分节与步骤。"""
    if locale is not None and locale not in LOCALES:
        raise typer.BadParameter(f"must be one of {', '.join(LOCALES)}", param_hint="--locale")
    console = Console(soft_wrap=True, highlight=False)
    result = _load(_kb_dir(kb))
    found = [a for a in result.articles if a.slug == slug and (locale is None or a.locale == locale)]
    if not found:
        slugs = sorted({article.slug for article in result.articles})
        hint = ", ".join(difflib.get_close_matches(slug, slugs, n=3)) or "-"
        _fail(
            f"no article {slug!r}{f' in {locale}' if locale else ''} (did you mean: {hint})",
            f"找不到文章 {slug!r}{f'（{locale}）' if locale else ''}（可能是：{hint}）",
        )
    titles = TitleIndex(result.articles)
    for article in found:
        if html:
            typer.echo(render_article(article, titles=titles, link=lambda s, loc: f"{s}.{loc}.html"))
        else:
            _print_article(console, article)


@app.command("import")
def import_(
    directory: Annotated[Path, typer.Argument(help="Directory of <slug>.<locale>.md files.")],
    skip_invalid: Annotated[
        bool, typer.Option("--skip-invalid", help="Import the good files even when some have errors.")
    ] = False,
    prune: Annotated[
        bool, typer.Option("--prune", help="Delete stored articles that have no file in DIR.")
    ] = False,
) -> None:
    """Import a directory of articles into the database. 将文章目录导入数据库。"""
    from kefu.kb.library import import_directory, kb_revision

    console = Console(soft_wrap=True, highlight=False)
    # The problems are printed below, so the loader's log lines would only repeat them.
    with open_database() as database, quiet(logging.getLogger("kefu.kb")), database.session() as session:
        report = import_directory(session, directory, skip_invalid=skip_invalid, prune=prune)
        revision = kb_revision(session)
    for problem in report.problems:
        _print_problem(console, problem, directory)
    imported = report.added or report.updated or report.unchanged
    if not report.ok and not imported:
        _print_refusal(console, report, skip_invalid)
        raise typer.Exit(1)
    _print_report(console, report, revision)


@app.command("export")
def export(
    directory: Annotated[Path, typer.Argument(help="Where to write the articles (created if missing).")],
    overwrite: Annotated[
        bool, typer.Option("--overwrite", help="Replace files that differ from the stored articles.")
    ] = False,
) -> None:
    """Write the stored articles to a directory, byte for byte as imported. 将数据库中的文章导出为文件。"""
    from kefu.kb.library import export_directory

    with open_database() as database, database.session() as session:
        count = export_directory(session, directory, overwrite=overwrite)
    Console(soft_wrap=True, highlight=False).print(
        Text(f"exported {_count(count, 'article')} to {directory} / 已导出 {count} 篇文章到 {directory}")
    )


def _print_report(console: Console, report: ImportReport, revision: int) -> None:
    added, updated, unchanged, removed = (
        len(report.added),
        len(report.updated),
        len(report.unchanged),
        len(report.removed),
    )
    skipped = len([problem for problem in report.problems if problem.is_error])
    summary = f"{added} added, {updated} updated, {unchanged} unchanged, {removed} removed"
    summary_zh = f"新增 {added}，更新 {updated}，未变 {unchanged}，删除 {removed}"
    if skipped:
        summary += f", {_count(skipped, 'file')} skipped"
        summary_zh += f"，跳过 {skipped} 个文件"
    state = f"knowledge-base revision {revision}" if report.changed else "nothing changed"
    state_zh = f"知识库版本 {revision}" if report.changed else "没有变化"
    console.print(
        Text(
            f"{summary}; {state} / {summary_zh}；{state_zh}", style="bold yellow" if skipped else "bold green"
        )
    )


def _print_refusal(console: Console, report: ImportReport, skip_invalid: bool) -> None:
    errors = len([problem for problem in report.problems if problem.is_error])
    if skip_invalid:
        message = "nothing was imported: there is no usable article / 未导入任何文章：没有可用的文章"
    else:
        message = (
            f"nothing was imported: fix the {_count(errors, 'error')} above, or import the other files "
            f"with --skip-invalid / 未导入任何文章：请修正以上 {errors} 个错误，"
            "或使用 --skip-invalid 只导入无误的文件"
        )
    console.print(Text(message, style="bold red"))


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}{'' if number == 1 else 's'}"


def _kb_dir(directory: Path | None) -> Path:
    """The directory given, else the configured one, else the bundled starter."""
    return directory or load_settings().kb_dir or starter_dir()


def _load(directory: Path) -> LoadResult:
    # The problems are printed here, so the loader's log lines would only repeat them.
    with quiet(logging.getLogger("kefu.kb")):
        try:
            return load_directory(directory)
        except KefuError as error:
            _fail(error.message_en, error.message_zh)


def _fail(message_en: str, message_zh: str) -> NoReturn:
    Console(stderr=True, soft_wrap=True, highlight=False).print(
        Text(f"{message_en}\n{message_zh}", style="bold red")
    )
    raise typer.Exit(1)


def _print_problem(console: Console, problem: Problem, kb_dir: Path) -> None:
    file = Path(problem.file)
    if file != kb_dir and file.is_relative_to(kb_dir):
        file = file.relative_to(kb_dir)
    line = Text.assemble(
        (f"{problem.severity:<8}", _SEVERITY_STYLE[problem.severity]),
        (f"{file}: ", "bold"),
        problem.message_en,
    )
    console.print(line)
    console.print(Text(f"{'':8}{' ' * len(f'{file}: ')}{problem.message_zh}", style="dim"))


def _print_article(console: Console, article: Article) -> None:
    console.print(Text(f"{article.slug} ({article.locale}) — {article.title}", style="bold"))
    console.print(Text(f"category: {article.category}   tags: {', '.join(article.tags)}"))
    if article.see_also:
        console.print(Text(f"see also: {', '.join(article.see_also)}"))
    console.print(Text(f"file: {article.source}", style="dim"))
    for number, section in enumerate(article.sections, start=1):
        console.print(Text(f"\n§{number} {section.heading or '(intro)'}", style="bold cyan"))
        if section.text:
            console.print(Text(section.text))
        for step_number, step in enumerate(section.steps, start=1):
            console.print(Text(f"  step {step_number}. {step}", style="green"))
    console.print()
