"""Loading a directory: the good files are served, every bad one is reported, nothing raises."""

from __future__ import annotations

import logging
import shutil
from pathlib import Path

import pytest

from kefu.errors import NotFound
from kefu.kb import LoadResult, Problem, load_default, load_directory, starter_dir

from .articles import WriteArticle


def problems_for(result: LoadResult, name: str) -> list[Problem]:
    return [problem for problem in result.problems if Path(problem.file).name == name]


def test_a_clean_directory(good_kb: Path) -> None:
    result = load_directory(good_kb)
    assert result.problems == []
    assert result.ok
    assert [article.key for article in result.articles] == [
        ("reset-pin", "en"),
        ("reset-pin", "zh-CN"),
        ("unlock-account", "en"),
        ("unlock-account", "zh-CN"),
    ]
    assert all(article.sections for article in result.articles)


def test_see_also_is_filled_from_references(good_kb: Path) -> None:
    by_key = {article.key: article for article in load_directory(good_kb).articles}
    assert by_key["reset-pin", "en"].see_also == ("unlock-account",)
    assert by_key["reset-pin", "zh-CN"].see_also == ("unlock-account",)  # curly quotes
    assert by_key["unlock-account", "zh-CN"].see_also == ("reset-pin",)  # straight quotes


def test_a_mix_of_good_and_broken_files(
    good_kb: Path, write_article: WriteArticle, caplog: pytest.LogCaptureFixture
) -> None:
    write_article("bad-yaml", "en", text="---\ntitle: [oops\n---\nBody.\n")
    write_article("no-keys", "en", drop=("tags",))
    write_article("wrong-locale", "en", front={"locale": "zh-CN"})
    write_article("bad-category", "en", front={"category": "loans"})
    write_article("empty", "en", body="")
    write_article(name="notes.md", text="just notes\n")
    write_article(name="README.md", text="about this folder\n")  # ignored
    (good_kb / "_drafts").mkdir()
    write_article(name="_drafts/draft.en.md", text="ignored\n")
    with caplog.at_level(logging.WARNING, logger="kefu.kb"):
        result = load_directory(good_kb)

    assert len(result.articles) == 4  # the good ones are still served
    expected = {
        "bad-yaml.en.md": "not valid YAML",
        "no-keys.en.md": "missing front-matter keys: tags",
        "wrong-locale.en.md": "file name says 'en'",
        "bad-category.en.md": "'category' is 'loans'",
        "empty.en.md": "body is empty",
        "notes.md": "bad file name",
    }
    for name, reason in expected.items():
        [problem] = problems_for(result, name)
        assert problem.severity == "error"
        assert reason in problem.message_en
        assert problem.message_zh
        assert any(name in record.getMessage() for record in caplog.records)
    assert len(result.errors) == len(expected)
    assert not result.ok


def test_missing_translation_is_a_warning_and_the_article_is_served(write_article: WriteArticle) -> None:
    path = write_article(
        "reset-pin", "en", body="A new PIN works at once on every device and for every payment " * 3
    )
    result = load_directory(path.parent)
    assert [article.key for article in result.articles] == [("reset-pin", "en")]
    [problem] = result.problems
    assert problem.severity == "warning"
    assert "no zh-CN translation" in problem.message_en
    assert "reset-pin.zh-CN.md" in problem.message_zh
    assert result.ok


def test_duplicate_slug_and_locale(good_kb: Path, write_article: WriteArticle) -> None:
    (good_kb / "more").mkdir()
    duplicate = write_article(name="more/reset-pin.en.md", text=(good_kb / "reset-pin.en.md").read_text())
    result = load_directory(good_kb)
    [problem] = result.problems
    assert problem.file == str(duplicate)
    assert problem.severity == "error"
    assert "duplicate article 'reset-pin' (en)" in problem.message_en
    assert len(result.articles) == 4


def test_unresolved_see_title_is_a_warning(good_kb: Path, write_article: WriteArticle) -> None:
    body = (good_kb / "unlock-account.en.md").read_text().split("---\n", 2)[2]
    write_article("unlock-account", "en", body=body + '\nFor more, see "A title nobody wrote".\n')
    result = load_directory(good_kb)
    [problem] = result.problems
    assert problem.severity == "warning"
    assert "A title nobody wrote" in problem.message_en and "A title nobody wrote" in problem.message_zh


def test_short_body_is_a_warning(good_kb: Path, write_article: WriteArticle) -> None:
    write_article("unlock-account", "zh-CN", body="太短了。")
    [problem] = load_directory(good_kb).problems
    assert problem.severity == "warning"
    assert "very short" in problem.message_en


def test_duplicate_title_in_a_locale_is_a_warning(good_kb: Path, write_article: WriteArticle) -> None:
    write_article("unlock-account", "en", front={"title": "Reset your payment PIN"})
    warnings = load_directory(good_kb).warnings
    assert any("also the title of 'reset-pin'" in problem.message_en for problem in warnings)


def test_an_empty_directory_is_an_error(kb_dir: Path) -> None:
    result = load_directory(kb_dir)
    assert result.articles == []
    [problem] = result.errors
    assert "no articles found" in problem.message_en


def test_a_missing_directory_raises_not_found(tmp_path: Path) -> None:
    with pytest.raises(NotFound) as caught:
        load_directory(tmp_path / "nowhere")
    assert "not found" in caught.value.message_en
    assert "找不到" in caught.value.message_zh


def test_load_default_uses_the_given_directory(good_kb: Path) -> None:
    assert len(load_default(good_kb).articles) == 4


def test_starter_dir_is_inside_the_package() -> None:
    assert starter_dir().parts[-2:] == ("kb", "starter")


def test_load_default_without_a_directory_is_the_starter(tmp_path: Path) -> None:
    if not any(starter_dir().glob("*.md")):
        pytest.skip("the starter help center is not written yet")
    copy = shutil.copytree(starter_dir(), tmp_path / "starter")
    assert [a.key for a in load_default(None).articles] == [a.key for a in load_directory(copy).articles]
    assert load_default(None).errors == []
