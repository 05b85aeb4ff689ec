"""Splitting an article body into sections at its headings, as plain text with numbered steps.

Articles use bold lines as headings (``**Cancel one**`` alone on a line); Markdown ``#`` headings count too.
Whatever comes before the first heading is a section with an empty heading. Each section keeps its plain
text (bold, links and list markers removed, each table row as one line of cells) and the text of its
numbered steps, so an answer can quote "step 2" without re-reading Markdown.
"""

from __future__ import annotations

from markdown_it.tree import SyntaxTreeNode

from kefu.kb._markdown import block_lines, inline_text, parse_tree
from kefu.kb.model import Section

__all__ = ["split_sections"]


def split_sections(body: str) -> tuple[Section, ...]:
    """Split a Markdown body into sections, in order."""
    sections: list[Section] = []
    heading = ""
    blocks: list[SyntaxTreeNode] = []
    lines: list[str] = []

    def flush() -> None:
        if heading or lines:
            steps = tuple(step for block in blocks for step in _steps(block))
            sections.append(Section(heading=heading, text="\n".join(lines), steps=steps))

    for block in parse_tree(body).children:
        found = _heading(block)
        if found is None:
            blocks.append(block)
            lines.extend(block_lines(block))
            continue
        flush()
        heading, rest = found
        blocks, lines = [], ([rest] if rest else [])
    flush()
    return tuple(sections)


def _heading(block: SyntaxTreeNode) -> tuple[str, str] | None:
    """``(heading, text after it)`` when a block starts a section, else None.

    A paragraph starts a section when its first line is nothing but bold text; a line written straight under
    it (no blank line in between) is the section's first text.
    """
    if block.type == "heading":
        text = inline_text(block.children[0]).strip() if block.children else ""
        return (text, "") if text else None
    if block.type != "paragraph" or not block.children:
        return None
    first_line, rest = _split_first_line(block.children[0].children)
    marks = [node for node in first_line if not (node.type == "text" and not node.content.strip())]
    if len(marks) != 1 or marks[0].type != "strong":
        return None
    heading = inline_text(marks[0]).strip()
    if not heading:
        return None
    return heading, "".join(inline_text(node) for node in rest).strip()


def _split_first_line(
    nodes: list[SyntaxTreeNode],
) -> tuple[list[SyntaxTreeNode], list[SyntaxTreeNode]]:
    for index, node in enumerate(nodes):
        if node.type in ("softbreak", "hardbreak"):
            return nodes[:index], nodes[index + 1 :]
    return nodes, []


def _steps(block: SyntaxTreeNode) -> list[str]:
    """The text of each item of every numbered list in a block (sub-lists folded into their item)."""
    if block.type == "ordered_list":
        items = (" ".join(block_lines(item)) for item in block.children)
        return [item for item in items if item]
    steps: list[str] = []
    for child in block.children:
        steps.extend(_steps(child))
    return steps
