"""Finding "see <title>" / 参见"<title>" references and resolving titles to slugs within a locale."""

from __future__ import annotations

import pytest

from kefu.kb import Article, TitleIndex, find_references, normalize_title, resolve_references


def article(slug: str, locale: str, title: str) -> Article:
    return Article(slug, locale, title, "support", ("t",), slug, "Body.")


@pytest.fixture
def titles() -> TitleIndex:
    return TitleIndex(
        [
            article("unfreeze-account", "en", "Unfreeze your account"),
            article("unfreeze-account", "zh-CN", "账户解冻"),
            article("points-expiry", "en", "When do my points expire?"),
            article("points-expiry", "zh-CN", "积分什么时候过期"),
        ]
    )


@pytest.mark.parametrize(
    "text",
    [
        'For that, see "Unfreeze your account".',
        "For that, see “Unfreeze your account”.",
        "See 「Unfreeze your account」 first.",
        '(see also "Unfreeze your account")',
        '请参见"Unfreeze your account"。',
    ],
)
def test_cued_references_with_any_quotes(text: str) -> None:
    [reference] = find_references(text)
    assert reference.title == "Unfreeze your account"
    assert text[reference.start : reference.end] == "Unfreeze your account"
    assert reference.cued


@pytest.mark.parametrize(
    "text",
    ['请参见"账户解冻"。', "参见“账户解冻”", "详见「账户解冻」", "请参见：“账户解冻”", '请参见“账户解冻"'],
)
def test_chinese_cues(text: str) -> None:
    assert [reference.title for reference in find_references(text)] == ["账户解冻"]


def test_quotes_without_a_cue_are_not_references() -> None:
    assert find_references('Tap "Forgot PIN" and then "Confirm".') == []


def test_a_cue_carries_over_a_list() -> None:
    en = find_references('see "Unfreeze your account" or "Lost phone", then "Done" later')
    zh = find_references('参见"账户解冻"和"手机丢失"')
    assert [r.title for r in en] == ["Unfreeze your account", "Lost phone"]
    assert [r.title for r in zh] == ["账户解冻", "手机丢失"]


def test_whitespace_inside_quotes_is_normalised() -> None:
    assert normalize_title("  “Unfreeze   your\taccount” ") == "Unfreeze your account"
    [reference] = find_references('see " Unfreeze  your account "')
    assert reference.title == "Unfreeze your account"


def test_resolve_exact_then_case_insensitive(titles: TitleIndex) -> None:
    assert titles.resolve("Unfreeze your account", "en") == "unfreeze-account"
    assert titles.resolve("unfreeze YOUR account", "en") == "unfreeze-account"
    assert titles.resolve("When do my points expire", "en") == "points-expiry"  # trailing "?" dropped
    assert titles.resolve("Unfreeze your account", "zh-CN") is None  # never across locales
    assert titles.resolve("Freeze your account", "en") is None


def test_resolve_references_in_english(titles: TitleIndex) -> None:
    text = 'see "unfreeze your account"; follow "When do my points expire?"; tap "OK"; see "Nothing here"'
    resolved = [(r.title, r.slug, r.cued) for r in resolve_references(text, "en", titles)]
    assert resolved == [
        ("unfreeze your account", "unfreeze-account", True),
        ("When do my points expire?", "points-expiry", False),  # uncued but names an article
        ("Nothing here", None, True),  # cued and unresolved: the checker reports it
    ]


def test_resolve_references_in_chinese(titles: TitleIndex) -> None:
    text = "请参见“账户解冻”，或按「积分什么时候过期」处理，详见“不存在的文章”。"
    resolved = [(r.title, r.slug) for r in resolve_references(text, "zh-CN", titles)]
    assert resolved == [
        ("账户解冻", "unfreeze-account"),
        ("积分什么时候过期", "points-expiry"),
        ("不存在的文章", None),
    ]
