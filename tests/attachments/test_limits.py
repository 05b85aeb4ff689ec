"""The limits file says what the help-center article promises, and a bad edit is caught with its key."""

from __future__ import annotations

import pytest

from kefu.attachments import parse_limits, upload_limits
from kefu.errors import InvalidInput

MB = 1024 * 1024


def test_the_shipped_limits_are_the_promised_ones() -> None:
    limits = upload_limits()
    assert (limits.images.per_send, limits.images.max_bytes, limits.pdf.max_bytes) == (9, 10 * MB, 20 * MB)
    assert limits.images.max_pixels < 20_000 * 20_000
    assert {"JavaScript", "JS", "Launch", "EmbeddedFile"} <= limits.pdf.refused_names


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("[]", "(top level)"),
        ("files_per_send: 9\npdf: {}\n", "images"),
        (
            "files_per_send: 9\nimages: {per_send: 0}\npdf: {refused_names: [JS]}\n",
            "images.per_send",
        ),
        ("files_per_send: 9\nimages: {}\npdf: {refused_names: JS}\n", "pdf.refused_names"),
    ],
)
def test_a_bad_limits_file_names_the_key(text: str, key: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        parse_limits(text)
    assert refused.value.code == "attachment_limits_invalid"
    assert refused.value.problems == [key]
