"""``kefu kb check`` and ``kefu kb show``, run through Typer's test runner on the ``kb`` sub-app."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kefu.commands.kb import app

from .articles import WriteArticle


@pytest.fixture
def runner(monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    monkeypatch.delenv("KEFU_KB_DIR", raising=False)
    return CliRunner()


def test_check_a_clean_directory(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["check", str(good_kb)])
    assert result.exit_code == 0, result.output
    assert "4 articles OK, 0 errors, 0 warnings" in result.output
    assert "4 篇文章可用，0 个错误，0 个警告" in result.output


def test_check_reports_each_error_with_its_file_and_fails(
    runner: CliRunner, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article("bad-category", "en", front={"category": "loans"})
    write_article("bad-yaml", "zh-CN", text="---\ntitle: [坏\n---\n正文。\n")
    result = runner.invoke(app, ["check", str(good_kb)])
    assert result.exit_code == 1
    assert "bad-category.en.md: 'category' is 'loans'" in result.output
    assert "bad-yaml.zh-CN.md: the front matter is not valid YAML (line 3" in result.output
    assert "头信息不是合法的 YAML" in result.output
    assert "4 articles OK, 2 errors, 0 warnings" in result.output


def test_warnings_alone_pass_unless_strict(runner: CliRunner, good_kb: Path) -> None:
    (good_kb / "unlock-account.zh-CN.md").unlink()
    result = runner.invoke(app, ["check", str(good_kb)])
    assert result.exit_code == 0, result.output
    assert "unlock-account.en.md: 'unlock-account' has no zh-CN translation" in result.output
    assert 'reset-pin.zh-CN.md: "see" names no zh-CN article: "解锁账户"' in result.output
    assert "3 articles OK, 0 errors, 2 warnings" in result.output
    assert runner.invoke(app, ["check", "--strict", str(good_kb)]).exit_code == 1


def test_check_a_missing_directory(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["check", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "knowledge-base directory not found" in result.output
    assert "找不到知识库目录" in result.output


def test_check_uses_the_configured_directory(
    runner: CliRunner, good_kb: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KEFU_KB_DIR", str(good_kb))
    assert "4 articles OK" in runner.invoke(app, ["check"]).output


def test_show_prints_sections_and_steps(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["show", "reset-pin", "--kb", str(good_kb), "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert "reset-pin (en) — Reset your payment PIN" in result.output
    assert "§2 Reset it" in result.output
    assert "step 2. Tap Forgot PIN and scan your face." in result.output
    assert "see also: unlock-account" in result.output
    assert "重置支付密码" not in result.output


def test_show_both_locales_by_default(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["show", "reset-pin", "--kb", str(good_kb)])
    assert "Reset your payment PIN" in result.output and "重置支付密码" in result.output


def test_show_html_links_references(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["show", "reset-pin", "--kb", str(good_kb), "-l", "zh-CN", "--html"])
    assert result.exit_code == 0, result.output
    assert '<a href="unlock-account.zh-CN.html" class="kb-ref">解锁账户</a>' in result.output


def test_show_an_unknown_slug_suggests_close_ones(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["show", "reset-pn", "--kb", str(good_kb)])
    assert result.exit_code == 1
    assert "no article 'reset-pn'" in result.output and "reset-pin" in result.output


def test_show_rejects_an_unknown_locale(runner: CliRunner, good_kb: Path) -> None:
    result = runner.invoke(app, ["show", "reset-pin", "--kb", str(good_kb), "--locale", "fr"])
    assert result.exit_code == 2
