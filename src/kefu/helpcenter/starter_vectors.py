"""Document vectors for the bundled starter help center, shipped inside the package.

Encoding the starter's 40 articles with USE takes ~15 s on one core, which would be most of a fresh
``kefu serve``'s start. The vectors are derived data keyed by content hash, so kefu ships them
(``data/starter-vectors/<encoder>-vectors.npz``) and :func:`seed_vector_cache` copies them into an empty
vector cache before the first build. A starter text edited since the file was made just misses its key and
is encoded as usual; ``python -m kefu.helpcenter.starter_vectors`` regenerates the file (a test fails when
it is stale).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from importlib.resources import files
from pathlib import Path

__all__ = ["bundled_vectors", "seed_vector_cache"]


def bundled_vectors(encoder: str) -> Path:
    return Path(str(files("kefu.helpcenter").joinpath(f"data/starter-vectors/{encoder}-vectors.npz")))


def seed_vector_cache(directory: Path, encoders: list[str] | tuple[str, ...]) -> list[str]:
    """Copy the bundled vectors of ``encoders`` into ``directory`` where it has none yet; the names seeded."""
    seeded = []
    for name in encoders:
        source, target = bundled_vectors(name), directory / f"{name}-vectors.npz"
        if source.is_file() and not target.exists():
            directory.mkdir(parents=True, exist_ok=True)
            # copy then rename: another worker seeding at the same moment never reads half a file
            fd, tmp = tempfile.mkstemp(dir=directory, suffix=".npz.tmp")
            os.close(fd)
            try:
                shutil.copyfile(source, tmp)
                os.replace(tmp, target)
            finally:
                if os.path.exists(tmp):
                    os.unlink(tmp)
            seeded.append(name)
    return seeded


def _regenerate(encoder: str = "use") -> None:
    from kefu.kb.loader import load_directory, starter_dir
    from kefu.search.engine import EngineConfig, SearchEngine

    with tempfile.TemporaryDirectory() as tmp:
        articles = load_directory(starter_dir()).articles
        SearchEngine.build(articles, EngineConfig(encoders=(encoder,), vector_cache=Path(tmp)))
        target = bundled_vectors(encoder)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(Path(tmp) / f"{encoder}-vectors.npz", target)
        print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    _regenerate(*sys.argv[1:2])
