"""The two questions the chat asks about an upload: may this file be sent, and may this many be sent at once.

``check_upload(data, filename)`` sniffs the content (``sniffing``), applies the size limit of that kind,
then re-encodes an image (``images``) or checks a PDF (``pdfs``), and returns a ``CheckedFile``: the bytes to
store and what the ``attachment`` row needs. The uploaded name and Content-Type decide nothing; the name is
only cleaned for display, with the extension of what is stored.

``check_batch(count_images, count_pdfs)`` applies the per-send counts (9 images; see ``data/limits.yaml``)
before any file is read, so a send of 30 photos is refused at once.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Literal

from kefu.attachments import refusals
from kefu.attachments.filenames import clean_filename
from kefu.attachments.images import reencode
from kefu.attachments.limits import Limits, upload_limits
from kefu.attachments.pdfs import check_pdf
from kefu.attachments.sniffing import sniff

__all__ = ["CheckedFile", "check_batch", "check_upload"]


@dataclass(frozen=True)
class CheckedFile:
    kind: Literal["image", "pdf"]
    #: image/jpeg, image/png or application/pdf: what is stored, not what was sent.
    content_type: str
    #: The bytes to store: a re-encoded image, or the checked PDF (trailing bytes dropped).
    data: bytes
    width: int | None
    height: int | None
    #: Cleaned for display, with the extension matching ``content_type``.
    filename: str
    #: SHA-256 (hex) of ``data``.
    sha256: str
    #: ``len(data)``.
    size: int

    @property
    def suffix(self) -> str:
        """The extension to store under (``Storage.put(data, suffix=...)``): .jpg, .png or .pdf."""
        return {"image/jpeg": ".jpg", "image/png": ".png"}.get(self.content_type, ".pdf")


def check_upload(data: bytes, filename: str, *, limits: Limits | None = None) -> CheckedFile:
    """``data`` checked by its content and made safe to store; a bilingual ``InvalidInput`` otherwise.

    CPU-bound (decoding an image can take a few hundred milliseconds): call it from a worker thread in
    async code.
    """
    rules = limits or upload_limits()
    if not data:
        raise refusals.empty()
    fmt = sniff(data)
    if fmt == "pdf":
        if len(data) > rules.pdf.max_bytes:
            raise refusals.too_large(rules.pdf.max_bytes, "pdf")
        checked = check_pdf(data, rules.pdf)
        name = clean_filename(filename, ".pdf", "document")
        return _checked("pdf", "application/pdf", checked, None, None, name)
    if len(data) > rules.images.max_bytes:
        raise refusals.too_large(rules.images.max_bytes, "image")
    image = reencode(data, fmt, rules.images)
    name = clean_filename(filename, image.extension, "image")
    return _checked("image", image.content_type, image.data, image.width, image.height, name)


def check_batch(count_images: int, count_pdfs: int, *, limits: Limits | None = None) -> None:
    """Refuse a send with no file, or with more images, PDFs or files in all than one send may carry."""
    if count_images < 0 or count_pdfs < 0:
        raise ValueError("counts cannot be negative")
    rules = limits or upload_limits()
    if count_images + count_pdfs == 0:
        raise refusals.no_files()
    if (
        count_images > rules.images.per_send
        or count_pdfs > rules.pdf.per_send
        or count_images + count_pdfs > rules.files_per_send
    ):
        raise refusals.too_many(rules.images.per_send, rules.pdf.per_send, rules.files_per_send)


def _checked(
    kind: Literal["image", "pdf"],
    content_type: str,
    data: bytes,
    width: int | None,
    height: int | None,
    filename: str,
) -> CheckedFile:
    return CheckedFile(
        kind=kind,
        content_type=content_type,
        data=data,
        width=width,
        height=height,
        filename=filename,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
    )
