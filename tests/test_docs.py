"""Documentation that must not fall behind the code (as Datasette's test_docs does)."""

from __future__ import annotations

import re
from pathlib import Path

from kefu.config import Settings

ROOT = Path(__file__).resolve().parent.parent


def test_every_setting_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    missing = [name for name in Settings.model_fields if f"KEFU_{name.upper()}" not in readme]
    assert not missing, f"document these settings in README.md: {missing}"


def test_every_source_package_is_in_the_architecture_doc() -> None:
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    packages = sorted(p.parent.name for p in (ROOT / "src" / "kefu").glob("*/__init__.py"))
    missing = [name for name in packages if not re.search(rf"^\s+{name}/", doc, re.MULTILINE)]
    assert not missing, f"say where these live in docs/architecture.md: {missing}"


def test_readme_screenshots_exist() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    shots = re.findall(r"\((docs/screenshots/[^)]+\.png)\)", readme)
    assert shots
    assert all((ROOT / shot).is_file() for shot in shots)
