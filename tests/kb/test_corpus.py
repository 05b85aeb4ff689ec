"""The shared wallet help center (the benchmark corpus) loads cleanly: 60 articles in two locales."""

from __future__ import annotations

from pathlib import Path

import pytest

from kefu.kb import LOCALES, load_directory

ARTICLES = Path(__file__).parents[2].parent / "shared" / "kb" / "articles"

pytestmark = pytest.mark.skipif(not ARTICLES.is_dir(), reason=f"shared corpus not found at {ARTICLES}")


def test_the_shared_corpus_loads_without_errors() -> None:
    result = load_directory(ARTICLES)
    assert [str(problem) for problem in result.errors] == []
    assert len(result.articles) == 120
    assert {article.locale for article in result.articles} == set(LOCALES)


def test_every_article_has_sections_and_its_references_resolve() -> None:
    result = load_directory(ARTICLES)
    assert all(article.sections for article in result.articles)
    assert [str(problem) for problem in result.warnings] == []
    assert sum(bool(article.see_also) for article in result.articles) > 60
