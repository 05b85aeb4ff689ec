"""Renaming every slug must not change any ranking or score: the engine may not depend on names.

The shared corpus is copied with every slug (file names and ``translation_key``) replaced by an opaque
name in shuffled order, an engine is built on the copy, and every labelled dev query must rank and score
exactly as on the original.
"""

from __future__ import annotations

import random
import re
from pathlib import Path
from typing import NamedTuple

import pytest

from kefu.kb import load_directory
from kefu.search.dense import Encoder
from kefu.search.engine import EngineConfig, SearchEngine
from kefu.search.evaluation import LabelledQuery
from kefu.search.results import SearchResponse

from .corpus import SHARED_ARTICLES, needs_shared_kb

pytestmark = needs_shared_kb

_KEY = re.compile(r"^translation_key:[ \t]*(['\"]?)([a-z0-9-]+)\1[ \t]*$", re.MULTILINE)


def copy_with_opaque_slugs(source: Path, target: Path, seed: int = 2025) -> dict[str, str]:
    """Copy ``source`` into ``target`` renaming every slug; returns new slug → original slug."""
    files = sorted(source.glob("*.md"))
    originals = sorted({f.name.split(".", 1)[0] for f in files})
    shuffled = originals[:]
    random.Random(seed).shuffle(shuffled)
    new_name = {slug: f"a{i:03d}" for i, slug in enumerate(shuffled, 1)}
    target.mkdir(parents=True)
    for file in files:
        slug, rest = file.name.split(".", 1)
        text = file.read_text(encoding="utf-8")
        text, n = _KEY.subn(lambda m: f"translation_key: {new_name[m.group(2)]}", text, count=1)
        assert n == 1, f"no translation_key line in {file}"
        (target / f"{new_name[slug]}.{rest}").write_text(text, encoding="utf-8")
    return {new: old for old, new in new_name.items()}


class Renamed(NamedTuple):
    engine: SearchEngine
    #: new slug → original slug
    mapping: dict[str, str]
    directory: Path


@pytest.fixture(scope="module")
def renamed(
    tmp_path_factory: pytest.TempPathFactory, use_encoder: Encoder, vector_cache_dir: Path
) -> Renamed:
    directory = tmp_path_factory.mktemp("renamed") / "articles"
    mapping = copy_with_opaque_slugs(SHARED_ARTICLES, directory)
    result = load_directory(directory)
    assert result.ok, [p.message_en for p in result.errors]
    engine = SearchEngine.build(
        result.articles, EngineConfig(vector_cache=vector_cache_dir), encoders={"use": use_encoder}
    )
    return Renamed(engine, mapping, directory)


def test_the_copy_really_renames_everything(renamed: Renamed, shared_engine: SearchEngine) -> None:
    engine, mapping, _ = renamed
    originals = {a.slug for a in shared_engine.articles()}
    assert set(mapping.values()) == originals
    assert {a.slug for a in engine.articles()} == set(mapping)
    assert not {a.slug for a in engine.articles()} & originals
    assert all(a.translation_key == a.slug for a in engine.articles())
    # renaming changed the order the loader hands the articles over in
    renamed_order = [mapping[a.slug] for a in load_directory(renamed.directory).articles]
    assert renamed_order != [a.slug for a in load_directory(SHARED_ARTICLES).articles]


def test_every_dev_query_ranks_and_scores_the_same(
    renamed: Renamed, dev_responses: list[tuple[LabelledQuery, SearchResponse]]
) -> None:
    engine, mapping, _ = renamed
    assert dev_responses
    differences = []
    for q, before in dev_responses:
        after = engine.search(q.query, q.locale, limit=10)
        want = [(h.slug, h.locale, h.score) for h in before.hits]
        got = [(mapping[h.slug], h.locale, h.score) for h in after.hits]
        same = (
            want == got
            and before.confidence == after.confidence
            and before.confidence_score == after.confidence_score
            and before.candidates == [mapping[s] for s in after.candidates]
            and before.did_you_mean == after.did_you_mean
        )
        if not same:
            differences.append((q.id, q.query, want[:3], got[:3]))
    assert differences == []


def test_cross_locale_answers_map_through_the_renamed_translation_keys(
    renamed: Renamed, shared_engine: SearchEngine, dev_queries: list[LabelledQuery]
) -> None:
    engine, mapping, _ = renamed
    for q in dev_queries[::8]:  # every 8th query: both locales, all kinds
        other = "en" if q.locale == "zh-CN" else "zh-CN"
        before = shared_engine.search(q.query, other, limit=5)
        after = engine.search(q.query, other, limit=5)
        assert [(h.slug, h.locale, h.title, h.cross_locale) for h in before.hits] == [
            (mapping[h.slug], h.locale, h.title, h.cross_locale) for h in after.hits
        ]
