"""``kefu search``, ``kefu suggest`` and ``kefu eval`` through the root app, on real engines.

Engines are built for real (USE encoder only, which loads in about a second). Document vectors go to the
session's cache (``vector_cache_dir`` in conftest), keyed by content hash, so only the first build of a
text pays to encode it; everything else — data dir, knowledge base, query files — is per test.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from kefu.cli import app
from kefu.commands._render import marked_text

ARTICLES = {
    ("withdraw-to-bank", "en"): (
        "Withdraw money to your bank card",
        ["withdraw", "bank card", "cash out"],
        "You can move your wallet balance to a linked debit card at any time.\n\n"
        "**Steps**\n\n"
        "1. Open **Me > Balance > Withdraw**.\n"
        "2. Choose a linked debit card and enter the amount.\n"
        "3. Confirm with your payment PIN. Most withdrawals arrive within two hours.\n\n"
        "Withdrawals above 20,000 yuan a day are reviewed first and may take one business day.",
    ),
    ("withdraw-to-bank", "zh-CN"): (
        "提现到银行卡",
        ["提现", "银行卡", "转出余额"],
        "您可以随时把钱包余额提现到已绑定的借记卡。\n\n"
        "**操作步骤**\n\n"
        "1. 打开**我的 > 余额 > 提现**。\n"
        "2. 选择已绑定的借记卡并输入金额。\n"
        "3. 输入支付密码确认。大多数提现会在两小时内到账。\n\n"
        "每天提现超过两万元的部分需要先审核，可能需要一个工作日才能到账，请耐心等待。",
    ),
    ("freeze-account", "en"): (
        "Freeze your account after losing your phone",
        ["freeze", "lost phone", "stolen phone"],
        "If your phone is lost or stolen, freeze the wallet first so nobody can pay with it.\n\n"
        "**How to freeze**\n\n"
        "1. Call the hotline and press 1, or type freeze in the chat.\n"
        "2. Confirm who you are with the last four digits of your ID number.\n\n"
        "While the account is frozen, payments, transfers and withdrawals are blocked.",
    ),
    ("freeze-account", "zh-CN"): (
        "手机丢失后冻结账户",
        ["冻结", "手机丢了", "手机被盗"],
        "如果手机丢失或被盗，请先冻结钱包账户，这样别人就无法用它付款或转账。\n\n"
        "**冻结方法**\n\n"
        "1. 拨打客服热线后按1，或在聊天窗口输入冻结。\n"
        "2. 提供身份证号码后四位以确认是您本人。\n\n"
        "账户冻结期间，付款、转账和提现都会被暂停，余额和银行卡都是安全的。",
    ),
    ("coupons", "en"): (
        "Use coupons at checkout",
        ["coupon", "discount", "voucher"],
        "Coupons take money off a payment when you meet their conditions.\n\n"
        "**Using a coupon**\n\n"
        "1. Pay as usual with the payment code or by scanning a QR code.\n"
        "2. The best coupon you can use is applied automatically; tap it to pick another.\n\n"
        "Expired coupons disappear from **Me > Coupons** after seven days and cannot be restored.",
    ),
    ("coupons", "zh-CN"): (
        "结账时使用优惠券",
        ["优惠券", "折扣", "满减"],
        "满足使用条件时，优惠券可以在付款时直接抵扣金额，让您少花一些钱。\n\n"
        "**使用方法**\n\n"
        "1. 像平常一样出示付款码或扫描二维码付款。\n"
        "2. 系统会自动选择最划算的优惠券，点击可以换成其他优惠券。\n\n"
        "过期的优惠券会在七天后从**我的 > 优惠券**中消失，无法恢复，请在有效期内使用。",
    ),
}

SLUGS = sorted({slug for slug, _ in ARTICLES})


def write_articles(directory: Path, articles: dict[tuple[str, str], tuple[str, list[str], str]]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for (slug, locale), (title, tags, body) in articles.items():
        front = {
            "title": title,
            "locale": locale,
            "category": "account",
            "tags": tags,
            "translation_key": slug,
        }
        header = "\n".join(f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in front.items())
        (directory / f"{slug}.{locale}.md").write_text(f"---\n{header}\n---\n\n{body}\n", encoding="utf-8")
    return directory


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, vector_cache_dir: Path) -> CliRunner:
    monkeypatch.delenv("KEFU_KB_DIR", raising=False)
    monkeypatch.setenv("KEFU_SEARCH_ENCODERS", '["use"]')
    monkeypatch.setenv("KEFU_DATA_DIR", str(tmp_path / "var"))
    monkeypatch.setenv("KEFU_VECTOR_CACHE_DIR", str(vector_cache_dir))
    return CliRunner()


@pytest.fixture
def kb(tmp_path: Path) -> Path:
    return write_articles(tmp_path / "kb", ARTICLES)


def write_jsonl(path: Path, rows: list[object]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------------- one query


def test_search_on_the_starter_prints_ranked_hits(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "手机丢了，怎么冻结账户", "--locale", "zh-CN", "--limit", "3"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "[zh-CN]" in lines[0]
    assert "confidence 置信度:" in lines[0]
    assert "1. 紧急冻结账户  emergency-freeze" in result.stdout
    assert "3. " in result.stdout
    assert "4. " not in result.stdout
    assert "<mark>" not in result.stdout


def test_search_json_is_the_whole_response(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "freeze my account", "--locale", "en", "--json", "-n", "2"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["query"] == "freeze my account"
    assert data["locale"] == "en"
    assert data["confidence"] in ("clear", "ambiguous", "none")
    assert len(data["hits"]) == 2
    assert data["hits"][0]["slug"] == "emergency-freeze"
    assert set(data["hits"][0]) >= {"slug", "locale", "title", "score", "snippet", "section", "cross_locale"}


def test_search_a_directory_knowledge_base(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(app, ["search", "提现多久到账", "--kb", str(kb), "--locale", "zh-CN", "-n", "2"])
    assert result.exit_code == 0, result.output
    assert "1. 提现到银行卡  withdraw-to-bank" in result.stdout
    assert "2. " in result.stdout
    assert "3. " not in result.stdout


def test_without_locale_the_answer_is_in_the_query_language(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(app, ["search", "withdraw to my bank card", "--kb", str(kb), "--json"])
    assert result.exit_code == 0, result.output
    hits = json.loads(result.stdout)["hits"]
    assert hits[0]["slug"] == "withdraw-to-bank"
    assert {hit["locale"] for hit in hits} == {"en"}


def test_answers_come_in_the_asked_locale_even_for_a_query_in_the_other(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(
        app, ["search", "withdraw to my bank card", "--kb", str(kb), "-l", "zh-CN", "--json"]
    )
    hits = json.loads(result.stdout)["hits"]
    assert hits[0]["slug"] == "withdraw-to-bank"
    assert hits[0]["locale"] == "zh-CN"


def test_an_unknown_locale_is_a_usage_error(runner: CliRunner) -> None:
    result = runner.invoke(app, ["search", "freeze", "--locale", "fr"])
    assert result.exit_code == 2
    assert "zh-CN, en" in result.output


def test_load_problems_are_warnings_on_stderr(runner: CliRunner, tmp_path: Path) -> None:
    only_english = {key: value for key, value in ARTICLES.items() if key[1] == "en"}
    kb = write_articles(tmp_path / "kb", only_english)
    result = runner.invoke(app, ["search", "coupon", "--kb", str(kb), "--json"])
    assert result.exit_code == 0, result.output
    assert "has no zh-CN translation" in result.stderr
    assert "缺少 zh-CN 译文" in result.stderr
    assert json.loads(result.stdout)["hits"][0]["slug"] == "coupons"


def test_a_missing_knowledge_base_is_a_bilingual_error_without_traceback(
    runner: CliRunner, tmp_path: Path
) -> None:
    result = runner.invoke(app, ["search", "freeze", "--kb", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "error: knowledge-base directory not found" in result.stderr
    assert "错误：找不到知识库目录" in result.stderr
    assert "Traceback" not in result.output
    assert result.stdout == ""


def test_an_unknown_encoder_is_a_bilingual_error(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_SEARCH_ENCODERS", '["use", "bert"]')
    result = runner.invoke(app, ["search", "freeze"])
    assert result.exit_code == 2
    assert "unknown encoder 'bert'" in result.stderr
    assert "KEFU_SEARCH_ENCODERS 设置有误" in result.stderr


def test_an_unreadable_setting_names_the_variable(runner: CliRunner, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KEFU_ENCODER_THREADS", "many")
    result = runner.invoke(app, ["search", "freeze"])
    assert result.exit_code == 2
    assert "error: invalid setting: KEFU_ENCODER_THREADS" in result.stderr
    assert "环境变量设置有误" in result.stderr


def test_marks_become_bold_and_escapes_are_undone() -> None:
    text = marked_text("Tap <mark>Withdraw</mark> &gt; <mark>提现</mark> &amp; wait")
    assert text.plain == "Tap Withdraw > 提现 & wait"
    bold = [text.plain[span.start : span.end] for span in text.spans if span.style == "bold"]
    assert bold == ["Withdraw", "提现"]


# ----------------------------------------------------------------------------------- batch


def test_batch_writes_one_line_per_query_in_order(runner: CliRunner, kb: Path, tmp_path: Path) -> None:
    queries = write_jsonl(
        tmp_path / "queries.jsonl",
        [
            {"id": "q-1", "locale": "zh-CN", "query": "提现到银行卡", "relevant": ["ignored"]},
            "",
            {"id": 2, "locale": "en", "query": "lost my phone", "note": "extra keys are ignored"},
            {"query": "优惠券怎么用", "locale": "zh-CN", "id": "q-3"},
        ],
    )
    result = runner.invoke(app, ["search", "--batch", str(queries), "--kb", str(kb), "--limit", "2"])
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [row["id"] for row in rows] == ["q-1", 2, "q-3"]
    assert [row["results"][0]["slug"] for row in rows] == ["withdraw-to-bank", "freeze-account", "coupons"]
    for row, locale in zip(rows, ["zh-CN", "en", "zh-CN"], strict=True):
        assert set(row) == {"id", "results"}
        assert len(row["results"]) == 2
        assert all(set(hit) == {"slug", "locale", "score", "title"} for hit in row["results"])
        assert all(hit["locale"] == locale for hit in row["results"])
        scores = [hit["score"] for hit in row["results"]]
        assert scores == sorted(scores, reverse=True)


def test_batch_output_file(runner: CliRunner, kb: Path, tmp_path: Path) -> None:
    queries = write_jsonl(tmp_path / "in.jsonl", [{"id": "a", "locale": "en", "query": "coupon"}])
    out = tmp_path / "out.jsonl"
    result = runner.invoke(
        app, ["search", "--batch", str(queries), "--kb", str(kb), "-n", "1", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    (row,) = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert row["id"] == "a"
    assert [hit["slug"] for hit in row["results"]] == ["coupons"]


def test_batch_from_stdin(runner: CliRunner, kb: Path) -> None:
    line = json.dumps({"id": "s", "locale": "zh-CN", "query": "冻结"}, ensure_ascii=False)
    result = runner.invoke(app, ["search", "--batch", "-", "--kb", str(kb), "-n", "3"], input=line + "\n")
    assert result.exit_code == 0, result.output
    row = json.loads(result.stdout)
    assert row["id"] == "s"
    assert len(row["results"]) == 3


def test_malformed_batch_lines_are_reported_before_any_search(runner: CliRunner, tmp_path: Path) -> None:
    queries = write_jsonl(
        tmp_path / "bad.jsonl",
        [
            {"id": 1, "locale": "en", "query": "fine"},
            '{"id": 2, "locale": "en", "query": ',
            {"id": 3, "locale": "en"},
            {"id": 4, "locale": "fr", "query": "bonjour"},
            '["not", "an", "object"]',
        ],
    )
    # The knowledge base does not exist: an error about it would mean the engine was built first.
    result = runner.invoke(app, ["search", "--batch", str(queries), "--kb", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert "4 malformed line(s)" in result.stderr
    assert "有 4 行格式错误" in result.stderr
    assert f"{queries}:2: not JSON" in result.stderr
    assert f"{queries}:3: missing 'query'" in result.stderr
    assert f"{queries}:4: 'locale' is 'fr'" in result.stderr
    assert f"{queries}:5: not a JSON object" in result.stderr
    assert ":1:" not in result.stderr
    assert "knowledge-base" not in result.stderr


def test_batch_and_a_query_together_is_a_usage_error(runner: CliRunner, tmp_path: Path) -> None:
    queries = write_jsonl(tmp_path / "q.jsonl", [{"id": 1, "locale": "en", "query": "x"}])
    result = runner.invoke(app, ["search", "freeze", "--batch", str(queries)])
    assert result.exit_code == 2


# ----------------------------------------------------------------------------------- interactive


def test_interactive_answers_each_line_until_quit(runner: CliRunner, kb: Path) -> None:
    session = "冻结账户\n\n:locale en\n优惠券\n:locale xx\n:q\ncoupon\n"
    result = runner.invoke(app, ["search", "--kb", str(kb), "-n", "1"], input=session)
    assert result.exit_code == 0, result.output
    assert "1. 手机丢失后冻结账户  freeze-account" in result.stdout
    assert "1. Use coupons at checkout  coupons" in result.stdout  # :locale en answers in English
    assert "locale: zh-CN, en or auto" in result.stdout
    assert result.stdout.count("confidence") == 2  # nothing after :q


def test_interactive_json_prints_one_line_per_question(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(app, ["search", "--kb", str(kb), "--json", "-n", "2"], input="coupon\n冻结\n")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [(row["query"], row["locale"]) for row in rows] == [("coupon", "en"), ("冻结", "zh-CN")]
    assert [row["hits"][0]["slug"] for row in rows] == ["coupons", "freeze-account"]


def test_interactive_stops_at_end_of_input(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(app, ["search", "--kb", str(kb)], input="coupon")
    assert result.exit_code == 0, result.output
    assert "coupons" in result.stdout


# ----------------------------------------------------------------------------------- suggest


def test_suggest_titles_and_tags(runner: CliRunner, kb: Path) -> None:
    result = runner.invoke(app, ["suggest", "ti", "--kb", str(kb), "--locale", "zh-CN", "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert {"text": "提现到银行卡", "slug": "withdraw-to-bank", "kind": "title", "locale": "zh-CN"} in data
    text = runner.invoke(app, ["suggest", "cou", "--kb", str(kb), "--locale", "en"])
    assert "coupons" in text.stdout


# ----------------------------------------------------------------------------------- eval


@pytest.fixture
def labelled(tmp_path: Path) -> Path:
    return write_jsonl(
        tmp_path / "dev.jsonl",
        [
            {"id": "z1", "locale": "zh-CN", "query": "提现到银行卡要多久", "relevant": ["withdraw-to-bank"]},
            {"id": "z2", "locale": "zh-CN", "query": "手机丢了", "relevant": ["freeze-account"]},
            {"id": "e1", "locale": "en", "query": "coupon discount", "relevant": ["coupons"]},
            # Labelled on purpose with an article that does not answer it: always a miss.
            {"id": "e2", "locale": "en", "query": "my phone was stolen", "relevant": ["coupons"]},
        ],
    )


def test_eval_prints_the_metric_table(runner: CliRunner, kb: Path, labelled: Path) -> None:
    result = runner.invoke(app, ["eval", "--queries", str(labelled), "--kb", str(kb)])
    assert result.exit_code == 0, result.output
    header = next(line for line in result.stdout.splitlines() if "MRR@10" in line)
    for column in ("n", "R@1", "R@3", "R@10", "nDCG@10", "cross-locale hits", "p50 ms", "p99 ms"):
        assert column in header
    rows = {line.split()[1]: line for line in result.stdout.splitlines() if line.startswith("│")}
    assert set(rows) >= {"zh-CN", "en", "all"}
    assert rows["zh-CN"].split()[3] == "2"  # n
    assert rows["zh-CN"].split()[5] == "1.000"  # MRR@10
    assert rows["all"].split()[3] == "4"
    assert "Not at rank 1" not in result.stdout


def test_eval_misses_lists_each_query_not_at_rank_one(runner: CliRunner, kb: Path, labelled: Path) -> None:
    result = runner.invoke(app, ["eval", "--queries", str(labelled), "--kb", str(kb), "--misses"])
    assert result.exit_code == 0, result.output
    assert "Not at rank 1 未排第一 (1)" in result.stdout
    (miss,) = [line for line in result.stdout.splitlines() if "│ e2" in line]
    assert "my phone was stolen" in miss
    assert "coupons" in miss
    assert "freeze-account" in miss  # first of the top 3


def test_eval_json(runner: CliRunner, kb: Path, labelled: Path) -> None:
    result = runner.invoke(app, ["eval", "--queries", str(labelled), "--kb", str(kb), "--json", "--misses"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert list(data)[:3] == ["zh-CN", "en", "all"]
    assert data["all"]["n"] == 4
    assert data["zh-CN"]["r1"] == 1.0
    assert [miss["id"] for miss in data["misses"]] == ["e2"]
    assert data["misses"][0]["expected"] == ["coupons"]


def test_eval_with_a_bad_query_file(runner: CliRunner, tmp_path: Path) -> None:
    missing = runner.invoke(app, ["eval", "--queries", str(tmp_path / "none.jsonl")])
    assert missing.exit_code == 2
    assert "query file not found" in missing.stderr
    bad = write_jsonl(tmp_path / "bad.jsonl", ['{"id": "x", "query": "no locale"}'])
    result = runner.invoke(app, ["eval", "--queries", str(bad)])
    assert result.exit_code == 2
    assert f"{bad}:1: not a query line" in result.stderr
