"""Autocomplete over titles and tags: prefixes, word prefixes, pinyin and pinyin initials."""

from __future__ import annotations

import pytest

from kefu.search.suggest import Suggester, Suggestion


def title(text: str, slug: str) -> Suggestion:
    return Suggestion(text, slug, "title")


def tag(text: str, slug: str) -> Suggestion:
    return Suggestion(text, slug, "tag")


@pytest.fixture(scope="module")
def suggester() -> Suggester:
    return Suggester(
        [
            title("忘记支付密码", "pin"),
            tag("支付密码", "pin"),
            tag("密码锁定", "pin"),
            title("修改登录密码", "login"),
            title("提现到银行卡", "withdraw"),
            tag("提现", "withdraw"),
            title("Reset your payment PIN", "pin-en"),
            tag("payment", "pin-en"),
            title("Payment limits", "limits"),
            title("Withdraw money to your bank card", "withdraw-en"),
            tag("withdraw", "withdraw-en"),
        ]
    )


def texts(found: list[Suggestion]) -> list[str]:
    return [s.text for s in found]


def test_prefix_of_the_whole_text(suggester: Suggester) -> None:
    assert texts(suggester.suggest("忘记"))[0] == "忘记支付密码"
    assert "提现到银行卡" in texts(suggester.suggest("提现"))


def test_prefix_is_normalised(suggester: Suggester) -> None:
    assert suggester.suggest("PAY") == suggester.suggest("pay")
    assert suggester.suggest("ｐａｙ") == suggester.suggest("pay")
    assert suggester.suggest("忘記") == suggester.suggest("忘记")  # Traditional


def test_prefix_of_a_later_word(suggester: Suggester) -> None:
    assert texts(suggester.suggest("pin")) == ["Reset your payment PIN"]
    assert "Withdraw money to your bank card" in texts(suggester.suggest("bank"))


def test_whole_text_prefix_ranks_above_word_prefix(suggester: Suggester) -> None:
    found = texts(suggester.suggest("pay"))
    assert found.index("Payment limits") < found.index("Reset your payment PIN")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("wangji", "忘记支付密码"),  # full pinyin prefix
        ("wangjizhifu", "忘记支付密码"),
        ("tixian", "提现"),
        ("mim", "密码锁定"),
    ],
)
def test_pinyin_prefix(suggester: Suggester, typed: str, expected: str) -> None:
    assert expected in texts(suggester.suggest(typed))


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("zfmm", "支付密码"), ("wjzf", "忘记支付密码"), ("txd", "提现到银行卡"), ("xgdl", "修改登录密码")],
)
def test_pinyin_initials(suggester: Suggester, typed: str, expected: str) -> None:
    assert texts(suggester.suggest(typed)) == [expected]


def test_pinyin_prefix_ranks_above_initials() -> None:
    s = Suggester([title("三号", "a"), title("手机", "b")])  # sanhao: initials "sh"; shouji: pinyin "sh..."
    assert texts(s.suggest("sh")) == ["手机", "三号"]


def test_titles_rank_before_tags_for_the_same_kind_of_match(suggester: Suggester) -> None:
    # both start with "pay"; the tag is shorter, but titles come first
    found = texts(suggester.suggest("pay"))
    assert found.index("Payment limits") < found.index("payment")
    s = Suggester([tag("冻结", "a"), title("冻结账户", "b")])
    assert texts(s.suggest("冻结")) == ["冻结账户", "冻结"]


def test_shorter_ranks_before_longer(suggester: Suggester) -> None:
    s = Suggester([title("冻结账户后如何解冻", "a"), title("冻结账户", "b")])
    assert texts(s.suggest("冻结")) == ["冻结账户", "冻结账户后如何解冻"]


def test_substring_match_comes_last(suggester: Suggester) -> None:
    found = texts(suggester.suggest("密码"))
    assert found[0] == "密码锁定"  # prefix
    assert set(found[1:]) == {"忘记支付密码", "修改登录密码", "支付密码"}  # inside the text


def test_limit(suggester: Suggester) -> None:
    assert len(suggester.suggest("密码", limit=2)) == 2
    assert len(suggester.suggest("pay", limit=1)) == 1
    assert suggester.suggest("pay", limit=1) == suggester.suggest("pay")[:1]


def test_each_text_once() -> None:
    s = Suggester([tag("提现", "b"), title("提现", "a"), tag("提現", "c")])  # 提現: Traditional spelling
    assert s.suggest("提现") == [title("提现", "a")]


@pytest.mark.parametrize("prefix", ["", "   ", "😡", "？？"])
def test_nothing_typed_suggests_nothing(suggester: Suggester, prefix: str) -> None:
    assert suggester.suggest(prefix) == []


def test_no_match(suggester: Suggester) -> None:
    assert suggester.suggest("qqqq") == []
    assert suggester.suggest("天气") == []
