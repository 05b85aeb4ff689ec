"""How a :class:`SearchResponse` looks on a terminal, and as JSON.

Snippets arrive HTML-escaped with the query's words in ``<mark>``; on the terminal the marks become bold
and the escapes are undone. Everything is built as :class:`rich.text.Text`, never as markup, so article
text with brackets prints as written.
"""

from __future__ import annotations

import html
import json
import re

from rich.console import Console
from rich.text import Text

from kefu.search.results import SearchHit, SearchResponse

__all__ = ["marked_text", "print_response", "response_json", "stdout_console"]

#: Width for tables when stdout is a file or a pipe (rich would assume 80 columns).
_PIPE_WIDTH = 160

_MARK = re.compile(r"<mark>(.*?)</mark>", re.DOTALL)

_CONFIDENCE = {
    "clear": ("clear 明确", "green"),
    "ambiguous": ("ambiguous 不确定", "yellow"),
    "none": ("none 没有合适的答案", "red"),
}


def stdout_console() -> Console:
    console = Console(soft_wrap=True, highlight=False)
    if not console.is_terminal:
        console.width = _PIPE_WIDTH
    return console


def response_json(response: SearchResponse) -> str:
    return json.dumps(response.to_dict(), ensure_ascii=False, indent=2)


def marked_text(snippet: str, style: str = "bold") -> Text:
    """``snippet`` (escaped HTML with ``<mark>``) as plain text, the marked parts in ``style``."""
    text = Text()
    position = 0
    for match in _MARK.finditer(snippet):
        text.append(html.unescape(snippet[position : match.start()]))
        text.append(html.unescape(match.group(1)), style=style)
        position = match.end()
    text.append(html.unescape(snippet[position:]))
    return text


def print_response(console: Console, response: SearchResponse) -> None:
    console.print(_header(response))
    if response.did_you_mean:
        console.print(Text.assemble("did you mean 您是不是要找：", (response.did_you_mean, "bold cyan")))
    if not response.hits:
        console.print(Text("no results 没有结果", style="dim"))
        return
    width = len(str(len(response.hits)))
    for rank, hit in enumerate(response.hits, 1):
        _print_hit(console, rank, hit, width, response.locale)


def _header(response: SearchResponse) -> Text:
    label, style = _CONFIDENCE.get(response.confidence, (response.confidence, ""))
    header = Text.assemble(
        (response.query, "bold"),
        (f"  [{response.locale}]", "dim"),
        "  confidence 置信度: ",
        (label, style),
        (f" ({response.confidence_score:.2f})", "dim"),
    )
    if response.confidence == "ambiguous" and response.candidates:
        header.append(f"  ask which 请确认: {', '.join(response.candidates)}", style="yellow")
    elif response.confidence == "none":
        header.append("  offer a person 建议转人工", style="red")
    return header


def _print_hit(console: Console, rank: int, hit: SearchHit, width: int, asked_locale: str) -> None:
    line = Text.assemble(
        (f"{rank:>{width}}. ", "bold"),
        (hit.title, "bold"),
        (f"  {hit.slug}", "cyan"),
        (f"  {hit.score:.3f}", "dim"),
    )
    if hit.locale != asked_locale:
        line.append(f"  [{hit.locale}]", style="magenta")
    if hit.cross_locale:
        line.append("  ⇄ cross-locale 跨语言", style="magenta")
    console.print(line)
    indent = " " * (width + 2)
    if hit.section:
        console.print(Text.assemble(indent, ("§ ", "dim"), (hit.section, "italic")))
    if hit.snippet:
        console.print(Text(indent) + marked_text(hit.snippet))
