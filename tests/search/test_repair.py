"""Query repair: English typos, Chinese homophones and typed pinyin, added as extra evidence."""

from __future__ import annotations

import pytest

from kefu.search.analysis import han_words, script_runs, terms
from kefu.search.engine import SearchEngine
from kefu.search.lexicon import load_pinyin_aliases
from kefu.search.normalize import normalize
from kefu.search.query import QueryWeights, plan_query
from kefu.search.repair import Repair, Vocabulary, pinyin_key, repair_query

TEXTS = [
    "How to reset your payment PIN",
    "View your transactions history",
    "Withdraw to a bank card, like a pro",
    "Linked card and bank account",
    "忘记支付密码怎么办",
    "查询工单进度",
    "冻结账户",
    "提现到银行卡",
]


def build_vocabulary(texts: list[str]) -> Vocabulary:
    vocab = Vocabulary()
    for text in texts:
        norm = normalize(text)
        words = [w for r in script_runs(norm) if r.script == "han" for w in han_words(r.text)]
        vocab.add_text(norm, words)
    vocab.freeze()
    return vocab


@pytest.fixture(scope="module")
def vocab() -> Vocabulary:
    return build_vocabulary(TEXTS)


def repaired(query: str, vocab: Vocabulary) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for rep in repair_query(normalize(query), vocab):
        out.setdefault(rep.original, set()).add(rep.replacement)
    return out


def test_vocabulary_holds_article_words(vocab: Vocabulary) -> None:
    assert {"payment", "pin", "transactions", "withdraw", "bank"} <= vocab.latin
    assert "the" not in vocab.latin and "a" not in vocab.latin  # stopwords and single letters
    assert {"支付密码", "进度", "冻结", "提现", "银行卡"} <= vocab.han
    assert "冻结" in vocab.by_pinyin[pinyin_key("冻结")]


@pytest.mark.parametrize(
    ("typo", "fixed"),
    [
        ("paymnet", "payment"),  # transposition: one edit
        ("transations", "transactions"),  # 11 letters: two edits allowed
        ("withdarw", "withdraw"),
        ("payemnt", "payment"),
    ],
)
def test_english_typo_repaired(vocab: Vocabulary, typo: str, fixed: str) -> None:
    reps = repair_query(normalize(typo), vocab)
    assert [(r.original, r.replacement, r.kind) for r in reps] == [(typo, fixed, "typo")]
    assert 0 < reps[0].score < 1


def test_typo_inside_a_sentence(vocab: Vocabulary) -> None:
    assert repaired("How do I reset my Paymnet PIN?", vocab) == {"paymnet": {"payment"}}


def test_known_words_and_their_inflections_are_not_repaired(vocab: Vocabulary) -> None:
    assert repair_query(normalize("payment transactions withdraw"), vocab) == []
    assert repair_query(normalize("payments withdrawals"), vocab) == []  # stems are known


@pytest.mark.parametrize("word", ["bike", "what", "care", "cart", "band", "banking"])
def test_real_english_word_unknown_to_the_kb_is_not_corrected(vocab: Vocabulary, word: str) -> None:
    # each is one edit from a KB word (like, card, bank, ...) but is a real word, so not a typo
    assert repair_query(word, vocab) == []


def test_too_many_edits_are_not_repaired(vocab: Vocabulary) -> None:
    assert repair_query("pxyzext", vocab) == []  # 7 letters, three edits from "payment"
    assert repair_query("bnka", vocab) == []  # 4 letters, two edits from "bank"


@pytest.mark.parametrize("word", ["pni", "crd", "bk", "x"])
def test_short_words_untouched(vocab: Vocabulary, word: str) -> None:
    assert repair_query(word, vocab) == []


def test_words_with_digits_untouched(vocab: Vocabulary) -> None:
    assert repair_query("pin123", vocab) == []


