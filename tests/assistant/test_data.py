"""The data files: complete in both languages, and about kinds of messages, never about one article."""

from __future__ import annotations

import re
from importlib.resources import files
from pathlib import Path

import pytest
import yaml

from kefu.assistant import Assistant, Context
from kefu.assistant.lexicon import load_lexicon
from kefu.kb.loader import article_files, starter_dir
from kefu.kb.model import LOCALES

DATA = Path(str(files("kefu.assistant").joinpath("data")))
SHARED_ARTICLES = Path(__file__).resolve().parents[3] / "shared" / "kb" / "articles"
SOURCE = Path(str(files("kefu.assistant")))


def _slugs() -> set[str]:
    folders = [starter_dir(), *([SHARED_ARTICLES] if SHARED_ARTICLES.is_dir() else [])]
    return {path.name.split(".")[0] for folder in folders for path in article_files(folder)}


@pytest.mark.parametrize("name", ["intents.yaml", "replies.yaml"])
def test_no_data_file_names_an_article(name: str) -> None:
    text = (DATA / name).read_text("utf-8").lower()
    named = sorted(slug for slug in _slugs() if re.search(rf"(?<![\w-]){re.escape(slug)}(?![\w-])", text))
    assert not named, f"{name} names help-center articles: {named}"


def test_no_code_names_an_article() -> None:
    code = "\n".join(p.read_text("utf-8") for p in SOURCE.glob("*.py"))
    named = sorted(slug for slug in _slugs() if f'"{slug}"' in code or f"'{slug}'" in code)
    assert not named


def test_every_reply_is_written_in_both_languages() -> None:
    replies = yaml.safe_load((DATA / "replies.yaml").read_text("utf-8"))
    for key, entry in replies.items():
        for variant in (entry, entry.get("short")):
            if variant is not None:
                assert all(variant.get(locale) for locale in LOCALES), key


def test_every_reply_the_code_uses_exists() -> None:
    replies = yaml.safe_load((DATA / "replies.yaml").read_text("utf-8"))
    code = "\n".join(p.read_text("utf-8") for p in SOURCE.glob("*.py"))
    used = set(re.findall(r'(?:say|simple)\("([a-z_]+)"', code))
    used |= {f"label_{k}" for k in re.findall(r'label\("([a-z_]+)"', code)}
    assert used and not used - set(replies)


def test_the_lexicon_loads_every_intent() -> None:
    lexicon = load_lexicon()
    intents = {k.intent for k in lexicon.kinds}
    assert {
        "emergency",
        "scam_warning",
        "complaint",
        "handoff",
        "language",
        "bye",
        "thanks",
        "greeting",
    } <= intents
    assert lexicon.secret_digits and lexicon.secret_labels and lexicon.acronyms


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("channel", ["chat", "sms", "wechat", "voice"])
def test_every_text_can_be_said(assistant: Assistant, locale: str, channel: str) -> None:
    """A walk through the main paths in each locale and channel: no missing text, no unfilled {field}."""
    context = Context(locale, channel=channel, signed_in=True)
    replies = [
        assistant.greet(context),
        *(assistant.choose(p, context) for p in ["menu", "other", "human", "emergency", "category:support"]),
        *(
            assistant.respond(t, context)
            for t in [
                "hi",
                "thanks",
                "bye",
                "agent",
                "I lost my phone",
                "I got scammed",
                "safe account",
                "my pin is 1234",
                "我要投诉",
                "C260518000123",
                "CP260518000001",
                "English",
                "中文",
                "how do I track my case",
                "chat history",
                "what is the weather like on mars",
                "!!!",
            ]
        ),
    ]
    for reply in replies:
        assert reply.text and not re.search(r"\{[a-z_]+\}", reply.text), reply
