"""HTML helpers for the help center page tests: a small tree with CSS-like selection, and ``pages_get``."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any
from urllib.parse import parse_qs, urlsplit

from fastapi.testclient import TestClient

# -- a small HTML tree with CSS-like selection (tag, #id, .class, [attr], [attr=value], descendants) ---------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass
class PagesNode:
    tag: str
    attrs: dict[str, str]
    parent: PagesNode | None = None
    children: list[PagesNode | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def iter(self) -> Iterator[PagesNode]:
        for child in self.children:
            if isinstance(child, PagesNode):
                yield child
                yield from child.iter()

    def select(self, selector: str) -> list[PagesNode]:
        steps = [_compound(part) for part in selector.split()]
        return [node for node in self.iter() if _matches(node, steps)]

    def one(self, selector: str) -> PagesNode:
        found = self.select(selector)
        assert len(found) == 1, f"{selector!r}: {len(found)} matches"
        return found[0]

    def __getitem__(self, name: str) -> str:
        return self.attrs[name]


_PART = re.compile(r"([#.][\w-]+)|\[([\w-]+)(?:=\"?([^\]\"]*)\"?)?\]|([\w-]+)")


def _compound(text: str) -> list[tuple[str, str, str | None]]:
    return [
        ("#", m[1][1:], None)
        if m[1] and m[1][0] == "#"
        else (".", m[1][1:], None)
        if m[1]
        else ("[", m[2], m[3])
        if m[2]
        else ("tag", m[4], None)
        for m in _PART.finditer(text)
    ]


def _match_one(node: PagesNode, compound: list[tuple[str, str, str | None]]) -> bool:
    for kind, name, value in compound:
        if kind == "tag" and node.tag != name:
            return False
        if kind == "#" and node.attrs.get("id") != name:
            return False
        if kind == "." and name not in node.classes:
            return False
        if kind == "[" and (name not in node.attrs or (value is not None and node.attrs[name] != value)):
            return False
    return True


def _matches(node: PagesNode, steps: list[list[tuple[str, str, str | None]]]) -> bool:
    if not _match_one(node, steps[-1]):
        return False
    ancestor, remaining = node.parent, steps[:-1]
    while remaining and ancestor is not None:
        if _match_one(ancestor, remaining[-1]):
            remaining = remaining[:-1]
        ancestor = ancestor.parent
    return not remaining


class _TreeBuilder(HTMLParser):
    """Builds a PagesNode tree; <template> content is left out, as a browser keeps it out of the DOM."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = PagesNode("#document", {})
        self.stack = [self.root]
        self.in_template = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.in_template:
            self.in_template += tag == "template"
            return
        node = PagesNode(tag, {k: v or "" for k, v in attrs}, self.stack[-1])
        self.stack[-1].children.append(node)
        if tag == "template":
            self.in_template = 1
        elif tag not in _VOID:
            self.stack.append(node)

    def handle_endtag(self, tag: str) -> None:
        if self.in_template:
            self.in_template -= tag == "template"
            return
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        if not self.in_template:
            self.stack[-1].children.append(data)


def pages_parse(text: str) -> PagesNode:
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def pages_query(url: str) -> dict[str, str]:
    return {key: values[0] for key, values in parse_qs(urlsplit(url).query).items()}


# -- fetching a page ----------------------------------------------------------------------------------------


def pages_get(client: TestClient, url: str, status: int = 200, **kwargs: Any) -> PagesNode:
    response = client.get(url, **kwargs)
    assert response.status_code == status, (url, response.status_code, response.text[:500])
    assert response.headers["content-type"].startswith("text/html")
    return pages_parse(response.text)
