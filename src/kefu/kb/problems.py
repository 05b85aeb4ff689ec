"""What the knowledge-base checker reports: one problem with one file, in both languages."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["Problem", "Severity"]

#: ``error``: the file is not served (or the knowledge base is unusable); ``warning``: served, but fix it.
Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Problem:
    """A problem found while loading a knowledge base; ``file`` is the path as found (or the directory)."""

    file: str
    message_en: str
    message_zh: str
    severity: Severity = "error"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def __str__(self) -> str:
        return f"{self.file}: {self.message_en} / {self.message_zh}"
