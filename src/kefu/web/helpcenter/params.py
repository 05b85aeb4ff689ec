"""Values the pages take from URLs and forms, checked. Anything that fails a check is ignored (tracking
parameters) or refused with a bilingual message (a vote), never passed on as given."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from kefu.errors import InvalidInput
from kefu.web.helpcenter.strings import translate

__all__ = ["MAX_COMMENT_CHARS", "clean_comment", "local_path", "parse_vote", "valid_rank", "valid_search_id"]

#: As the feedback API allows.
MAX_COMMENT_CHARS = 2000

_SEARCH_ID = re.compile(r"[0-9a-fA-F]{1,32}")
_RANK = re.compile(r"[0-9]{1,3}")
_MAX_RANK = 100


def valid_search_id(value: str | None) -> str | None:
    """A search id as the search page hands it out (hex, at most 32 characters), else None."""
    return value if value and _SEARCH_ID.fullmatch(value) else None


def valid_rank(value: str | None) -> int | None:
    """A result position from 1 to 100, else None."""
    if not value or not _RANK.fullmatch(value):
        return None
    rank = int(value)
    return rank if 1 <= rank <= _MAX_RANK else None


def local_path(value: str | None) -> str | None:
    """``value`` when it is a path on this site (``/...``), else None.

    Refuses what a browser would take to another host: ``//host``, ``/\\host`` (browsers read ``\\`` as
    ``/``), and control characters (browsers drop tabs and newlines, so ``/\\t/host`` becomes ``//host``).
    """
    if not value or not value.startswith("/") or value.startswith("//"):
        return None
    if "\\" in value or any(ord(char) < 0x20 or ord(char) == 0x7F for char in value):
        return None
    parts = urlsplit(value)
    if parts.scheme or parts.netloc:
        return None
    return value


def parse_vote(value: str) -> bool:
    """``yes`` → True, ``no`` → False; anything else is refused."""
    if value == "yes":
        return True
    if value == "no":
        return False
    raise InvalidInput(
        translate("en", "invalid_vote"), translate("zh-CN", "invalid_vote"), code="invalid_vote"
    )


def clean_comment(value: str) -> str:
    """The comment without surrounding space, cut to what the feedback store accepts."""
    return value.strip()[:MAX_COMMENT_CHARS]
