"""``kefu report``: the analytics reports on the terminal, or as JSON.

    kefu report searches [--days 30] [--limit 20] [--locale zh-CN|en] [--json]

Reads the configured database (``KEFU_DATABASE_URL``, else ``<data_dir>/kefu.db``) through
:func:`~kefu.commands.db.open_database`, which migrates it first: a fresh install prints an empty report
instead of an error. The analytics (and SQLAlchemy) are imported only when the command runs, so other
commands start fast. Every cell holding what a customer typed or an article slug is a
:class:`rich.text.Text`, never markup: a query like ``[bold]`` prints as typed.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.table import Table
from rich.text import Text

from kefu.commands._render import stdout_console
from kefu.commands.db import open_database

if TYPE_CHECKING:
    from kefu.analytics.reports import SearchReport

__all__ = ["app"]

app = typer.Typer(
    name="report",
    help="Analytics reports for knowledge-base editors. 知识库编辑用的统计报表。",
    no_args_is_help=True,
)


@app.command("searches")
def searches(
    days: Annotated[int, typer.Option("--days", help="How many days back, 1–365.")] = 30,
    limit: Annotated[int, typer.Option("--limit", "-n", help="Rows per list, 1–500.")] = 20,
    locale: Annotated[str | None, typer.Option("--locale", "-l", help="zh-CN or en [default: both].")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """What customers searched for, what they did not find, which articles fail them. 搜索报表。"""
    from kefu.analytics.reports import search_report

    with open_database() as database, database.session() as session:
        report = search_report(session, days=days, limit=limit, locale=locale)
    if as_json:
        typer.echo(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
    else:
        print_search_report(stdout_console(), report)


def print_search_report(console: Console, report: SearchReport) -> None:
    scope = report.locale or "zh-CN + en"
    console.print(
        Text(
            f"Searches, last {report.days} days ({scope}) / 最近 {report.days} 天的搜索"
            f"  {report.since:%Y-%m-%d %H:%M} → {report.until:%Y-%m-%d %H:%M} UTC",
            style="bold",
        )
    )
    totals = report.totals
    summary = Table(title="Totals 总览", title_justify="left", title_style="bold")
    for name in (
        "searches 搜索次数",
        "distinct 不同查询",
        "zero-result 无结果",
        "low-confidence 不确定",
        "click-through 点击率",
        "mean ms 平均耗时",
        "p95 ms",
    ):
        summary.add_column(name, justify="right")
    summary.add_row(
        *_cells(
            totals.searches,
            totals.distinct_queries,
            _percent(totals.zero_result_rate),
            _percent(totals.low_confidence_rate),
            _percent(totals.click_through_rate),
            f"{totals.mean_took_ms:.1f}",
            f"{totals.p95_took_ms:.1f}",
        )
    )
    console.print(summary)
    if not totals.searches:
        console.print(Text("No searches in this period. 这段时间内没有搜索记录。", style="dim"))

    top = _table("Top queries 热门搜索", "query 查询", "count 次数", "zero-result 无结果")
    top.add_column("click-through 点击率", justify="right")
    top.add_column("most clicked 最常点击")
    for row in report.top_queries:
        top.add_row(
            *_cells(row.query, row.count, row.zero_results, _percent(row.click_through), row.top_clicked)
        )
    _print_list(console, top, report.top_queries)

    gaps = _table("Not answered — write these 无结果的搜索（待补充文章）", "query 查询", "count 次数")
    for gap in report.zero_result:
        gaps.add_row(*_cells(gap.query, gap.count))
    _print_list(console, gaps, report.zero_result)

    unsure = _table("Ambiguous — clarify these 不确定的搜索", "query 查询", "count 次数")
    unsure.add_column("top results 前几条结果")
    for item in report.low_confidence:
        unsure.add_row(*_cells(item.query, item.count, ", ".join(item.top_slugs)))
    _print_list(console, unsure, report.low_confidence)

    articles = _table("Articles, worst rated first 文章（评价最差的在前）", "article 文章")
    articles.add_column("locale 语言")
    for name in ("views 浏览", "clicks 点击", "helpful 有用", "not helpful 没用", "helpful % 有用率"):
        articles.add_column(name, justify="right")
    for stats in report.articles:
        ratio = _percent(stats.helpful_ratio) if stats.helpful_ratio is not None else None
        articles.add_row(
            *_cells(
                stats.slug, stats.locale, stats.views, stats.clicks, stats.helpful, stats.not_helpful, ratio
            )
        )
    _print_list(console, articles, report.articles)


def _table(title: str, first: str, *numbers: str) -> Table:
    """A table whose first column is text and the rest numbers (more columns may be added after)."""
    table = Table(title=title, title_justify="left", title_style="bold")
    table.add_column(first, overflow="fold")
    for name in numbers:
        table.add_column(name, justify="right")
    return table


def _print_list(console: Console, table: Table, rows: Sequence[object]) -> None:
    if rows:
        console.print(table)
    else:
        console.print(Text(f"{table.title}: none 无", style="dim"))


def _cells(*values: object) -> list[Text]:
    # Text, not str: rich would read "[…]" in a customer's query as markup.
    return [Text("-" if value is None else str(value)) for value in values]


def _percent(share: float) -> str:
    return f"{share * 100:.1f}%"
