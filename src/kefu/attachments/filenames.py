"""Uploaded file names made safe to show and to send back in a Content-Disposition header.

The name a customer's phone sends is only ever displayed: the bytes are stored under a generated key. Still,
it is cleaned before it is kept:

- only the last path segment (``../../etc/x.jpg`` → ``x.jpg``, ``C:\\photos\\x.jpg`` → ``x.jpg``);
- NFC, no control or format characters (CR/LF, NUL, the right-to-left override that turns
  ``gpj.exe`` around, zero-width characters), none of ``<>:"/\\|?*;``;
- the extension replaced by the one matching the stored content, and the other dots of the stem made
  underscores, so ``invoice.php.jpg`` shows as ``invoice_php.jpg`` and ``IMG_0001.HEIC`` as ``IMG_0001.jpg``;
- at most 80 characters of stem; a name with nothing left becomes ``image`` / ``document``.

``content_disposition`` follows RFC 6266 with RFC 5987's ``filename*=UTF-8''…`` for Chinese names and an
ASCII ``filename="…"`` fallback for old clients.
"""

from __future__ import annotations

import re
import unicodedata
from urllib.parse import quote

__all__ = ["clean_filename", "content_disposition"]

MAX_STEM = 80

_UNSAFE = re.compile(r'[<>:"/\\|?*;]')
_EXTENSION = re.compile(r"\.[A-Za-z0-9]{1,5}$")
_SPACES = re.compile(r"\s+")
_EDGES = " ._-"
#: RFC 5987 attr-char besides letters and digits (``quote`` keeps ``_.-~`` anyway).
_ATTR_CHAR = "!#$&+^`|"


def clean_filename(name: str, extension: str, default: str) -> str:
    """``name`` safe for display, ending in ``extension`` (".jpg"); ``default`` if no stem is left."""
    stem = _visible(name)
    stem = re.split(r"[/\\]", stem)[-1]
    stem = _EXTENSION.sub("", stem)
    stem = _UNSAFE.sub("_", stem).replace(".", "_")
    stem = _SPACES.sub(" ", stem).strip(_EDGES)[:MAX_STEM].strip(_EDGES)
    return (stem or default) + extension


def content_disposition(filename: str, *, inline: bool) -> str:
    """The Content-Disposition header value for serving ``filename`` inline (view) or as a download."""
    disposition = "inline" if inline else "attachment"
    name = _UNSAFE.sub("_", _visible(re.split(r"[/\\]", filename)[-1])).strip() or "attachment"
    fallback = _ascii_fallback(name)
    if fallback == name:
        return f'{disposition}; filename="{fallback}"'
    return f"{disposition}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe=_ATTR_CHAR)}"


def _visible(text: str) -> str:
    """NFC, without control, format, surrogate, private-use or unassigned characters."""
    text = unicodedata.normalize("NFC", text)
    return "".join(char for char in text if not unicodedata.category(char).startswith("C"))


def _ascii_fallback(name: str) -> str:
    """Compatibility-decomposed to ASCII (ＡＢＣ → ABC, é → e); other runs become "_"; "%" too, as some
    clients decode it. A stem with no letter or digit left becomes ``attachment``."""
    decomposed = unicodedata.normalize("NFKD", name)
    chars = [
        c if " " <= c <= "~" and c not in '"\\%' else "_" for c in decomposed if not unicodedata.combining(c)
    ]
    ascii_name = re.sub(r"_+", "_", "".join(chars))
    match = _EXTENSION.search(ascii_name)
    extension = match.group(0) if match else ""
    stem = ascii_name[: len(ascii_name) - len(extension)].strip(_EDGES)
    if not any(char.isalnum() for char in stem):
        stem = "attachment"
    return stem + extension
