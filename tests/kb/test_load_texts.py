"""``load_texts``: the directory loader's checks on (path, text) pairs that came from somewhere else."""

from __future__ import annotations

from pathlib import Path

from kefu.kb import load_directory, load_texts
from kefu.kb.loader import article_files, read_article

from .articles import WriteArticle


def texts_of(directory: Path) -> list[tuple[str, str]]:
    return [(str(file), read_article(file, keep_bom=True)) for file in article_files(directory)]


def test_the_same_result_as_the_directory(good_kb: Path, write_article: WriteArticle) -> None:
    write_article("bad-category", "en", front={"category": "loans"})
    write_article("lonely", "zh-CN")
    (good_kb / "more").mkdir()
    write_article(name="more/reset-pin.en.md", text=(good_kb / "reset-pin.en.md").read_text())
    from_texts = load_texts(texts_of(good_kb), origin=str(good_kb))
    from_directory = load_directory(good_kb)
    assert from_texts.articles == from_directory.articles
    assert [a.see_also for a in from_texts.articles] == [a.see_also for a in from_directory.articles]
    assert from_texts.problems == from_directory.problems


def test_relative_paths_name_the_articles_and_the_problems(good_kb: Path) -> None:
    items = [(Path(name).relative_to(good_kb).as_posix(), text) for name, text in texts_of(good_kb)]
    items.append(("support/broken.en.md", "no front matter\n"))
    result = load_texts(items)
    assert [a.source for a in result.articles] == [
        "reset-pin.en.md",
        "reset-pin.zh-CN.md",
        "unlock-account.en.md",
        "unlock-account.zh-CN.md",
    ]
    [problem] = result.problems
    assert problem.file == "support/broken.en.md"
    assert "no front matter" in problem.message_en and "缺少头信息" in problem.message_zh


def test_a_byte_order_mark_and_crlf_are_read_as_in_a_file(good_kb: Path) -> None:
    plain = dict(texts_of(good_kb))
    marked = [(name, "\ufeff" + text.replace("\n", "\r\n")) for name, text in plain.items()]
    assert load_texts(marked).articles == load_texts(list(plain.items())).articles


def test_the_first_of_two_copies_wins(good_kb: Path) -> None:
    [(name, text), *_] = texts_of(good_kb)
    result = load_texts([(name, text), ("copy/" + Path(name).name, text)])
    assert [a.source for a in result.articles] == [name]
    assert "duplicate article 'reset-pin' (en)" in result.errors[0].message_en
    assert result.errors[0].file == "copy/reset-pin.en.md"


def test_nothing_at_all_is_an_error_naming_the_origin() -> None:
    result = load_texts([], origin="database")
    [problem] = result.errors
    assert problem.file == "database"
    assert "no articles found" in problem.message_en
