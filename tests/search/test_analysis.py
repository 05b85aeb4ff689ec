"""Analysis: script runs, Chinese segmentation with bigrams and characters, English stems and pairs."""

from __future__ import annotations

from kefu.search.analysis import KINDS, Run, analyze, han_words, latin_words, script_runs, stem, terms
from kefu.search.lexicon import load_stopwords
from kefu.search.normalize import normalize


def runs(text: str) -> list[tuple[str, str]]:
    return [(r.script, r.text) for r in script_runs(normalize(text))]


def of_kind(all_terms: list[str], kind: str) -> list[str]:
    return [t[2:] for t in all_terms if t.startswith(kind + ":")]


def test_script_runs_of_mixed_text() -> None:
    assert runs("忘记支付PIN怎么办") == [("han", "忘记支付"), ("lat", "pin"), ("han", "怎么办")]
    assert runs("app闪退") == [("lat", "app"), ("han", "闪退")]
    assert runs("转账500元") == [("han", "转账"), ("lat", "500"), ("han", "元")]


def test_script_runs_keep_offsets_and_skip_punctuation() -> None:
    text = normalize("PIN, 密码!")
    found = script_runs(text)
    assert found == [Run("lat", "pin", 0), Run("han", "密码", 5)]
    for run in found:
        assert text[run.start : run.start + len(run.text)] == run.text


def test_apostrophe_words_are_one_run() -> None:
    assert runs("husband's card") == [("lat", "husband's"), ("lat", "card")]


def test_latin_terms_inside_chinese_stay_whole() -> None:
    for query, word in [
        ("忘记支付PIN怎么办", "pin"),
        ("app闪退", "app"),
        ("KYC认证失败", "kyc"),
        ("扫QR码", "qr"),
    ]:
        found = terms(query)
        assert f"w:{word}" in found
        # never cut into letters, never glued to the neighbouring Chinese
        assert not any(word in t and t != f"w:{word}" for t in found)


def test_domain_word_is_segmented_whole_and_into_its_parts() -> None:
    found = terms("支付密码")
    assert "w:支付密码" in found
    assert "w:支付" in found
    assert "w:密码" in found


def test_han_run_gives_every_character_bigram() -> None:
    found = terms("冻结账户")
    assert of_kind(found, "b") == ["冻结", "结账", "账户"]
    # a bigram that is not a word still matches text written the same way
    assert "b:结账" in terms("冻结账户余额")


def test_bigrams_stay_inside_one_han_run() -> None:
    found = terms("转账pin密码")
    assert of_kind(found, "b") == ["转账", "密码"]


def test_single_han_character_has_no_bigram() -> None:
    assert of_kind(terms("码"), "b") == []


def test_every_term_has_a_known_kind_prefix() -> None:
    for text in ["忘记支付PIN怎么办", "how do I withdraw money to my bank card", "app闪退了！！"]:
        for term in terms(text):
            kind, sep, value = term.partition(":")
            assert kind in KINDS and sep == ":" and value


def test_english_words_are_stemmed() -> None:
    assert stem("withdrawals") == "withdraw"
    assert terms("withdrawals") == ["w:withdraw"]
    assert stem("withdrawing") == stem("withdraw") == stem("withdrawal")
    assert terms("Payments") == terms("payment")


def test_possessive_s_is_dropped() -> None:
    assert stem("husband's") == stem("husband")
    assert stem("husband’s") == stem("husband")


def test_english_pairs_join_neighbours_and_skip_stopwords() -> None:
    found = terms("how do I reset my payment PIN")
    assert of_kind(found, "p") == ["reset_payment", "payment_pin"]
    # stopwords between content words do not break the pair
    assert "p:payment_bill" in terms("the payment of the bill")


def test_no_pair_across_numbers_or_chinese() -> None:
    assert of_kind(terms("paid 20 yuan"), "p") == []
    assert of_kind(terms("payment 密码 pin"), "p") == []


def test_english_stopwords_are_dropped() -> None:
    found = terms("what is the fee for a transfer")
    words = of_kind(found, "w")
    assert words == ["fee", "transfer"]
    assert latin_words("the") == []
    assert latin_words("don't") == []


def test_chinese_stopwords_are_dropped_from_words_but_not_from_characters() -> None:
    found = terms("我的密码")
    words = of_kind(found, "w")
    assert "密码" in words
    assert "我" not in words and "的" not in words
    assert "b:我的" in found  # bigrams are kept: they are weak evidence, not words


def test_han_words_drop_stopwords() -> None:
    stop = load_stopwords()
    words = han_words("我想知道怎么提现到银行卡")
    assert "提现" in words and "银行卡" in words
    assert not set(words) & stop


def test_analyze_counts_term_frequencies() -> None:
    counts = analyze("PIN pin Pin 密码")
    assert counts["w:pin"] == 3
    assert counts["w:密码"] == 1
    assert counts["b:密码"] == 1


def test_terms_accepts_already_normalised_text() -> None:
    raw = "帳號被凍結！！！"
    assert terms(normalize(raw), normalized=True) == terms(raw)


def test_empty_and_punctuation_only_text_has_no_terms() -> None:
    assert terms("") == []
    assert terms("？？？!!!") == []
    assert terms("😡😡") == []
