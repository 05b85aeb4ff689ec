"""Quoted replies: keep only what the sender wrote now, not the thread their mail program appended."""

from __future__ import annotations

import re

__all__ = ["trim_quoted"]

#: A line where the quoted thread starts (Gmail/Apple "On … wrote:", Outlook, Chinese clients).
_MARKERS = (
    re.compile(r"^on\b.{0,300}\bwrote:\s*$", re.IGNORECASE),
    re.compile(r"^-{2,}\s*original message\s*-{2,}", re.IGNORECASE),
    re.compile(r"^-{2,}\s*(原始邮件|原邮件)\s*-{2,}"),
    re.compile(r"^在.{0,300}写道\s*[：:]\s*$"),
    re.compile(r"^发件人\s*[:：]"),
    re.compile(r"^from:\s.+$", re.IGNORECASE),
    re.compile(r"^_{10,}\s*$"),
)


def trim_quoted(text: str) -> str:
    """``text`` up to the first quote marker, without trailing ``>`` lines; all of it if that leaves
    nothing (a forward with no note of its own is better kept whole than dropped)."""
    lines = text.splitlines()
    cut = len(lines)
    for index, line in enumerate(lines):
        stripped = line.strip()
        # "On Tue, 24 Nov 2026, Alice <a@example.com>\nwrote:" is often wrapped onto two lines
        joined = f"{stripped} {lines[index + 1].strip()}" if index + 1 < len(lines) else stripped
        marked = any(marker.match(stripped) or marker.match(joined) for marker in _MARKERS)
        # an English "From:" line only starts a quote when Outlook's "Sent:"/"To:"/"Subject:" follow it
        if marked and (not stripped.lower().startswith("from:") or _is_header_block(lines, index)):
            cut = index
            break
    kept = lines[:cut]
    while kept and (not kept[-1].strip() or kept[-1].lstrip().startswith(">")):
        kept.pop()
    result = "\n".join(kept).strip()
    return result or text.strip()


def _is_header_block(lines: list[str], index: int) -> bool:
    following = " ".join(line.strip().lower() for line in lines[index + 1 : index + 4])
    return any(word in following for word in ("sent:", "date:", "subject:", "to:"))
