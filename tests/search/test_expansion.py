"""Synonym groups (symmetric) and everyday phrasings (one way) from the lexicon files."""

from __future__ import annotations

import pytest

from kefu.search.expansion import MAX_GAP, Expansion, expand
from kefu.search.lexicon import load_phrasings, load_synonyms
from kefu.search.normalize import normalize


def texts(query: str) -> set[str]:
    return {e.text for e in expand(normalize(query))}


def matched(query: str) -> set[str]:
    return {e.matched for e in expand(normalize(query))}


def group_of(member: str) -> tuple[str, ...]:
    return next(g for g in load_synonyms() if member in g)


def test_every_synonym_member_brings_all_the_others() -> None:
    groups = load_synonyms()
    assert groups
    for group in groups:
        for member in group:
            missing = set(group) - {member} - texts(member)
            assert not missing, f"{member!r} does not bring {missing}"


def test_synonyms_are_symmetric_across_languages() -> None:
    group = group_of("提现")
    assert "withdraw" in group
    assert "withdraw" in texts("提现")
    assert "提现" in texts("withdraw")


def test_a_term_never_expands_to_itself_twice() -> None:
    for query in ["提现", "withdraw cash out", "我手机丢了，先冻结"]:
        found = [e.text for e in expand(normalize(query))]
        assert len(found) == len(set(found))


def test_synonym_expansions_are_labelled() -> None:
    found = expand(normalize("提现"))
    assert found and all(isinstance(e, Expansion) for e in found)
    assert {e.kind for e in found} == {"synonym"}
    assert {e.matched for e in found} == {"提现"}


def test_every_phrasing_brings_its_meanings() -> None:
    rules = load_phrasings()
    assert rules
    for phrases, meanings in rules:
        for phrase in phrases:
            assert set(meanings) <= texts(phrase), phrase


def test_phrasing_is_one_way() -> None:
    phrases, meanings = next(r for r in load_phrasings() if "手机丢了" in r[0])
    assert "冻结" in meanings
    found = expand(normalize("我手机丢了怎么办"))
    assert any(e.kind == "phrasing" and e.matched == "手机丢了" and e.text == "冻结" for e in found)
    # the meaning does not bring the everyday phrases back
    assert not set(phrases) & texts("冻结")


def test_chinese_members_match_as_substrings() -> None:
    assert "手机丢了" in matched("昨天我手机丢了怎么办")
    assert "手机丢了" in matched("手机 丢了！！")  # spaces in the query do not matter


def test_chinese_member_must_be_contiguous() -> None:
    assert "手机丢了" not in matched("手机昨天丢了")


@pytest.mark.parametrize("query", ["top up", "topped up", "topping it up", "Top-up my wallet"])
def test_latin_patterns_match_stemmed_words(query: str) -> None:
    assert "top up" in matched(query)


@pytest.mark.parametrize(
    "query",
    ["add card", "add my card", "add my husband's card", "add a card for my mother", "add one two card"],
)
def test_gap_tolerant_latin_phrase_match(query: str) -> None:
    assert "add card" in matched(query)
    assert "link card" in texts(query)


def test_too_far_apart_does_not_match() -> None:
    filler = " ".join(["one", "two", "three", "four"][: MAX_GAP + 1])
    assert "add card" in matched("add " + " ".join(filler.split()[:MAX_GAP]) + " card")
    assert "add card" not in matched(f"add {filler} card")
    assert "add card" not in matched("add some money to my bank card")


def test_latin_words_must_come_in_order() -> None:
    assert "add card" not in matched("card add")


def test_nothing_to_expand() -> None:
    assert expand(normalize("明天天气怎么样")) == []
    assert expand("") == []
