"""Markdown tables for the benchmarks, and writing them into a marked section of docs/benchmarks.md.

A section is everything between ``<!-- bench:NAME -->`` and ``<!-- /bench:NAME -->``; writing replaces it
and leaves the rest of the file alone. A missing file or section is created (the section at the end).
"""

from __future__ import annotations

import math
import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

__all__ = ["DOCS", "ROOT", "display_path", "markdown_table", "percentile", "revision", "write_section"]

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs" / "benchmarks.md"

_HEADER = """# Benchmarks

Numbers written by the scripts in `bench/` (`python bench/NAME.py --write`); each section says how it was
measured. Rerun a script to refresh its section; text outside the markers is kept.
"""


def display_path(path: Path) -> str:
    """``path`` relative to the repository's parent directory (``shared/kb/articles``) when inside it."""
    resolved = path.resolve()
    return str(resolved.relative_to(ROOT.parent)) if resolved.is_relative_to(ROOT.parent) else str(path)


def revision() -> str:
    """The commit measured (``git describe``-like), flagged when ``src/`` has uncommitted changes."""

    def git(*args: str) -> str:
        done = subprocess.run(["git", "-C", str(ROOT), *args], capture_output=True, text=True, check=False)
        return done.stdout.strip() if done.returncode == 0 else ""

    commit = git("rev-parse", "--short", "HEAD") or "unknown commit"
    return commit + (" + uncommitted changes in src/" if git("status", "--porcelain", "--", "src") else "")


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile (the same definition as ``kefu.search.evaluation.percentile``)."""
    ordered = sorted(values)
    if not ordered:
        return 0.0
    k = max(0, min(len(ordered) - 1, math.ceil(pct / 100 * len(ordered)) - 1))
    return float(ordered[k])


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def write_section(name: str, body: str, path: Path = DOCS) -> None:
    """Replace the ``bench:name`` section of ``path`` with ``body`` (creating file and section if missing)."""
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    text = path.read_text(encoding="utf-8") if path.exists() else _HEADER
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _: block, text, count=1)
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
