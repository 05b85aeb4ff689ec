"""Reading one article file: the good case, and a clear bilingual reason for each way a file can be bad."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.errors import ArticleError
from kefu.kb import Article, parse_article, parse_article_text, parse_filename

from .articles import WriteArticle


def reason(path: Path) -> ArticleError:
    with pytest.raises(ArticleError) as caught:
        parse_article(path)
    assert caught.value.path == str(path)
    assert caught.value.message_zh != caught.value.message_en
    return caught.value


def test_good_english_file(write_article: WriteArticle) -> None:
    path = write_article("reset-pin", "en")
    article = parse_article(path)
    assert isinstance(article, Article)
    assert (article.slug, article.locale, article.translation_key) == ("reset-pin", "en", "reset-pin")
    assert article.title == "Reset your payment PIN"
    assert article.category == "security"
    assert article.tags == ("PIN", "password")
    assert article.body.startswith("Your payment PIN")
    assert [section.heading for section in article.sections] == ["", "Reset it", "Things to know"]
    assert article.source == str(path)


def test_good_chinese_file(write_article: WriteArticle) -> None:
    article = parse_article(write_article("reset-pin", "zh-CN"))
    assert article.locale == "zh-CN"
    assert article.title == "重置支付密码"
    assert article.sections[1].steps[0] == "打开我的 > 安全 > 支付密码。"


def test_crlf_and_bom_are_accepted(write_article: WriteArticle, kb_dir: Path) -> None:
    good = write_article("reset-pin", "en").read_text(encoding="utf-8")
    path = kb_dir / "reset-pin.en.md"
    path.write_bytes(b"\xef\xbb\xbf" + good.replace("\n", "\r\n").encode())
    assert parse_article(path).title == "Reset your payment PIN"


def test_parse_article_text_needs_no_file() -> None:
    text = "---\ntitle: Hello\nlocale: en\ncategory: support\ntags: [hi]\ntranslation_key: hello\n---\nHi.\n"
    assert parse_article_text(text, "hello.en.md").body == "Hi."


@pytest.mark.parametrize(
    ("name", "expected"),
    [("unfreeze-account.en.md", ("unfreeze-account", "en")), ("a1.zh-CN.md", ("a1", "zh-CN"))],
)
def test_parse_filename(name: str, expected: tuple[str, str]) -> None:
    assert parse_filename(name) == expected


@pytest.mark.parametrize("name", ["reset-pin.md", "Reset-Pin.en.md", "reset_pin.en.md", "reset-pin.en.txt"])
def test_bad_file_name(name: str) -> None:
    with pytest.raises(ArticleError, match="file name"):
        parse_filename(name)


def test_locale_in_file_name_not_supported(write_article: WriteArticle) -> None:
    error = reason(write_article("reset-pin", "fr", front={"locale": "en"}))
    assert "'fr'" in error.message_en and "zh-CN, en" in error.message_en


def test_not_utf8(kb_dir: Path) -> None:
    path = kb_dir / "reset-pin.zh-CN.md"
    path.write_bytes("---\ntitle: 重置\n".encode("gbk"))
    assert "UTF-8" in reason(path).message_en


def test_unreadable_file(kb_dir: Path) -> None:
    path = kb_dir / "reset-pin.en.md"
    path.mkdir()  # a directory with an article's name cannot be read as a file
    assert "cannot read" in reason(path).message_en


def test_no_front_matter(write_article: WriteArticle) -> None:
    error = reason(write_article(text="# Reset your PIN\n\nJust a body.\n"))
    assert "no front matter" in error.message_en
    assert "头信息" in error.message_zh


def test_front_matter_not_closed(write_article: WriteArticle) -> None:
    error = reason(write_article(text="---\ntitle: Reset\nlocale: en\n\nBody text.\n"))
    assert "not closed" in error.message_en


def test_bad_yaml_reports_the_file_line(write_article: WriteArticle) -> None:
    text = "---\ntitle: Reset\nlocale: en\ntags: [PIN, password\ncategory: security\n---\nBody.\n"
    error = reason(write_article(text=text))
    assert "not valid YAML" in error.message_en
    assert "line 5, in what starts on line 4" in error.message_en  # the list opened on line 4 breaks on 5
    assert "第 5 行" in error.message_zh


def test_bad_yaml_after_blank_line_still_reports_the_file_line(write_article: WriteArticle) -> None:
    text = "---\n\ntitle: 'Reset\n---\nBody.\n"
    error = reason(write_article(text=text))
    assert "line 4" in error.message_en  # the unterminated quote opened on line 3 runs into line 4


def test_front_matter_that_is_not_a_mapping(write_article: WriteArticle) -> None:
    error = reason(write_article(text="---\n- title\n- locale\n---\nBody.\n"))
    assert "key: value" in error.message_en


def test_missing_keys_are_all_named(write_article: WriteArticle) -> None:
    error = reason(write_article(drop=("tags", "category")))
    assert "missing front-matter keys: category, tags" in error.message_en
    assert "category, tags" in error.message_zh


def test_unknown_keys(write_article: WriteArticle) -> None:
    error = reason(write_article(front={"author": "me"}))
    assert "unknown front-matter keys: author" in error.message_en


def test_wrong_locale_value(write_article: WriteArticle) -> None:
    assert "'locale' is 'english'" in reason(write_article(front={"locale": "english"})).message_en


def test_locale_must_match_file_name(write_article: WriteArticle) -> None:
    error = reason(write_article("reset-pin", "en", front={"locale": "zh-CN"}))
    assert "file name says 'en'" in error.message_en


def test_unknown_category(write_article: WriteArticle) -> None:
    error = reason(write_article(front={"category": "loans"}))
    assert "'category' is 'loans'" in error.message_en
    assert "complaints" in error.message_en  # lists the allowed ones


@pytest.mark.parametrize("tags", [[], "PIN", ["PIN", 3], ["PIN", " "]])
def test_bad_tags(write_article: WriteArticle, tags: object) -> None:
    assert "tag" in reason(write_article(front={"tags": tags})).message_en


@pytest.mark.parametrize("title", [None, 42, "  "])
def test_bad_title(write_article: WriteArticle, title: object) -> None:
    assert "'title' must be non-empty text" in reason(write_article(front={"title": title})).message_en


def test_translation_key_must_equal_slug(write_article: WriteArticle) -> None:
    error = reason(write_article(front={"translation_key": "reset-password"}))
    assert "must equal the slug 'reset-pin'" in error.message_en


def test_empty_body(write_article: WriteArticle) -> None:
    error = reason(write_article(body="\n  \n"))
    assert "body is empty" in error.message_en
    assert "正文为空" in error.message_zh


def test_several_problems_reported_together(write_article: WriteArticle) -> None:
    error = reason(write_article(front={"category": "loans", "translation_key": "x"}, body=""))
    assert len(error.problems) == 3
    assert "category" in error.message_en and "translation_key" in error.message_en
