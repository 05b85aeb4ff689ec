"""PDFs: must parse with pypdf, must not be encrypted, must carry no active content, nothing appended.

``check_pdf(data, limits)`` returns the bytes to store: the file up to its last ``%%EOF`` (anything after
it, such as an appended archive or page, is dropped). It refuses:

- ``upload_type_ambiguous``: a ZIP end-of-directory record where ZIP readers look for it (the last 64 KB),
  i.e. a PDF that is also an archive;
- ``pdf_unreadable``: no ``%%EOF``, not parseable, no pages, or more objects than ``max_objects``;
- ``pdf_encrypted``: any ``/Encrypt`` entry (even with an empty password: agents could not search it, and
  its objects could not be checked);
- ``pdf_too_many_pages``;
- ``pdf_active_content``: any of ``refused_names`` (``/JavaScript``, ``/JS``, ``/Launch``,
  ``/EmbeddedFile``, ...) as a key or a value in any object reachable from the trailer. Walking the parsed
  objects rather than searching the bytes also sees names inside compressed object streams and names
  spelt with ``#xx`` escapes (``/J#61vaScript``), and never mistakes compressed page data for a name.

PDFs are not rewritten: a rewrite can break a bank's statement, and the checks above leave nothing
active in it. Serve them as ``application/pdf`` with ``X-Content-Type-Options: nosniff``.
"""

from __future__ import annotations

import io

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

from kefu.attachments import refusals
from kefu.attachments.limits import PdfLimits
from kefu.errors import InvalidInput

__all__ = ["check_pdf"]

#: A ZIP reader looks for the end-of-central-directory record (22 bytes + a comment up to 65,535).
_ZIP_TAIL = 22 + 65_535
_ZIP_END = b"PK\x05\x06"


def check_pdf(data: bytes, limits: PdfLimits) -> bytes:
    """The PDF to store (``data`` through its last ``%%EOF``); raises a bilingual refusal otherwise."""
    trimmed = _through_last_eof(data)
    if _ZIP_END in trimmed[-_ZIP_TAIL:]:
        raise refusals.type_ambiguous()
    reader = _parsed(trimmed)
    if reader.is_encrypted:
        raise refusals.pdf_encrypted()
    pages = _page_count(reader)
    if pages > limits.max_pages:
        raise refusals.pdf_too_many_pages(limits.max_pages)
    found = _refused_names(reader, limits)
    if found:
        raise refusals.pdf_active_content(sorted(found))
    return trimmed


def _through_last_eof(data: bytes) -> bytes:
    end = data.rfind(b"%%EOF")
    if end < 0:
        raise refusals.pdf_unreadable()
    end += len(b"%%EOF")
    if data[end : end + 2] == b"\r\n":
        end += 2
    elif data[end : end + 1] in (b"\n", b"\r"):
        end += 1
    return data[:end]


def _parsed(data: bytes) -> PdfReader:
    try:
        return PdfReader(io.BytesIO(data), strict=False)
    except Exception as error:  # pypdf raises PdfReadError, but also ValueError, KeyError, ... on damage
        raise refusals.pdf_unreadable() from error


def _page_count(reader: PdfReader) -> int:
    try:
        pages = len(reader.pages)
    except Exception as error:
        raise refusals.pdf_unreadable() from error
    if pages == 0:
        raise refusals.pdf_unreadable()
    return pages


def _refused_names(reader: PdfReader, limits: PdfLimits) -> set[str]:
    """Every refused name used anywhere in the document, found by walking its objects from the trailer."""
    try:
        return _walk(reader.trailer, limits)
    except InvalidInput:
        raise
    except Exception as error:  # a broken reference, a damaged object stream, too deep a nesting
        raise refusals.pdf_unreadable() from error


def _walk(root: object, limits: PdfLimits) -> set[str]:
    found: set[str] = set()
    seen: set[tuple[int, int]] = set()
    stack: list[object] = [root]
    visited = 0
    while stack:
        visited += 1
        if visited > limits.max_objects:
            raise refusals.pdf_unreadable()
        item = stack.pop()
        if isinstance(item, IndirectObject):
            reference = (item.idnum, item.generation)
            if reference in seen:
                continue
            seen.add(reference)
            item = item.get_object()
        if isinstance(item, DictionaryObject):  # streams too: their dictionary, not their data
            for key, value in dict.items(item):
                _note(key, limits, found)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            _note(item, limits, found)
    return found


def _note(name: object, limits: PdfLimits, found: set[str]) -> None:
    if isinstance(name, str) and name[1:] in limits.refused_names:
        found.add(name)
