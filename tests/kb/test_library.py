"""The knowledge base in the database: import, export byte for byte, load, revision, first start."""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
import threading
from pathlib import Path

import pytest
from sqlalchemy import select

from kefu.errors import Conflict, NotFound
from kefu.kb import (
    Article,
    ImportReport,
    article_count,
    ensure_articles,
    export_directory,
    import_directory,
    kb_revision,
    load_articles,
    load_directory,
    starter_dir,
)
from kefu.kb.records import ArticleRecord
from kefu.store import Database

from .articles import WriteArticle

HAN = re.compile(r"[\u4e00-\u9fff]")

GOOD = ["reset-pin.en", "reset-pin.zh-CN", "unlock-account.en", "unlock-account.zh-CN"]


def tree(directory: Path) -> dict[str, bytes]:
    """Every file under ``directory``: relative path → bytes."""
    return {
        file.relative_to(directory).as_posix(): file.read_bytes()
        for file in directory.rglob("*")
        if file.is_file()
    }


def run_import(database: Database, directory: Path, **options: bool) -> ImportReport:
    with database.session() as session:
        return import_directory(session, directory, **options)


def count_and_revision(database: Database) -> tuple[int, int]:
    with database.session() as session:
        return article_count(session), kb_revision(session)


def row(database: Database, slug: str, locale: str) -> ArticleRecord:
    with database.session() as session:
        return session.scalars(
            select(ArticleRecord).where(ArticleRecord.slug == slug, ArticleRecord.locale == locale)
        ).one()


@pytest.fixture
def varied_kb(good_kb: Path) -> Path:
    """The good articles, one with a byte-order mark, one with CRLF line endings, one in a subfolder."""
    bom = good_kb / "reset-pin.en.md"
    bom.write_bytes(b"\xef\xbb\xbf" + bom.read_bytes())
    crlf = good_kb / "unlock-account.en.md"
    crlf.write_bytes(crlf.read_bytes().replace(b"\n", b"\r\n"))
    (good_kb / "security").mkdir()
    (good_kb / "unlock-account.zh-CN.md").rename(good_kb / "security" / "unlock-account.zh-CN.md")
    return good_kb


def test_an_empty_database_has_revision_0(database: Database) -> None:
    assert count_and_revision(database) == (0, 0)


def test_import_the_starter(database: Database) -> None:
    report = run_import(database, starter_dir())
    assert report.ok and report.changed
    assert len(report.added) == 40
    assert report.added == sorted(report.added)
    assert "emergency-freeze.zh-CN" in report.added
    assert report.updated == report.unchanged == report.removed == []
    assert count_and_revision(database) == (40, 1)


def test_a_row_keeps_the_file_exactly(database: Database, varied_kb: Path) -> None:
    assert run_import(database, varied_kb).added == GOOD
    bom = row(database, "reset-pin", "en")
    assert bom.source.startswith("\ufeff---\n")
    assert bom.path == "reset-pin.en.md"
    assert bom.content_hash == hashlib.sha256((varied_kb / "reset-pin.en.md").read_bytes()).hexdigest()
    assert (bom.title, bom.category, bom.tags, bom.translation_key) == (
        "Reset your payment PIN",
        "security",
        ["PIN", "password"],
        "reset-pin",
    )
    assert "\r\n" in row(database, "unlock-account", "en").source
    chinese = row(database, "unlock-account", "zh-CN")
    assert chinese.path == "security/unlock-account.zh-CN.md"
    assert chinese.title == "解锁账户"
    assert "连续五次输错登录密码" in chinese.source


def test_export_gives_back_the_same_bytes(database: Database, varied_kb: Path, tmp_path: Path) -> None:
    run_import(database, varied_kb)
    with database.session() as session:
        assert export_directory(session, tmp_path / "out") == 4
    assert tree(tmp_path / "out") == tree(varied_kb)


def test_the_starter_round_trips(database: Database, tmp_path: Path) -> None:
    run_import(database, starter_dir())
    with database.session() as session:
        assert export_directory(session, tmp_path / "out") == 40
    assert tree(tmp_path / "out") == tree(starter_dir())


