"""The one Markdown dialect articles are written in, and turning its syntax tree into plain text.

CommonMark plus GFM tables, with raw HTML switched off: an article's text is shown as text, so nothing in a
help-center file can inject markup into a page.
"""

from __future__ import annotations

from functools import cache

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

__all__ = ["block_lines", "inline_text", "markdown", "parse_tree"]


@cache
def markdown() -> MarkdownIt:
    """The shared parser: CommonMark + tables, raw HTML disabled (built once, on first use)."""
    return MarkdownIt("commonmark", {"html": False}).enable("table")


def parse_tree(source: str) -> SyntaxTreeNode:
    """Parse Markdown into markdown-it's nested syntax tree."""
    return SyntaxTreeNode(markdown().parse(source))


def inline_text(node: SyntaxTreeNode) -> str:
    """The plain text of an inline node (emphasis, links and code markers dropped, line breaks as spaces)."""
    if node.type in ("text", "code_inline", "html_inline"):
        return node.content
    if node.type in ("softbreak", "hardbreak"):
        return " "
    return "".join(inline_text(child) for child in node.children)


def block_lines(node: SyntaxTreeNode) -> list[str]:
    """The plain-text lines of a block node: one per paragraph, list item or table row.

    Table rows become their cells joined by spaces; list markers disappear; code keeps its lines.
    """
    if node.type == "inline":
        text = inline_text(node).strip()
        return [text] if text else []
    if node.type == "tr":
        cells = [inline_text(cell.children[0]).strip() if cell.children else "" for cell in node.children]
        row = " ".join(cell for cell in cells if cell)
        return [row] if row else []
    if node.type in ("fence", "code_block"):
        return [line for line in node.content.splitlines() if line.strip()]
    if node.type == "hr":
        return []
    lines: list[str] = []
    for child in node.children:
        lines.extend(block_lines(child))
    return lines
