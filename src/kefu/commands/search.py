"""``kefu search``, ``kefu suggest`` and ``kefu eval``: the search engine from the command line.

    kefu search "忘记密码" [--locale L] [--kb DIR] [--limit N] [--json]   one query
    kefu search --batch FILE.jsonl [--limit N] [--output FILE]           JSON lines in, JSON lines out
    kefu search                                                          ask questions until EOF or :q
    kefu suggest PREFIX [--locale L]                                     autocomplete titles and tags
    kefu eval --queries FILE [--misses] [--json]                         MRR, recall, nDCG, latency

Without ``--locale`` a query is answered in the language it is written in. The engine is built once per
command (see :mod:`kefu.commands._engine`); document vectors are cached, so only the first build encodes.
"""

from __future__ import annotations

import contextlib
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TextIO

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kefu.commands._batch import parse_batch, result_line
from kefu.commands._engine import build_engine, stderr_console, terminal_progress
from kefu.commands._render import print_response, response_json, stdout_console
from kefu.errors import InvalidInput, NotFound
from kefu.kb import LOCALES

if TYPE_CHECKING:
    from kefu.search.engine import SearchEngine
    from kefu.search.evaluation import Metrics, Report

__all__ = ["app"]

app = typer.Typer()

KbOption = Annotated[
    Path | None,
    typer.Option(
        "--kb", help="Knowledge-base directory [default: KEFU_KB_DIR, else the starter help center]."
    ),
]
LimitOption = Annotated[int, typer.Option("--limit", "-n", min=1, max=100, help="How many results.")]

_QUIT = {":q", ":quit", ":exit"}
_METRIC_COLUMNS = (
    "",
    "n",
    "MRR@10",
    "R@1",
    "R@3",
    "R@10",
    "nDCG@10",
    "cross-locale hits",
    "p50 ms",
    "p99 ms",
)


def _check_locale(locale: str | None) -> str | None:
    if locale is not None and locale not in LOCALES:
        raise typer.BadParameter(f"must be one of {', '.join(LOCALES)}", param_hint="--locale")
    return locale


LocaleOption = Annotated[
    str | None,
    typer.Option(
        "--locale", "-l", callback=_check_locale, help="zh-CN or en [default: the language of the query]."
    ),
]


@app.command("search")
def search(
    query: Annotated[str | None, typer.Argument(help="The question; leave out to ask interactively.")] = None,
    locale: LocaleOption = None,
    kb: KbOption = None,
    limit: LimitOption = 10,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the full response as JSON (interactive: one line each).")
    ] = False,
    batch: Annotated[
        Path | None,
        typer.Option("--batch", help='JSON lines {"id", "locale", "query"} to answer ("-" for stdin).'),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="With --batch: write here instead of stdout.")
    ] = None,
) -> None:
    """Search the help center. 搜索帮助中心。"""
    if batch is not None and query is not None:
        raise typer.BadParameter("give a query or --batch, not both", param_hint="--batch")
    if output is not None and batch is None:
        raise typer.BadParameter("only with --batch", param_hint="--output")
    if batch is not None:
        _search_batch(batch, kb, limit, output)
        return
    engine = build_engine(kb)
    console = stdout_console()
    if query is None:
        _interactive(engine, console, locale, limit, as_json)
        return
    response = engine.search(query, locale or _locale_of(engine, query), limit)
    if as_json:
        typer.echo(response_json(response))
    else:
        print_response(console, response)


def _locale_of(engine: SearchEngine, query: str) -> str:
    """The locale to answer in when none is given: the query's own language, if the help center has it."""
    detected = engine.plan(query).locale if query.strip() else ""
    return detected if detected in engine.locales else "zh-CN"


def _search_batch(path: Path, kb: Path | None, limit: int, output: Path | None) -> None:
    queries = parse_batch(_read_lines(path), "<stdin>" if str(path) == "-" else str(path))
    engine = build_engine(kb)
    with _open_output(output) as out, terminal_progress(stderr_console()) as bar:
        task = bar.add_task("search 搜索", total=len(queries)) if bar else None
        for item in queries:
            response = engine.search(item.query, item.locale, limit)
            out.write(json.dumps(result_line(item, response), ensure_ascii=False) + "\n")
            if bar is not None and task is not None:
                bar.advance(task)


def _read_lines(path: Path) -> list[str]:
    if str(path) == "-":
        return sys.stdin.read().splitlines()
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError as error:
        raise NotFound(f"batch file not found: {path}", f"找不到批量查询文件：{path}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput(
            f"cannot read {path} as UTF-8 text ({error})", f"无法以 UTF-8 文本读取 {path}（{error}）"
        ) from error


def _open_output(output: Path | None) -> contextlib.AbstractContextManager[TextIO]:
    """The --output file, or stdout (left open)."""
    if output is None:
        return contextlib.nullcontext(sys.stdout)
    try:
        return output.open("w", encoding="utf-8")
    except OSError as error:
        raise InvalidInput(
            f"cannot write {output} ({error.strerror})", f"无法写入 {output}（{error.strerror}）"
        ) from error


