"""The "My cases" pages' words exist in both languages and never shadow the chat frame's; every word the
script and the templates ask for exists (by computed key too); the pages stay fit for the strict CSP."""

from __future__ import annotations

import re
import string

from kefu.cases.states import STATUSES
from kefu.web.cases.pages import STATIC_DIR, TEMPLATES_DIR
from kefu.web.cases.strings import CASE_STRINGS, COMPLAINT_TOPICS, page_strings
from kefu.web.chat.strings import STRINGS

SCRIPTS = sorted(STATIC_DIR.glob("*.js"))
TEMPLATES = sorted(TEMPLATES_DIR.glob("*.html"))

#: Every timeline event kind the cases domain records (kefu.cases.records.CaseEvent.kind, and evidence).
EVENTS = (
    "created",
    "status_changed",
    "information_added",
    "reply",
    "assigned",
    "escalated",
    "complaint_filed",
    "deadline_changed",
    "reopened",
    "auto_closed",
    "overdue",
    "extended",
    "final_response",
    "email_received",
    "evidence_added",
)


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_keys_and_placeholders() -> None:
    assert set(CASE_STRINGS) == {"zh-CN", "en"}
    assert CASE_STRINGS["zh-CN"].keys() == CASE_STRINGS["en"].keys()
    differ = [
        key
        for key in CASE_STRINGS["en"]
        if _placeholders(CASE_STRINGS["en"][key]) != _placeholders(CASE_STRINGS["zh-CN"][key])
    ]
    assert not differ
    assert all(text.strip() for table in CASE_STRINGS.values() for text in table.values())


def test_the_words_are_ours_and_never_shadow_the_chat_frame() -> None:
    assert all(key.startswith("cases_") for key in CASE_STRINGS["en"])
    assert not CASE_STRINGS["en"].keys() & STRINGS["en"].keys()
    assert page_strings("zh-CN").keys() == page_strings("en").keys()


def test_every_word_the_script_asks_for_exists() -> None:
    asked: set[str] = set()
    computed: set[str] = set()
    for script in SCRIPTS:
        source = script.read_text("utf-8")
        asked |= set(re.findall(r"\bt\(\s*\"([a-z_]+)\"", source))
        computed |= set(re.findall(r"\bword\(\s*\"([a-z_]+)\"", source))
    assert asked and computed
    assert not asked - page_strings("en").keys()
    assert computed == {"cases_kind_", "cases_event_", "cases_who_"}
    for kind in ("case", "complaint", "dispute"):
        assert f"cases_kind_{kind}" in CASE_STRINGS["en"]
    for who in ("you", "support", "system"):
        assert f"cases_who_{who}" in CASE_STRINGS["en"]
    for event in EVENTS:
        assert f"cases_event_{event}" in CASE_STRINGS["en"], event
    for topic in COMPLAINT_TOPICS:
        assert f"cases_topic_{topic}" in CASE_STRINGS["en"]
    assert STATUSES  # status names come from the cases domain, not from here


def test_every_word_the_templates_ask_for_exists() -> None:
    asked: set[str] = set()
    for template in TEMPLATES:
        source = template.read_text("utf-8")
        asked |= set(re.findall(r"\bt\('([a-z_]+)'", source))
        asked |= set(re.findall(r'data-done="([a-z_]+)"', source))  # cases.js says these after a verb
    assert asked
    assert not asked - page_strings("en").keys()


def test_the_script_never_parses_text_as_html() -> None:
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


def test_the_templates_have_no_inline_script_style_or_handler() -> None:
    for template in TEMPLATES:
        source = template.read_text("utf-8")
        assert not re.search(r"\son[a-z]+\s*=", source), f"{template.name} has an inline event handler"
        assert "javascript:" not in source
        assert "style=" not in source and "<style" not in source, f"{template.name} has an inline style"
        for tag in re.findall(r"<script[^>]*>", source):
            assert "src=" in tag or 'type="application/json"' in tag, f"{template.name}: {tag}"
