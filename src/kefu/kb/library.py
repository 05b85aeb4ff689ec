"""The knowledge base in the database: import a directory, export it back, load the articles to serve.

Every verb works in the caller's :class:`~sqlalchemy.orm.Session` and never commits: the caller's
``Database.session()`` block is the one transaction, so an import happens whole or not at all. A row keeps
its file's exact text and relative path, so :func:`export_directory` writes back the bytes that were
imported, and :func:`load_articles` runs the same checks on those texts as loading the directory would
(:func:`~kefu.kb.loader.load_texts`). Every change bumps ``kb_state.revision``, which server processes
poll to know when to rebuild search.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from sqlalchemy import String, func, select, text, update
from sqlalchemy.orm import Session

from kefu.errors import ArticleError, Conflict, InvalidInput, KefuError
from kefu.kb.loader import LoadResult, article_files, load_texts, read_article, starter_dir
from kefu.kb.model import Article
from kefu.kb.parse import parse_filename
from kefu.kb.problems import Problem
from kefu.kb.records import ArticleRecord, KbState

__all__ = [
    "ImportReport",
    "article_count",
    "ensure_articles",
    "export_directory",
    "import_directory",
    "kb_revision",
    "load_articles",
]

#: The PostgreSQL advisory lock that serialises writers of the knowledge base (any fixed 64-bit number).
_LOCK_KEY = 0x6B6566756B62  # "kefukb"

#: Names the stored articles in the one problem reported when there are none.
_ORIGIN = "database"

#: At most this many clashing files are named when an export refuses to overwrite.
_MAX_NAMED = 5


@dataclass(slots=True)
class ImportReport:
    """What an import did, as ``slug.locale`` entries, and every problem found in the directory."""

    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)

    @property
    def ok(self) -> bool:
        """True when no file was refused."""
        return not any(problem.is_error for problem in self.problems)


@dataclass(frozen=True, slots=True)
class _File:
    name: str  # as found, like load_directory names it: problems and Article.source use it
    path: str  # relative to the imported directory, forward slashes
    source: str  # the text, BOM and line endings kept


def import_directory(
    session: Session, directory: Path, *, skip_invalid: bool = False, prune: bool = False
) -> ImportReport:
    """Store every article file under ``directory`` (the files :func:`~kefu.kb.loader.load_directory`
    reads), checked as it checks them.

    When a file has an error, nothing is written unless ``skip_invalid``, which stores the others. A row
    is updated when its file's bytes (or its place in the directory) changed. ``prune`` deletes the rows
    of articles that have no file any more; a file that is there but broken keeps its stored version.
    A directory with no usable article writes nothing. :class:`~kefu.errors.NotFound` when ``directory``
    does not exist.
    """
    found = article_files(directory)
    files, problems = _read(found, directory)
    checked = load_texts(((file.name, file.source) for file in files), origin=str(directory))
    by_name = {file.name: file for file in files}
    articles: list[tuple[Article, _File]] = []
    for article in checked.articles:
        problem = _unstorable(article, by_name[article.source])
        if problem is None:
            articles.append((article, by_name[article.source]))
        else:
            checked.problems.append(problem)
    report = ImportReport(problems=problems + checked.problems)
    if not articles or (not report.ok and not skip_invalid):
        return report
    _lock(session)
    stored = {(row.slug, row.locale): row for row in session.scalars(select(ArticleRecord))}
    for article, file in articles:
        _store(session, stored.get(article.key), article, file, report)
    if prune:
        for key in sorted(stored.keys() - _named_keys(found)):
            session.delete(stored[key])
            report.removed.append(_entry(*key))
    if report.changed:
        _bump_revision(session)
    session.flush()
    return report


def export_directory(session: Session, directory: Path, *, overwrite: bool = False) -> int:
    """Write every stored article to ``directory / path``, byte for byte as imported; how many.

    :class:`~kefu.errors.Conflict` (nothing written) when a file there has other content, unless
    ``overwrite``; files that are already the same, and files of no stored article, are left alone.
    """
    rows = session.execute(select(ArticleRecord.path, ArticleRecord.source).order_by(ArticleRecord.path))
    targets = [(directory / _relative(path), source.encode("utf-8")) for path, source in rows]
    pending = [(target, data) for target, data in targets if not _holds(target, data)]
    clashes = [target for target, _ in pending if target.exists()]
    if clashes and not overwrite:
        raise _clash(directory, clashes)
    for target, data in pending:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
        except OSError as error:
            raise KefuError(
                f"cannot write {target} ({error.strerror or error})",
                f"无法写入 {target}（{error.strerror or error}）",
                code="export_failed",
            ) from error
    return len(targets)


def load_articles(session: Session) -> LoadResult:
    """Every stored article, exactly as loading the exported directory would give it (sections, see-also
    links, problems; ``source`` is the stored relative path)."""
    rows = session.execute(
        select(ArticleRecord.path, ArticleRecord.source).order_by(ArticleRecord.slug, ArticleRecord.locale)
    )
    return load_texts(((path, source) for path, source in rows), origin=_ORIGIN)


def kb_revision(session: Session) -> int:
    """The knowledge base's revision: 0 before the first import, then one more with every change."""
    return session.scalar(select(KbState.revision).where(KbState.id == 1)) or 0