def test_only_article_files_are_imported(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article(name="README.md", text="about this folder\n")
    (good_kb / "_drafts").mkdir()
    write_article(name="_drafts/draft.en.md", text="ignored\n")
    assert run_import(database, good_kb).added == GOOD


def test_importing_again_changes_nothing(database: Database, varied_kb: Path) -> None:
    run_import(database, varied_kb)
    before = row(database, "reset-pin", "en")
    report = run_import(database, varied_kb)
    assert report.unchanged == GOOD
    assert report.added == report.updated == report.removed == []
    assert not report.changed and report.ok
    assert count_and_revision(database) == (4, 1)
    assert row(database, "reset-pin", "en").updated_at == before.updated_at


def test_an_edited_file_is_updated_and_bumps_the_revision(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    run_import(database, good_kb)
    write_article("reset-pin", "en", front={"title": "Change your payment PIN"})
    report = run_import(database, good_kb)
    assert report.updated == ["reset-pin.en"]
    assert report.unchanged == ["reset-pin.zh-CN", "unlock-account.en", "unlock-account.zh-CN"]
    assert count_and_revision(database) == (4, 2)
    stored = row(database, "reset-pin", "en")
    assert stored.title == "Change your payment PIN"
    assert stored.source == (good_kb / "reset-pin.en.md").read_text(encoding="utf-8")


def test_a_moved_file_is_updated_so_the_export_follows(database: Database, good_kb: Path) -> None:
    run_import(database, good_kb)
    (good_kb / "security").mkdir()
    (good_kb / "reset-pin.en.md").rename(good_kb / "security" / "reset-pin.en.md")
    assert run_import(database, good_kb).updated == ["reset-pin.en"]
    assert row(database, "reset-pin", "en").path == "security/reset-pin.en.md"


def test_a_bad_file_writes_nothing(database: Database, good_kb: Path, write_article: WriteArticle) -> None:
    run_import(database, good_kb)
    write_article("reset-pin", "en", front={"category": "loans"})  # was good
    write_article("new-article", "en")  # good, but must not be stored either
    report = run_import(database, good_kb)
    assert not report.ok
    assert report.added == report.updated == report.unchanged == report.removed == []
    [problem] = [problem for problem in report.problems if problem.is_error]
    assert Path(problem.file) == good_kb / "reset-pin.en.md"
    assert "'category' is 'loans'" in problem.message_en
    assert HAN.search(problem.message_zh)
    assert count_and_revision(database) == (4, 1)
    assert row(database, "reset-pin", "en").category == "security"


def test_a_bad_file_in_a_fresh_import(database: Database, good_kb: Path, write_article: WriteArticle) -> None:
    write_article("broken", "zh-CN", text="---\ntitle: [坏\n---\n正文。\n")
    report = run_import(database, good_kb)
    assert not report.ok and not report.changed
    assert any(
        "not valid YAML" in p.message_en and "头信息不是合法的 YAML" in p.message_zh for p in report.problems
    )
    assert count_and_revision(database) == (0, 0)


def test_skip_invalid_imports_the_rest(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article("empty", "en", body="")
    (good_kb / "latin1.en.md").write_bytes("---\ntitle: café\n---\n".encode("latin-1"))
    report = run_import(database, good_kb, skip_invalid=True)
    assert report.added == GOOD
    assert not report.ok  # the skipped files are still reported
    reasons = {Path(p.file).name: p.message_en for p in report.problems if p.is_error}
    assert "body is empty" in reasons["empty.en.md"]
    assert "not UTF-8" in reasons["latin1.en.md"]
    assert count_and_revision(database) == (4, 1)


def test_a_duplicate_in_a_subfolder_is_refused(database: Database, good_kb: Path) -> None:
    (good_kb / "more").mkdir()
    (good_kb / "more" / "reset-pin.en.md").write_bytes((good_kb / "reset-pin.en.md").read_bytes())
    report = run_import(database, good_kb)
    assert [Path(p.file).parent.name for p in report.problems if p.is_error] == ["more"]
    assert count_and_revision(database) == (0, 0)
    assert run_import(database, good_kb, skip_invalid=True).added == GOOD
    assert row(database, "reset-pin", "en").path == "reset-pin.en.md"  # the top-level file wins


def test_what_the_database_cannot_hold_is_a_problem_on_every_backend(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article("long-title", "en", front={"title": "Long " * 120})
    write_article("nul", "en", body="A body with a \x00 in it, which PostgreSQL text cannot hold.\n")
    report = run_import(database, good_kb, skip_invalid=True)
    reasons = {Path(p.file).name: p.message_en for p in report.problems if p.is_error}
    assert "title is too long (599 characters; at most 500)" in reasons["long-title.en.md"]
    assert "NUL" in reasons["nul.en.md"]
    assert report.added == GOOD


def test_prune_removes_articles_without_a_file(database: Database, good_kb: Path) -> None:
    run_import(database, good_kb)
    (good_kb / "unlock-account.en.md").unlink()
    kept = run_import(database, good_kb)
    assert kept.removed == [] and not kept.changed
    assert count_and_revision(database) == (4, 1)
    pruned = run_import(database, good_kb, prune=True)
    assert pruned.removed == ["unlock-account.en"]
    assert pruned.unchanged == ["reset-pin.en", "reset-pin.zh-CN", "unlock-account.zh-CN"]
    assert count_and_revision(database) == (3, 2)


def test_prune_keeps_the_stored_version_of_a_broken_file(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    run_import(database, good_kb)
    write_article("unlock-account", "en", drop=("tags",))
    report = run_import(database, good_kb, skip_invalid=True, prune=True)
    assert report.removed == []
    assert count_and_revision(database) == (4, 1)


def test_an_empty_directory_writes_nothing_even_with_prune(
    database: Database, good_kb: Path, tmp_path: Path
) -> None:
    run_import(database, good_kb)
    (tmp_path / "empty").mkdir()
    report = run_import(database, tmp_path / "empty", skip_invalid=True, prune=True)
    [problem] = report.problems
    assert "no articles found" in problem.message_en
    assert report.removed == []
    assert count_and_revision(database) == (4, 1)


def test_a_missing_directory_raises_not_found(database: Database, tmp_path: Path) -> None:
    with pytest.raises(NotFound) as caught:
        run_import(database, tmp_path / "nowhere")
    assert "找不到知识库目录" in caught.value.message_zh


def test_load_articles_is_what_loading_the_directory_gives(
    database: Database, varied_kb: Path, write_article: WriteArticle
) -> None:
    write_article("lonely", "en")  # no translation: a warning either way
    run_import(database, varied_kb)
    with database.session() as session:
        stored = load_articles(session)
    loaded = load_directory(varied_kb)
    assert [a.key for a in stored.articles] == [a.key for a in loaded.articles]
    compared = [f.name for f in dataclasses.fields(Article) if f.name != "source"]
    for mine, theirs in zip(stored.articles, loaded.articles, strict=True):
        for name in compared:
            assert getattr(mine, name) == getattr(theirs, name), (mine.key, name)
    assert stored.articles[0].see_also  # the links are there, not just equally empty
    assert {a.source for a in stored.articles} >= {"security/unlock-account.zh-CN.md"}
    problems = [(Path(p.file).name, p.message_en, p.severity) for p in stored.problems]
    assert problems == [(Path(p.file).name, p.message_en, p.severity) for p in loaded.problems]


def test_load_articles_of_an_empty_database(database: Database) -> None:
    with database.session() as session:
        result = load_articles(session)
    assert result.articles == []
    assert not result.ok


def test_ensure_articles_imports_the_starter_into_an_empty_table(database: Database) -> None:
    with database.session() as session:
        report = ensure_articles(session, None)
    assert report is not None and len(report.added) == 40
    with database.session() as session:
        assert ensure_articles(session, None) is None
    assert count_and_revision(database) == (40, 1)


def test_ensure_articles_imports_the_given_directory_and_skips_bad_files(
    database: Database, good_kb: Path, write_article: WriteArticle
) -> None:
    write_article("broken", "en", drop=("title",))
    with database.session() as session:
        report = ensure_articles(session, good_kb)
    assert report is not None and report.added == GOOD and not report.ok
    with database.session() as session:
        assert ensure_articles(session, starter_dir()) is None  # articles exist: the starter stays out
    assert count_and_revision(database) == (4, 1)


def test_workers_starting_together_import_once(database: Database) -> None:
    reports: list[ImportReport | None] = []
    failures: list[BaseException] = []
    start = threading.Barrier(2)

    def first_start() -> None:
        try:
            start.wait()
            with database.session() as session:
                reports.append(ensure_articles(session, None))
        except BaseException as error:
            failures.append(error)

    workers = [threading.Thread(target=first_start) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert failures == []
    assert sorted(report is None for report in reports) == [False, True]
    assert count_and_revision(database) == (40, 1)


def test_export_refuses_to_overwrite_different_files(
    database: Database, good_kb: Path, tmp_path: Path
) -> None:
    run_import(database, good_kb)
    out = tmp_path / "out"
    with database.session() as session:
        export_directory(session, out)
        os.utime(out / "reset-pin.zh-CN.md", (0, 0))
        assert export_directory(session, out) == 4  # the same files again: nothing to refuse
    assert (out / "reset-pin.zh-CN.md").stat().st_mtime == 0  # an identical file is left alone
    (out / "reset-pin.en.md").write_text("my local edit\n", encoding="utf-8")
    (out / "unlock-account.en.md").unlink()
    (out / "notes.txt").write_text("not an article\n", encoding="utf-8")
    with database.session() as session, pytest.raises(Conflict) as caught:
        export_directory(session, out)
    assert "reset-pin.en.md" in caught.value.message_en and "--overwrite" in caught.value.message_en
    assert "覆盖" in caught.value.message_zh
    assert not (out / "unlock-account.en.md").exists()  # refused before writing anything
    with database.session() as session:
        assert export_directory(session, out, overwrite=True) == 4
    assert {name: data for name, data in tree(out).items() if name != "notes.txt"} == tree(good_kb)
    assert (out / "notes.txt").exists()
