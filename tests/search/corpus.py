"""Where the shared benchmark corpus and the query files are, and a marker for tests that need them."""

from __future__ import annotations

from pathlib import Path

import pytest

#: ``/work/shared/kb`` next to the project checkout: the benchmark corpus and labelled dev queries.
SHARED_KB = Path(__file__).resolve().parents[3] / "shared" / "kb"
SHARED_ARTICLES = SHARED_KB / "articles"
DEV_QUERIES = SHARED_KB / "dev_queries.jsonl"
PROJECT = Path(__file__).resolve().parents[2]
OFFTOPIC_QUERIES = PROJECT / "bench" / "data" / "offtopic_queries.jsonl"

needs_shared_kb = pytest.mark.skipif(
    not SHARED_ARTICLES.is_dir() or not DEV_QUERIES.is_file(),
    reason=f"shared benchmark corpus not found at {SHARED_KB}",
)