def article_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(ArticleRecord)) or 0


def ensure_articles(session: Session, kb_dir: Path | None) -> ImportReport | None:
    """On first start: import ``kb_dir`` (else the bundled starter), skipping bad files, when no article
    is stored; None when there already are articles."""
    _lock(session)  # two workers starting together: the second waits, then finds the articles
    if article_count(session):
        return None
    return import_directory(session, kb_dir if kb_dir is not None else starter_dir(), skip_invalid=True)


def _read(found: list[Path], directory: Path) -> tuple[list[_File], list[Problem]]:
    files: list[_File] = []
    problems: list[Problem] = []
    for file in found:
        try:
            source = read_article(file, keep_bom=True)
        except ArticleError as error:
            problems.append(Problem(error.path, error.message_en, error.message_zh, "error"))
            continue
        if "\x00" in source:  # PostgreSQL text cannot hold NUL; refuse it on every backend alike
            problems.append(Problem(str(file), *_NUL, "error"))
            continue
        files.append(_File(str(file), file.relative_to(directory).as_posix(), source))
    return files, problems


_NUL = (
    "the file contains a NUL character (byte 0): save it as plain UTF-8 text",
    "文件中含有 NUL 字符（字节 0）：请另存为纯 UTF-8 文本",
)


def _unstorable(article: Article, file: _File) -> Problem | None:
    """An error when a value is longer than its column (PostgreSQL refuses it; SQLite would not)."""
    for column, value in (("slug", article.slug), ("title", article.title), ("path", file.path)):
        limit = _length(column)
        if limit and len(value) > limit:
            return Problem(
                file.name,
                f"the {column} is too long ({len(value)} characters; at most {limit}): shorten it",
                f"{column} 过长（{len(value)} 个字符，最多 {limit} 个）：请缩短",
                "error",
            )
    return None


def _length(column: str) -> int:
    kind = ArticleRecord.__table__.columns[column].type
    return (kind.length or 0) if isinstance(kind, String) else 0


def _store(
    session: Session, row: ArticleRecord | None, article: Article, file: _File, report: ImportReport
) -> None:
    # Strict UTF-8 decoding is lossless, so these are the file's bytes and exactly what an export writes.
    digest = hashlib.sha256(file.source.encode("utf-8")).hexdigest()
    entry = _entry(*article.key)
    if row is None:
        row = ArticleRecord(slug=article.slug, locale=article.locale)
        session.add(row)
        report.added.append(entry)
    elif row.content_hash == digest and row.path == file.path:
        report.unchanged.append(entry)
        return
    else:
        report.updated.append(entry)
    row.title = article.title
    row.category = article.category
    row.tags = list(article.tags)
    row.translation_key = article.translation_key
    row.path = file.path
    row.source = file.source
    row.content_hash = digest


def _named_keys(found: list[Path]) -> set[tuple[str, str]]:
    """(slug, locale) of every well-named file, usable or not."""
    keys: set[tuple[str, str]] = set()
    for file in found:
        try:
            keys.add(parse_filename(file))
        except ArticleError:
            continue
    return keys


def _entry(slug: str, locale: str) -> str:
    return f"{slug}.{locale}"


def _lock(session: Session) -> None:
    """Make this transaction the knowledge base's only writer until it ends.

    Without it, two processes could both find no article (or the same stored rows) and both insert; one
    would then fail on the unique (slug, locale). SQLite has one writer at a time: a write statement,
    even one that changes nothing, takes that lock (waiting for the busy timeout) before we read.
    """
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        session.execute(select(func.pg_advisory_xact_lock(_LOCK_KEY)))
    elif dialect == "sqlite":
        session.execute(text("UPDATE kb_state SET revision = revision WHERE id = 1"))


def _bump_revision(session: Session) -> None:
    bumped = session.execute(
        update(KbState).where(KbState.id == 1).values(revision=KbState.revision + 1).returning(KbState.id)
    ).first()
    if bumped is None:
        session.add(KbState(id=1, revision=1))


def _relative(path: str) -> PurePosixPath:
    relative = PurePosixPath(path)
    if relative.is_absolute() or ".." in relative.parts or not relative.name:
        raise InvalidInput(
            f"stored article path {path!r} is not a relative path inside the directory; "
            "re-import the article from its file",
            f"数据库中的文章路径 {path!r} 不是目录内的相对路径；请从文件重新导入该文章",
            code="bad_article_path",
        )
    return relative


def _holds(target: Path, data: bytes) -> bool:
    try:
        return target.is_file() and target.read_bytes() == data
    except OSError:
        return False


def _clash(directory: Path, clashes: list[Path]) -> Conflict:
    names = ", ".join(str(target.relative_to(directory)) for target in clashes[:_MAX_NAMED])
    if len(clashes) > _MAX_NAMED:
        names += f", … ({len(clashes) - _MAX_NAMED} more)"
    return Conflict(
        f"{len(clashes)} file(s) in {directory} differ from the stored articles ({names}); nothing was "
        "written: export to an empty directory, or overwrite them (kefu kb export --overwrite)",
        f"{directory} 中有 {len(clashes)} 个文件与数据库中的文章不同（{names}）；未写入任何文件："
        "请导出到空目录，或选择覆盖（kefu kb export --overwrite）",
        code="export_conflict",
    )
