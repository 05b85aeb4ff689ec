"""The upload limits, read from ``data/limits.yaml``: sizes, counts per send, pixels, pages.

``upload_limits()`` loads the shipped file once; ``parse_limits`` reads any YAML text (tests pass
smaller limits).
A missing or non-positive number is a bilingual ``InvalidInput`` naming the key, so a bad edit fails at
start rather than on the first upload.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any

import yaml

from kefu.errors import InvalidInput

__all__ = ["ImageLimits", "Limits", "PdfLimits", "max_upload_bytes", "parse_limits", "upload_limits"]

_MB = 1024 * 1024


@dataclass(frozen=True)
class ImageLimits:
    per_send: int
    max_bytes: int
    max_pixels: int
    max_side: int
    jpeg_quality: int


@dataclass(frozen=True)
class PdfLimits:
    per_send: int
    max_bytes: int
    max_pages: int
    max_objects: int
    #: PDF names without the slash ("JavaScript", "Launch", ...).
    refused_names: frozenset[str]


@dataclass(frozen=True)
class Limits:
    files_per_send: int
    images: ImageLimits
    pdf: PdfLimits

    @property
    def max_upload_bytes(self) -> int:
        """The largest file any kind allows: what a reader may take before knowing the kind."""
        return max(self.images.max_bytes, self.pdf.max_bytes)


@cache
def upload_limits() -> Limits:
    """The shipped limits (``kefu/attachments/data/limits.yaml``), loaded once."""
    return parse_limits(files("kefu.attachments").joinpath("data/limits.yaml").read_text("utf-8"))


def max_upload_bytes() -> int:
    """The largest upload any kind allows, for ``read_limited`` before the content is known."""
    return upload_limits().max_upload_bytes


def parse_limits(text: str) -> Limits:
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise _bad("(top level)")
    images = _section(data, "images")
    pdf = _section(data, "pdf")
    names = pdf.get("refused_names")
    if not isinstance(names, list) or not all(isinstance(name, str) and name for name in names):
        raise _bad("pdf.refused_names")
    return Limits(
        files_per_send=_positive(data, "files_per_send"),
        images=ImageLimits(
            per_send=_positive(images, "per_send", "images."),
            max_bytes=_positive(images, "max_mb", "images.") * _MB,
            max_pixels=_positive(images, "max_pixels", "images."),
            max_side=_positive(images, "max_side", "images."),
            jpeg_quality=min(95, _positive(images, "jpeg_quality", "images.")),
        ),
        pdf=PdfLimits(
            per_send=_positive(pdf, "per_send", "pdf."),
            max_bytes=_positive(pdf, "max_mb", "pdf.") * _MB,
            max_pages=_positive(pdf, "max_pages", "pdf."),
            max_objects=_positive(pdf, "max_objects", "pdf."),
            refused_names=frozenset(name.lstrip("/") for name in names),
        ),
    )


def _section(data: dict[str, Any], key: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise _bad(key)
    return value


def _positive(data: dict[str, Any], key: str, prefix: str = "") -> int:
    value = data.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        raise _bad(prefix + key)
    return value


def _bad(key: str) -> InvalidInput:
    return InvalidInput(
        f"limits.yaml: {key} is missing or not a positive number.",
        f"limits.yaml：{key} 缺失或不是正数。",
        code="attachment_limits_invalid",
        problems=[key],
    )
