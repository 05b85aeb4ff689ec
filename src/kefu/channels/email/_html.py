"""HTML-only mail → readable plain text, with the stdlib :mod:`html.parser` (no markup survives)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

#: Tags that end a line of text where they open or close.
_BLOCKS = frozenset(
    {"address", "blockquote", "br", "div", "dd", "dl", "dt", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
     "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul", "article", "header", "footer"}
)  # fmt: skip
#: Tags whose content is never shown to a reader.
_HIDDEN = frozenset({"head", "script", "style", "template", "title"})


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
        if tag == "li":
            self.parts.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees: tags dropped, entities decoded, one line per block, no runs of blank lines."""
    collector = _TextCollector()
    collector.feed(html)
    collector.close()
    lines = [
        re.sub(r"[ \t\r\f\v\u00a0]+", " ", line).strip() for line in "".join(collector.parts).split("\n")
    ]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()
