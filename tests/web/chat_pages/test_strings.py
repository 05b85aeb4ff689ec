"""The chat pages' words exist in both languages, and the scripts ask only for words that exist; the pages
stay fit for a strict Content-Security-Policy (no inline script or handler, no HTML built from text)."""

from __future__ import annotations

import re
import string

from kefu.web.chat.pages import STATIC_DIR, TEMPLATES_DIR
from kefu.web.chat.strings import STRINGS

SCRIPTS = sorted(STATIC_DIR.glob("*.js"))
TEMPLATES = sorted(TEMPLATES_DIR.glob("*.html"))


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys() -> None:
    assert set(STRINGS) == {"zh-CN", "en"}
    assert STRINGS["zh-CN"].keys() == STRINGS["en"].keys()


def test_both_languages_fill_the_same_placeholders() -> None:
    differ = [
        key
        for key in STRINGS["en"]
        if _placeholders(STRINGS["en"][key]) != _placeholders(STRINGS["zh-CN"][key])
    ]
    assert not differ


def test_no_text_is_left_empty() -> None:
    assert all(text.strip() for table in STRINGS.values() for text in table.values())


def test_every_word_the_scripts_ask_for_exists() -> None:
    asked = set()
    for script in SCRIPTS:
        asked |= set(re.findall(r"\bt\(\s*\"([a-z_]+)\"", script.read_text("utf-8")))
        asked |= set(re.findall(r"\btn\(\s*\"([a-z_]+)\"", script.read_text("utf-8")))
    assert asked, "the scripts look up no words?"
    prefixes = {key for key in asked if key.endswith("_")}
    assert not asked - prefixes - STRINGS["en"].keys()
    # looked up by a computed key
    assert prefixes == {"chat_status_"}
    for status in ("bot", "queued", "agent", "ended"):
        assert f"chat_status_{status}" in STRINGS["en"]


def test_every_word_the_templates_ask_for_exists() -> None:
    asked = set()
    for template in TEMPLATES:
        asked |= set(re.findall(r"\bt\('([a-z_]+)'", template.read_text("utf-8")))
    assert not asked - STRINGS["en"].keys()


def test_the_scripts_never_parse_text_as_html() -> None:
    for script in SCRIPTS:
        source = script.read_text("utf-8")
        for risky in (
            "innerHTML",
            "outerHTML",
            "insertAdjacentHTML",
            "document.write",
            "eval(",
            "new Function",
        ):
            assert risky not in source, f"{script.name} uses {risky}"


def test_the_templates_have_no_inline_script_or_handler() -> None:
    for template in TEMPLATES:
        source = template.read_text("utf-8")
        assert not re.search(r"\son[a-z]+\s*=", source), f"{template.name} has an inline event handler"
        assert "javascript:" not in source
        assert "style=" not in source, f"{template.name} has an inline style"
        for tag in re.findall(r"<script[^>]*>", source):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template.name}: {tag}"
