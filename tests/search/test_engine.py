"""The hybrid engine end to end, on the small bilingual help center of :mod:`.articles`."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from kefu.kb import Article, load_directory, starter_dir
from kefu.search.dense import Encoder
from kefu.search.engine import EngineConfig, SearchEngine
from kefu.search.fusion import Calibration, FusionWeights

from .articles import ARTICLES, write_articles
from .fakes import CountingEncoder

ENGINES = ["lexical_engine", "use_engine"]

CONFUSABLE = [
    # forgot payment PIN vs forgot login password
    ("forgot payment PIN", "en", "forgot-payment-pin", "forgot-login-password"),
    ("I forgot the PIN I use to pay", "en", "forgot-payment-pin", "forgot-login-password"),
    ("forgot login password", "en", "forgot-login-password", "forgot-payment-pin"),
    ("cannot remember the password to sign in", "en", "forgot-login-password", "forgot-payment-pin"),
    ("忘记支付密码", "zh-CN", "forgot-payment-pin", "forgot-login-password"),
    ("忘记支付PIN怎么办", "zh-CN", "forgot-payment-pin", "forgot-login-password"),
    ("付款时要输的六位数字忘了", "zh-CN", "forgot-payment-pin", "forgot-login-password"),
    ("忘记登录密码怎么办", "zh-CN", "forgot-login-password", "forgot-payment-pin"),
    ("登录密码忘了", "zh-CN", "forgot-login-password", "forgot-payment-pin"),
    # freeze vs unfreeze
    ("lost my phone", "en", "freeze-account", "unfreeze-account"),
    ("my phone was stolen what do I do", "en", "freeze-account", "unfreeze-account"),
    ("unfreeze my account", "en", "unfreeze-account", "freeze-account"),
    ("手机丢了，先冻结账户", "zh-CN", "freeze-account", "unfreeze-account"),
    ("怎么解冻账户", "zh-CN", "unfreeze-account", "freeze-account"),
    ("账户被冻结了怎么恢复", "zh-CN", "unfreeze-account", "freeze-account"),
]


@pytest.fixture(params=ENGINES)
def engine(request: pytest.FixtureRequest) -> SearchEngine:
    return request.getfixturevalue(request.param)


def slugs(engine: SearchEngine, query: str, locale: str, limit: int = 10) -> list[str]:
    return [h.slug for h in engine.search(query, locale, limit).hits]


@pytest.mark.parametrize(("query", "locale", "right", "confusable"), CONFUSABLE)
def test_confusable_articles_ranked_right(
    engine: SearchEngine, query: str, locale: str, right: str, confusable: str
) -> None:
    ranking = slugs(engine, query, locale)
    assert ranking[0] == right
    assert confusable in ranking[1:3]  # the look-alike is on topic, just not the answer


@pytest.mark.parametrize(
    ("query", "locale", "right"),
    [
        ("how long does a withdrawal take", "en", "withdraw-to-bank"),
        ("提现多久到账", "zh-CN", "withdraw-to-bank"),
        ("where can I see my past transactions", "en", "transaction-history"),
        ("工单进度怎么查", "zh-CN", "track-case"),
        ("帳號被凍結了怎麼解凍", "zh-CN", "unfreeze-account"),  # Traditional characters
        ("ＦＯＲＧＯＴ ＰＩＮ！！！", "en", "forgot-payment-pin"),  # full-width, shouting
    ],
)
def test_everyday_queries_find_their_article(
    engine: SearchEngine, query: str, locale: str, right: str
) -> None:
    assert slugs(engine, query, locale)[0] == right


def test_result_fields(engine: SearchEngine) -> None:
    response = engine.search("how long until my withdrawal arrives", "en")
    assert response.query == "how long until my withdrawal arrives"
    assert response.locale == "en"
    assert response.query_locale == "en"
    assert response.took_ms >= 0
    top = response.hits[0]
    title, category, _tags, _body = ARTICLES[("withdraw-to-bank", "en")]
    assert (top.slug, top.locale, top.title, top.category) == ("withdraw-to-bank", "en", title, category)
    assert top.section == "Arrival time"
    assert re.search(r"<mark>withdrawals?</mark>", top.snippet)
    assert isinstance(top.score, float)
    assert top.cross_locale is False


def test_hits_are_sorted_distinct_and_in_the_asked_locale(engine: SearchEngine) -> None:
    for query, locale in [("支付密码", "zh-CN"), ("freeze account", "en"), ("银行卡", "zh-CN")]:
        hits = engine.search(query, locale).hits
        assert hits
        scores = [h.score for h in hits]
        assert scores == sorted(scores, reverse=True)
        assert len({h.slug for h in hits}) == len(hits)
        assert {h.locale for h in hits} == {locale}


def test_chinese_result_fields(lexical_engine: SearchEngine) -> None:
    top = lexical_engine.search("提现多久到账", "zh-CN").hits[0]
    assert (top.slug, top.locale, top.title) == ("withdraw-to-bank", "zh-CN", "提现到银行卡")
    assert top.section == "到账时间"
    assert "<mark>到账</mark>" in top.snippet


def test_limit(engine: SearchEngine) -> None:
    assert len(engine.search("密码", "zh-CN", limit=2).hits) == 2
    assert len(engine.search("密码", "zh-CN", limit=1).hits) == 1
    n_zh = len(engine.articles("zh-CN"))
    assert len(engine.search("密码", "zh-CN", limit=50).hits) == n_zh


def test_response_serialises_to_json(engine: SearchEngine) -> None:
    data = engine.search("forgot payment PIN", "en").to_dict()
    again = json.loads(json.dumps(data, ensure_ascii=False))
    assert again["hits"][0]["slug"] == "forgot-payment-pin"
    assert set(again["hits"][0]) >= {"slug", "locale", "title", "score", "snippet", "section", "category"}
    assert again["confidence"] in ("clear", "ambiguous", "none")


@pytest.mark.parametrize(
    ("query", "asked", "query_locale", "right", "title"),
    [
        ("forgot payment PIN", "zh-CN", "en", "forgot-payment-pin", "忘记支付密码"),
        ("how do I unfreeze my account", "zh-CN", "en", "unfreeze-account", "解冻账户"),
        ("忘记登录密码怎么办", "en", "zh-CN", "forgot-login-password", "Forgot your login password"),
        ("提现多久到账", "en", "zh-CN", "withdraw-to-bank", "Withdraw money to your bank card"),
    ],
)
def test_cross_locale_answers_in_the_asked_locale(
    engine: SearchEngine, query: str, asked: str, query_locale: str, right: str, title: str
) -> None:
    response = engine.search(query, asked)
    assert response.query_locale == query_locale
    top = response.hits[0]
    assert (top.slug, top.locale, top.title) == (right, asked, title)
    assert all(h.cross_locale and h.locale == asked for h in response.hits)
    # the same ranking as asking in the query's own language
    assert [h.slug for h in response.hits] == slugs(engine, query, query_locale)


def test_mixed_query_mostly_chinese_is_chinese(lexical_engine: SearchEngine) -> None:
    response = lexical_engine.search("app里忘记支付PIN了怎么办", "zh-CN")
    assert response.query_locale == "zh-CN"
    assert not response.hits[0].cross_locale


@pytest.mark.parametrize(
    ("query", "locale", "fixed", "right"),
    [
        ("forgot paymnet pin", "en", "forgot payment pin", "forgot-payment-pin"),
        ("unfreze my acount", "en", "unfreeze my account", "unfreeze-account"),
        ("工单近度怎么查", "zh-CN", "工单进度怎么查", "track-case"),
        ("tixian", "zh-CN", "提现", "withdraw-to-bank"),
    ],
)
def test_did_you_mean_on_a_typo(
    engine: SearchEngine, query: str, locale: str, fixed: str, right: str
) -> None:
    response = engine.search(query, locale)
    assert response.did_you_mean == fixed
    assert response.hits[0].slug == right


def test_no_did_you_mean_without_a_typo(engine: SearchEngine) -> None:
    assert engine.search("forgot payment PIN", "en").did_you_mean is None
    assert engine.search("工单进度", "zh-CN").did_you_mean is None


@pytest.mark.parametrize("query", ["", " ", "  \t\n "])
def test_empty_query_has_no_hits(engine: SearchEngine, query: str) -> None:
    response = engine.search(query, "zh-CN")
    assert response.hits == []
    assert response.confidence == "none"
    assert response.candidates == []
    assert response.did_you_mean is None


@pytest.mark.parametrize("query", ["？？？", "😡😡😡", "!!! ..."])
def test_query_with_nothing_searchable_has_no_hits(lexical_engine: SearchEngine, query: str) -> None:
    assert lexical_engine.search(query, "zh-CN").hits == []


def test_off_topic_query_gets_no_confidence(use_engine: SearchEngine) -> None:
    for query, locale in [("明天北京天气怎么样", "zh-CN"), ("recommend a good movie to watch", "en")]:
        response = use_engine.search(query, locale)
        assert response.confidence == "none"
        assert response.candidates == []


def test_a_plain_question_on_the_full_engine_is_clear(use_engine: SearchEngine) -> None:
    response = use_engine.search("where can I see my past transactions", "en")
    assert response.confidence == "clear"
    assert response.hits[0].slug == "transaction-history"
    assert response.candidates == []
    assert 0.0 <= response.confidence_score <= 1.0


def test_ambiguous_offers_the_leading_hits_as_candidates(engine: SearchEngine) -> None:
    seen_ambiguous = False
    for query, locale, *_ in CONFUSABLE:
        response = engine.search(query, locale)
        if response.confidence == "ambiguous":
            seen_ambiguous = True
            assert 2 <= len(response.candidates) <= 3
            assert response.candidates == [h.slug for h in response.hits[: len(response.candidates)]]
        else:
            assert response.candidates == []
    assert seen_ambiguous


def test_search_is_deterministic(engine: SearchEngine) -> None:
    a = engine.search("忘记支付密码", "zh-CN").to_dict()
    b = engine.search("忘记支付密码", "zh-CN").to_dict()
    a.pop("took_ms"), b.pop("took_ms")
    assert a == b


def test_suggest(engine: SearchEngine) -> None:
    assert [s.text for s in engine.suggest("忘记", "zh-CN")] == ["忘记支付密码", "忘记登录密码"]
    assert [(s.text, s.slug, s.kind) for s in engine.suggest("zfmm", "zh-CN")] == [
        ("支付密码", "forgot-payment-pin", "tag")
    ]
    found = engine.suggest("forg", "en")
    assert {s.slug for s in found} == {"forgot-payment-pin", "forgot-login-password"}
    assert found[0].kind == "title"
    assert len(engine.suggest("密码", "zh-CN", limit=2)) == 2
    assert engine.suggest("forg", "fr") == []
    assert engine.suggest("", "en") == []


def test_locales_and_articles(lexical_engine: SearchEngine, small_articles: list[Article]) -> None:
    assert lexical_engine.locales == ["en", "zh-CN"]
    assert len(lexical_engine.articles()) == len(small_articles)
    assert {a.locale for a in lexical_engine.articles("en")} == {"en"}
    assert lexical_engine.articles("fr") == []


def test_an_engine_with_one_locale_answers_from_it(small_articles: list[Article]) -> None:
    engine = SearchEngine.build([a for a in small_articles if a.locale == "en"], EngineConfig(encoders=()))
    response = engine.search("忘记支付PIN", "zh-CN")
    assert response.hits
    assert {h.locale for h in response.hits} == {"en"}
    assert all(h.cross_locale for h in response.hits)
    assert response.hits[0].slug == "forgot-payment-pin"


def test_an_empty_engine_finds_nothing() -> None:
    engine = SearchEngine.build([], EngineConfig(encoders=()))
    assert engine.locales == []
    assert engine.search("忘记支付密码", "zh-CN").hits == []
    assert engine.suggest("wang", "zh-CN") == []


def test_rebuilding_encodes_only_what_changed(small_articles: list[Article], tmp_path: Path) -> None:
    fake = CountingEncoder()
    config = EngineConfig(vector_cache=tmp_path, fusion=FusionWeights({"lexical": 1.0, "fake:doc": 1.0}))
    stages: set[str] = set()
    first = SearchEngine.build(
        small_articles, config, encoders={"fake": fake}, progress=lambda s, n, t: stages.add(s)
    )
    assert stages == {"analyse", "encode fake"}
    encoded = len(fake.encoded)
    assert encoded >= 2 * len(small_articles)  # a doc view and a title view per article

    fake.encoded.clear()
    second = SearchEngine.build(small_articles, config, encoders={"fake": fake})
    assert fake.encoded == []
    assert slugs(second, "lost my phone", "en") == slugs(first, "lost my phone", "en")

    changed = [
        replace(a, title="Follow your case") if a.key == ("track-case", "en") else a for a in small_articles
    ]
    SearchEngine.build(changed, config, encoders={"fake": fake})
    assert fake.encoded and all("Follow your case" in t for t in fake.encoded)


def test_broken_files_are_skipped_and_the_good_ones_served(tmp_path: Path) -> None:
    kb = write_articles(tmp_path / "kb", only={"forgot-payment-pin", "freeze-account"})
    good = "---\ntitle: Broken\nlocale: en\ncategory: security\ntags: [x]\ntranslation_key: {slug}\n---\n"
    (kb / "bad-yaml.en.md").write_text(
        "---\ntitle: [unclosed\nlocale: en\n---\n\nZebra crossing rules for everyone.\n", encoding="utf-8"
    )
    (kb / "missing-keys.en.md").write_text(
        "---\ntitle: Zebra stripes\nlocale: en\n---\n\nZebra stripes are for the zebra.\n", encoding="utf-8"
    )
    (kb / "wrong-locale.en.md").write_text(
        good.replace("locale: en", "locale: zh-CN").format(slug="wrong-locale") + "\nZebra zebra zebra.\n",
        encoding="utf-8",
    )
    (kb / "other-locale.fr.md").write_text(
        good.replace("locale: en", "locale: fr").format(slug="other-locale") + "\nZèbre zebra.\n",
        encoding="utf-8",
    )
    (kb / "empty-body.en.md").write_text(good.format(slug="empty-body") + "\n   \n", encoding="utf-8")

    result = load_directory(kb)
    bad = {Path(p.file).name for p in result.errors}
    assert bad == {
        "bad-yaml.en.md",
        "missing-keys.en.md",
        "wrong-locale.en.md",
        "other-locale.fr.md",
        "empty-body.en.md",
    }
    assert {a.key for a in result.articles} == {
        (slug, locale) for slug in ("forgot-payment-pin", "freeze-account") for locale in ("en", "zh-CN")
    }

    engine = SearchEngine.build(result.articles, EngineConfig(encoders=()))
    assert slugs(engine, "forgot payment PIN", "en")[0] == "forgot-payment-pin"
    assert slugs(engine, "手机丢了", "zh-CN")[0] == "freeze-account"
    served = {h.slug for h in engine.search("zebra", "en").hits}
    assert served <= {"forgot-payment-pin", "freeze-account"}


def test_ambiguous_candidates_do_not_depend_on_the_hit_limit(small_articles: list[Article]) -> None:
    # A calibration that never says "clear" makes every answer ambiguous; the candidates offered for a
    # clarifying question come from the ranking, so asking for one hit still offers two or three.
    strict = SearchEngine.build(
        small_articles, EngineConfig(encoders=(), calibration=Calibration(clear=1.01, lexical_floor=0.0))
    )
    one = strict.search("forgot payment PIN", "en", limit=1)
    assert one.confidence == "ambiguous"
    assert len(one.hits) == 1
    assert 2 <= len(one.candidates) <= 3
    assert one.candidates[0] == one.hits[0].slug
    assert one.candidates == strict.search("forgot payment PIN", "en", limit=10).candidates


@pytest.mark.parametrize(("query", "answer"), [("热线", "contact-hotline"), ("agent", "online-chat")])
def test_a_one_word_question_is_answered_not_refused(
    query: str, answer: str, use_encoder: Encoder, vector_cache_dir: Path
) -> None:
    engine = SearchEngine.build(
        load_directory(starter_dir()).articles,
        EngineConfig(vector_cache=vector_cache_dir),
        encoders={"use": use_encoder},
    )
    response = engine.search(query, None)
    assert response.confidence != "none"
    assert answer in [hit.slug for hit in response.hits[:2]]
    for off_topic in ("天气", "电影", "weather", "pizza", "哈哈哈哈"):
        assert engine.search(off_topic, None).confidence == "none", off_topic
