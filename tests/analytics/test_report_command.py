"""``kefu report searches`` through the root app: tables (customer text printed as typed) and JSON."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from kefu.cli import app
from kefu.store import Database, utcnow

from .rows import add_click, add_search, add_views, add_votes


@pytest.fixture
def env(database: Database) -> dict[str, str]:
    return {"KEFU_DATABASE_URL": database.url.render_as_string(hide_password=False)}


@pytest.fixture
def seeded(database: Database) -> Database:
    recent = utcnow()
    with database.session() as session:
        clicked = add_search(session, "[bold]转账[/bold]", at=recent)
        add_click(session, clicked, "transfer-limits", at=recent)
        add_search(session, "退款多久", slugs=(), confidence="none", at=recent)
        add_search(
            session, "密码", confidence="ambiguous", slugs=("reset-password", "change-password"), at=recent
        )
        add_search(session, "forgot password", locale="en", at=recent)
        add_views(session, "transfer-limits", 3, at=recent)
        add_votes(session, "transfer-limits", helpful=1, not_helpful=3, at=recent)
    return database


def test_the_tables(seeded: Database, env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["report", "searches"], env=env)
    assert result.exit_code == 0, result.output
    output = result.stdout
    assert "Searches, last 30 days (zh-CN + en) / 最近 30 天的搜索" in output
    assert "[bold]转账[/bold]" in output  # not read as markup
    assert "transfer-limits" in output
    assert "退款多久" in output
    assert "reset-password, change-password" in output
    assert "25.0%" in output  # transfer-limits: 1 of 4 votes helpful
    for title in ("Top queries 热门搜索", "Not answered", "Ambiguous", "Articles, worst rated first"):
        assert title in output


def test_json_and_the_locale_filter(seeded: Database, env: dict[str, str]) -> None:
    result = CliRunner().invoke(
        app, ["report", "searches", "--json", "--locale", "en", "--days", "7", "--limit", "5"], env=env
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["days"], data["locale"]) == (7, "en")
    assert data["totals"]["searches"] == 1
    assert [row["query"] for row in data["top_queries"]] == ["forgot password"]


def test_an_empty_database_is_migrated_and_reported(database_url: str) -> None:
    result = CliRunner().invoke(app, ["report", "searches"], env={"KEFU_DATABASE_URL": database_url})
    assert result.exit_code == 0, result.output
    assert "No searches in this period. 这段时间内没有搜索记录。" in result.stdout
    assert "Top queries 热门搜索: none 无" in result.stdout


def test_bad_options_are_a_bilingual_error(database: Database, env: dict[str, str]) -> None:
    result = CliRunner().invoke(app, ["report", "searches", "--days", "0"], env=env)
    assert result.exit_code == 2
    assert "days must be between 1 and 365" in result.stderr
    assert "天数必须在 1 到 365 之间" in result.stderr