def _interactive(
    engine: SearchEngine, console: Console, locale: str | None, limit: int, as_json: bool
) -> None:
    prompting = sys.stdin.isatty()
    if prompting:
        console.print(
            Text(
                "Ask a question; :locale zh-CN|en|auto to switch, :q to quit.\n"
                "输入问题搜索；:locale zh-CN|en|auto 切换语言，:q 退出。",
                style="dim",
            )
        )
    while True:
        try:
            line = console.input("[bold]?[/] ") if prompting else input()
        except (EOFError, KeyboardInterrupt):
            break
        line = line.strip()
        if not line:
            continue
        if line in _QUIT:
            break
        if line.startswith(":locale"):
            locale = _switch_locale(console, line, locale)
            continue
        response = engine.search(line, locale or _locale_of(engine, line), limit)
        if as_json:  # one compact line per question, for piping
            typer.echo(json.dumps(response.to_dict(), ensure_ascii=False))
            continue
        print_response(console, response)
        console.print()


def _switch_locale(console: Console, line: str, current: str | None) -> str | None:
    wanted = line.removeprefix(":locale").strip()
    if wanted == "auto":
        return None
    if wanted in LOCALES:
        return wanted
    console.print(
        Text(f"locale: {', '.join(LOCALES)} or auto / 语言：{'、'.join(LOCALES)} 或 auto", "yellow")
    )
    return current


@app.command("suggest")
def suggest(
    prefix: Annotated[str, typer.Argument(help="What has been typed so far (pinyin works: mima, zfmm).")],
    locale: LocaleOption = None,
    kb: KbOption = None,
    limit: Annotated[int, typer.Option("--limit", "-n", min=1, max=50, help="How many suggestions.")] = 8,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
) -> None:
    """Autocomplete article titles and tags. 自动补全标题和标签。"""
    engine = build_engine(kb, dense=False)
    locales = [locale] if locale else engine.locales
    rows = [(loc, s) for loc in locales for s in engine.suggest(prefix, loc, limit)]
    if as_json:
        data = [{"text": s.text, "slug": s.slug, "kind": s.kind, "locale": loc} for loc, s in rows]
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    console = stdout_console()
    if not rows:
        console.print(Text("no suggestions / 没有建议", style="dim"))
    for loc, s in rows:
        console.print(Text.assemble((s.text, "bold"), f"  {s.slug}", (f"  {s.kind} · {loc}", "dim")))


@app.command("eval")
def evaluate(
    queries: Annotated[
        Path,
        typer.Option("--queries", "-q", help='Labelled JSON lines {"id", "locale", "query", "relevant"}.'),
    ],
    kb: KbOption = None,
    limit: LimitOption = 10,
    misses: Annotated[
        bool, typer.Option("--misses", help="List the queries not answered at rank 1.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
) -> None:
    """Measure search quality on labelled queries. 用标注查询评估搜索质量。"""
    from kefu.search.evaluation import evaluate as run_evaluation
    from kefu.search.evaluation import read_queries

    if not queries.is_file():
        raise NotFound(f"query file not found: {queries}", f"找不到查询文件：{queries}")
    try:
        labelled = read_queries(queries)
    except ValueError as error:
        raise InvalidInput(str(error), f"查询文件格式错误：{error}", code="invalid_queries") from error
    engine = build_engine(kb)

    def rank(query: str, locale: str, n: int) -> list[tuple[str, str]]:
        return [(hit.slug, hit.locale) for hit in engine.search(query, locale, n).hits]

    report = run_evaluation(labelled, rank, limit=limit)
    if as_json:
        typer.echo(json.dumps(_report_json(report, misses), ensure_ascii=False, indent=2))
        return
    console = stdout_console()
    console.print(_metrics_table(report))
    if misses:
        console.print(_misses_table(report))


def _rows(report: Report) -> list[tuple[str, Metrics]]:
    order = [loc for loc in LOCALES if loc in report.by_locale]
    order += sorted(loc for loc in report.by_locale if loc not in LOCALES)
    return [(loc, report.by_locale[loc]) for loc in order] + [("all", report.overall)]


def _metrics_table(report: Report) -> Table:
    table = Table(title="Search quality 搜索质量", title_justify="left")
    for column in _METRIC_COLUMNS:
        table.add_column(column, justify="left" if not column else "right", no_wrap=True)
    for name, m in _rows(report):
        table.add_row(
            name,
            str(m.n),
            *(f"{value:.3f}" for value in (m.mrr, m.r1, m.r3, m.r10, m.ndcg)),
            str(m.cross_locale),
            f"{m.p50_ms:.1f}",
            f"{m.p99_ms:.1f}",
            style="bold" if name == "all" else None,
        )
    return table


def _misses_table(report: Report) -> Table:
    table = Table(title=f"Not at rank 1 未排第一 ({len(report.misses())})", title_justify="left")
    for column in ("id", "query", "expected", "rank", "top 3"):
        table.add_column(column, justify="right" if column == "rank" else "left", no_wrap=column != "query")
    for outcome in report.misses():
        q = outcome.query
        top = ", ".join(
            f"{slug}" if loc == q.locale else f"{slug} ({loc})" for slug, loc in outcome.ranking[:3]
        )
        table.add_row(q.id, q.query, q.relevant[0] if q.relevant else "-", str(outcome.rank or "-"), top)
    return table


def _report_json(report: Report, with_misses: bool) -> dict[str, Any]:
    data: dict[str, Any] = {name: m.to_dict() for name, m in _rows(report)}
    if with_misses:
        data["misses"] = [
            {
                "id": o.query.id,
                "locale": o.query.locale,
                "query": o.query.query,
                "expected": list(o.query.relevant),
                "rank": o.rank,
                "top": [slug for slug, _ in o.ranking[:3]],
            }
            for o in report.misses()
        ]
    return data
