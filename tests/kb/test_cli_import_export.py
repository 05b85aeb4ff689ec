"""``kefu kb import``, ``kefu kb export`` and ``kefu db upgrade`` through the root app, on each backend."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from kefu.cli import app
from kefu.kb import article_count, kb_revision
from kefu.store import Database

from .articles import WriteArticle


@pytest.fixture
def runner(database: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> CliRunner:
    """A runner whose ``kefu`` uses the test database (with its password: the CLI must log in)."""
    monkeypatch.delenv("KEFU_KB_DIR", raising=False)
    url = database.url.render_as_string(hide_password=False)
    return CliRunner(env={"KEFU_DATABASE_URL": url, "KEFU_DATA_DIR": str(tmp_path)})


def stored(database: Database) -> tuple[int, int]:
    with database.session() as session:
        return article_count(session), kb_revision(session)


def test_db_upgrade_prints_the_revision(runner: CliRunner, database: Database) -> None:
    result = runner.invoke(app, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"schema revision {database.current_revision()}" in result.output
    assert "数据库结构版本" in result.output


def test_db_upgrade_of_an_unreachable_database(tmp_path: Path) -> None:
    env = {"KEFU_DATABASE_URL": "postgresql+psycopg://kefu:secret@127.0.0.1:1/nowhere"}
    result = CliRunner(env=env).invoke(app, ["db", "upgrade"])
    assert result.exit_code == 2
    assert "cannot open the database postgresql+psycopg://kefu:***@127.0.0.1:1/nowhere" in result.output
    assert "无法打开数据库" in result.output
    assert "secret" not in result.output


def test_import_then_import_again(runner: CliRunner, database: Database, good_kb: Path) -> None:
    result = runner.invoke(app, ["kb", "import", str(good_kb)])
    assert result.exit_code == 0, result.output
    assert "4 added, 0 updated, 0 unchanged, 0 removed; knowledge-base revision 1" in result.output
    assert "新增 4，更新 0，未变 0，删除 0；知识库版本 1" in result.output
    again = runner.invoke(app, ["kb", "import", str(good_kb)])
    assert again.exit_code == 0, again.output
    assert "0 added, 0 updated, 4 unchanged, 0 removed; nothing changed" in again.output
    assert stored(database) == (4, 1)


def test_import_with_an_error_imports_nothing_and_exits_1(
    runner: CliRunner, database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article("bad-category", "en", front={"category": "loans"})
    result = runner.invoke(app, ["kb", "import", str(good_kb)])
    assert result.exit_code == 1, result.output
    assert "bad-category.en.md: 'category' is 'loans'" in result.output
    assert "'category' 为 'loans'" in result.output
    assert "nothing was imported" in result.output and "未导入任何文章" in result.output
    assert stored(database) == (0, 0)

    skipping = runner.invoke(app, ["kb", "import", "--skip-invalid", str(good_kb)])
    assert skipping.exit_code == 0, skipping.output
    assert "4 added, 0 updated, 0 unchanged, 0 removed, 1 file skipped" in skipping.output
    assert stored(database) == (4, 1)


def test_import_with_prune(runner: CliRunner, database: Database, good_kb: Path) -> None:
    runner.invoke(app, ["kb", "import", str(good_kb)])
    (good_kb / "reset-pin.en.md").unlink()
    result = runner.invoke(app, ["kb", "import", "--prune", str(good_kb)])
    assert result.exit_code == 0, result.output
    assert "0 added, 0 updated, 3 unchanged, 1 removed; knowledge-base revision 2" in result.output
    assert stored(database) == (3, 2)


def test_import_a_missing_directory_is_a_user_error(runner: CliRunner, tmp_path: Path) -> None:
    result = runner.invoke(app, ["kb", "import", str(tmp_path / "nowhere")])
    assert result.exit_code == 2
    assert "knowledge-base directory not found" in result.output
    assert "找不到知识库目录" in result.output


def test_export_writes_the_files_and_refuses_to_overwrite(
    runner: CliRunner, good_kb: Path, tmp_path: Path
) -> None:
    runner.invoke(app, ["kb", "import", str(good_kb)])
    out = tmp_path / "out"
    result = runner.invoke(app, ["kb", "export", str(out)])
    assert result.exit_code == 0, result.output
    assert "exported 4 articles" in result.output and "已导出 4 篇文章" in result.output
    for file in good_kb.glob("*.md"):
        assert (out / file.name).read_bytes() == file.read_bytes()

    (out / "reset-pin.en.md").write_text("edited here\n", encoding="utf-8")
    refused = runner.invoke(app, ["kb", "export", str(out)])
    assert refused.exit_code == 2
    assert "reset-pin.en.md" in refused.output and "--overwrite" in refused.output
    assert (out / "reset-pin.en.md").read_text(encoding="utf-8") == "edited here\n"

    forced = runner.invoke(app, ["kb", "export", "--overwrite", str(out)])
    assert forced.exit_code == 0, forced.output
    assert (out / "reset-pin.en.md").read_bytes() == (good_kb / "reset-pin.en.md").read_bytes()
