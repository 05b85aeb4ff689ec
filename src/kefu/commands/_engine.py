"""Building a search engine for a CLI command: settings → knowledge base → :class:`SearchEngine`.

The knowledge base is ``--kb``, else ``KEFU_KB_DIR``, else the bundled starter. Load problems are printed
to stderr as warnings (``kefu kb check`` shows them in full); a knowledge base with no usable article is
an error. While the engine builds, a progress bar is drawn on stderr when stderr is a terminal.

The engine and its encoders are imported lazily so that ``kefu --version`` and ``kefu kb`` start fast.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from kefu.commands._logging import quiet
from kefu.config import Settings, load_settings
from kefu.errors import InvalidInput
from kefu.kb import LoadResult, Problem, load_default

if TYPE_CHECKING:
    from kefu.search.dense import Encoder
    from kefu.search.engine import SearchEngine

__all__ = ["build_engine", "stderr_console", "terminal_progress"]

#: At most this many load problems are printed; the rest are counted.
_MAX_PROBLEMS = 10


def stderr_console() -> Console:
    return Console(stderr=True, soft_wrap=True, highlight=False)


def build_engine(
    kb: Path | None = None, *, dense: bool = True, settings: Settings | None = None
) -> SearchEngine:
    """The engine over ``kb`` (or the configured / starter knowledge base).

    ``dense=False`` skips the encoders: enough for suggestions, which only look at titles and tags.
    """
    from kefu.search.engine import EngineConfig, SearchEngine

    settings = settings or load_settings()
    console = stderr_console()
    articles = _load(kb if kb is not None else settings.kb_dir, console).articles
    names = tuple(settings.search_encoders) if dense else ()
    config = EngineConfig(
        encoders=names,
        vector_cache=settings.vector_cache(),
        encoder_threads=settings.encoder_threads,
    )
    with terminal_progress(console) as bar:
        if bar is None:
            encoders = _encoders(names, settings.encoder_threads)
            return SearchEngine.build(articles, config, encoders=encoders)
        loading = bar.add_task("load encoders 加载模型", total=None)
        encoders = _encoders(names, settings.encoder_threads)
        bar.remove_task(loading)
        return SearchEngine.build(articles, config, encoders=encoders, progress=_ProgressBar(bar))


def _load(kb_dir: Path | None, console: Console) -> LoadResult:
    # The problems are printed below; the loader's log lines would only repeat them.
    with quiet(logging.getLogger("kefu.kb")):
        result = load_default(kb_dir)
    _print_problems(console, result.problems)
    if not result.articles:
        where = kb_dir or "the starter help center"
        raise InvalidInput(
            f"no usable article in {where}: run `kefu kb check` to see what to fix",
            f"{where} 中没有可用的文章：请运行 `kefu kb check` 查看需要修改的地方",
            code="kb_empty",
        )
    return result


def _print_problems(console: Console, problems: list[Problem]) -> None:
    for problem in problems[:_MAX_PROBLEMS]:
        label = "skipped" if problem.is_error else "warning"
        console.print(Text(f"{label}: {problem.file}: {problem.message_en} / {problem.message_zh}", "yellow"))
    if len(problems) > _MAX_PROBLEMS:
        more = len(problems) - _MAX_PROBLEMS
        console.print(
            Text(f"… {more} more: run `kefu kb check` / 另有 {more} 个问题，请运行 `kefu kb check`", "yellow")
        )


def _encoders(names: tuple[str, ...], threads: int) -> dict[str, Encoder]:
    from kefu.search.dense import make_encoder

    encoders: dict[str, Encoder] = {}
    for name in names:
        try:
            encoders[name] = make_encoder(name, threads)
        except ValueError as error:
            raise InvalidInput(
                f"KEFU_SEARCH_ENCODERS: {error}",
                f"KEFU_SEARCH_ENCODERS 设置有误：未知的编码器 {name!r}（可选：use、e5）",
                code="unknown_encoder",
            ) from error
    return encoders


@contextmanager
def terminal_progress(console: Console) -> Iterator[Progress | None]:
    """A transient progress display when ``console`` is a terminal; ``None`` for a pipe or a file."""
    if not console.is_terminal:
        yield None
        return
    bar = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    with bar:
        yield bar


class _ProgressBar:
    """Adapts the engine's ``progress(stage, advance, total)`` callback to one rich task per stage.

    A stage runs once per locale with that locale's total, so a finished stage that reports again grows.
    """

    _LABELS: ClassVar[dict[str, str]] = {"analyse": "index 建立索引"}

    def __init__(self, bar: Progress) -> None:
        self._bar = bar
        self._tasks: dict[str, TaskID] = {}
        self._total: dict[str, int] = {}
        self._done: dict[str, int] = {}

    def __call__(self, stage: str, advance: int, total: int) -> None:
        if stage not in self._tasks:
            label = self._LABELS.get(stage, stage.replace("encode", "encode 编码"))
            self._tasks[stage] = self._bar.add_task(label, total=0)
            self._total[stage] = self._done[stage] = 0
        if self._done[stage] >= self._total[stage]:
            self._total[stage] += total
        self._done[stage] += advance
        self._bar.update(self._tasks[stage], total=self._total[stage], completed=self._done[stage])
