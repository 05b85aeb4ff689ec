"""Normalisation: the one canonical form that documents and queries are both analysed from."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kefu.search.analysis import terms
from kefu.search.lexicon import load_variants
from kefu.search.normalize import has_han, normalize, to_simplified


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("ＡＢＣ１２３", "abc123"),
        ("ｐｉｎ码", "pin码"),
        ("怎么办！", "怎么办!"),
        ("真的吗？", "真的吗?"),
        ("（支付密码）", "(支付密码)"),
    ],
)
def test_full_width_becomes_half_width(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("帳號", "账号"),  # OpenCC gives 帐号, the variant table makes it the mainland 账号
        ("忘記密碼", "忘记密码"),
        ("轉帳失敗", "转账失败"),
        ("銀行卡", "银行卡"),
    ],
)
def test_traditional_becomes_simplified_mainland_spelling(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_every_variant_spelling_becomes_its_standard() -> None:
    pairs = load_variants()
    assert pairs, "variants.tsv has entries"
    for variant, standard in pairs:
        assert to_simplified(variant) == standard
        assert normalize(f"我的{variant}") == f"我的{standard}"


def test_to_simplified_leaves_text_without_han_alone() -> None:
    assert to_simplified("Payment PIN ＡＢＣ") == "Payment PIN ＡＢＣ"


def test_lower_case() -> None:
    assert normalize("Reset My Payment PIN") == "reset my payment pin"
    assert normalize("App闪退") == "app闪退"


@pytest.mark.parametrize(
    "raw", ["转账失败😡", "转账😡😡😡失败", "👍转账失败", "转账失败🇨🇳", "转账失败👨‍👩‍👧"]
)
def test_emoji_removed(raw: str) -> None:
    out = normalize(raw)
    assert "转账" in out and "失败" in out
    assert out.replace(" ", "") == "转账失败"


def test_emoji_between_words_leaves_a_space_not_a_join() -> None:
    assert normalize("card😡blocked") == "card blocked"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("钱呢？？？", "钱呢?"),
        ("why!!!", "why!"),
        ("什么！！！？？", "什么!"),
        ("真的吗？！", "真的吗?"),
        ("wait . . .", "wait ."),
        ("。。。", "。"),
    ],
)
def test_repeated_punctuation_collapses_to_one_mark(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_single_punctuation_and_numbers_are_kept() -> None:
    assert normalize("1,000.50 yuan, ok?") == "1,000.50 yuan, ok?"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a \t b\n c  ", "a b c"),
        ("\u3000支付\u3000密码\u3000", "支付 密码"),  # ideographic space is NFKC'd to a plain space
        ("", ""),
        ("   ", ""),
    ],
)
def test_whitespace_collapsed_and_stripped(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_normalize_is_idempotent() -> None:
    samples = ["ＡＢＣ１２３！？", "帳號被凍結了怎麼辦？？？", "Why!!! 😡 my  PIN", "app闪退。。。"]
    for raw in samples:
        once = normalize(raw)
        assert normalize(once) == once


def test_has_han() -> None:
    assert has_han("abc密码")
    assert not has_han("abc 123 !?")


_MESSY = st.text(st.sampled_from(list("abcXYZ 12！？?!.,。、帳號账户密码冻结😡👍ＡＢ１\t\n-'’")), max_size=24)


@settings(max_examples=300, deadline=None, database=None)
@given(_MESSY)
def test_normalize_is_idempotent_on_messy_text(raw: str) -> None:
    once = normalize(raw)
    assert normalize(once) == once
    assert once == once.strip() and "  " not in once
    assert terms(once, normalized=True) == terms(raw)