@pytest.mark.parametrize(
    ("query", "original", "fixed"),
    [
        ("密吗", "密吗", "密码"),  # 吗 (ma) typed for 码 (ma)
        ("近度", "近度", "进度"),  # 近 (jin) typed for 进 (jin)
        ("工单近度怎么查", "近度", "进度"),
        ("动结账户", "动结", "冻结"),
    ],
)
def test_chinese_homophone_repaired(vocab: Vocabulary, query: str, original: str, fixed: str) -> None:
    reps = [r for r in repair_query(normalize(query), vocab) if r.kind == "homophone"]
    assert Repair(original, fixed, "homophone", reps[0].score) in reps


def test_homophone_needs_the_word_in_the_vocabulary() -> None:
    without = build_vocabulary(["查询工单"])  # no 进度
    assert repair_query("近度", without) == []


def test_known_chinese_word_is_not_repaired(vocab: Vocabulary) -> None:
    assert repair_query(normalize("进度"), vocab) == []
    assert repair_query(normalize("冻结"), vocab) == []


@pytest.mark.parametrize(
    ("typed", "word"),
    [("mima", "密码"), ("dongjie", "冻结"), ("tixian", "提现"), ("jindu", "进度")],
)
def test_typed_pinyin_repaired(vocab: Vocabulary, typed: str, word: str) -> None:
    reps = repair_query(typed, vocab)
    assert Repair(typed, word, "pinyin", reps[0].score) in reps


def test_pinyin_alias_from_the_lexicon(vocab: Vocabulary) -> None:
    aliases = {src: targets for sources, targets in load_pinyin_aliases() for src in sources}
    assert aliases["zfmm"] == ("支付密码",)
    reps = repair_query("zfmm", vocab)
    assert [(r.replacement, r.kind) for r in reps] == [("支付密码", "pinyin")]
    # every alias is looked up, whether or not the KB uses the word
    for alias, targets in aliases.items():
        if len(alias) >= 3:
            assert {r.replacement for r in repair_query(alias, vocab)} >= set(targets)


def test_repairs_are_extra_evidence_with_lower_weight(vocab: Vocabulary) -> None:
    plan = plan_query("忘记支付密吗", vocab)
    own = terms("忘记支付密吗")
    for term in own:  # everything the user typed is still there, at full weight
        assert plan.weights[term] >= QueryWeights().kind(term)
    assert 0 < plan.weights["w:密码"] < plan.weights["w:支付"]
    assert plan.did_you_mean == "忘记支付密码"


def test_english_repair_keeps_the_typo_and_adds_the_fix(vocab: Vocabulary) -> None:
    plan = plan_query("paymnet pin", vocab)
    assert plan.weights["w:paymnet"] == pytest.approx(1.0)
    assert 0 < plan.weights["w:payment"] < plan.weights["w:paymnet"]
    assert plan.did_you_mean == "payment pin"
    assert {"paymnet", "payment"} <= set(plan.highlight)


def test_nothing_to_repair_means_no_did_you_mean(vocab: Vocabulary) -> None:
    plan = plan_query("reset payment PIN", vocab)
    assert plan.repairs == []
    assert plan.did_you_mean is None


def test_did_you_mean_for_pinyin(vocab: Vocabulary) -> None:
    plan = plan_query("dongjie", vocab)
    assert plan.did_you_mean == "冻结"
    assert plan.weights["w:冻结"] > 0


def test_question_particle_is_not_taken_for_a_homophone() -> None:
    vocab = build_vocabulary(["出示付款码给收银员", "付款前请确认金额"])
    plan = plan_query("今天还能付款吗", vocab)
    assert plan.did_you_mean is None


def test_the_corpus_own_titles_and_tags_are_never_corrected(shared_engine: SearchEngine) -> None:
    corrected: dict[str, str] = {}
    for article in shared_engine.articles():
        for text in (article.title, *article.tags):
            plan = shared_engine.plan(text)
            if plan.did_you_mean is not None:
                corrected[text] = plan.did_you_mean
    assert corrected == {}
