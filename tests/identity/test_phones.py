"""Phone numbers as people type them → E.164."""

from __future__ import annotations

import pytest

from kefu.errors import InvalidInput
from kefu.identity.phones import normalize_phone


@pytest.mark.parametrize(
    ("typed", "e164"),
    [
        ("+86 138 0000 0000", "+8613800000000"),
        ("13800000000", "+8613800000000"),
        ("138-0000-0000", "+8613800000000"),
        ("１３８００００００００", "+8613800000000"),
        ("＋８６ １３８ ００００ ００００", "+8613800000000"),
        ("0086 138 0000 0000", "+8613800000000"),
        ("8613800000000", "+8613800000000"),
        ("021 6000 2025", "+862160002025"),
        ("+852 9123 4567", "+85291234567"),
        ("+1 (415) 555-0100", "+14155550100"),
    ],
)
def test_accepted_forms(typed: str, e164: str) -> None:
    assert normalize_phone(typed) == e164


@pytest.mark.parametrize(
    "typed", ["", "12345", "23800000000", "1380000000", "+86 12 0000 0000", "+0123456", "phone"]
)
def test_refused_forms_say_how_to_write_it_in_both_languages(typed: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        normalize_phone(typed)
    assert "+852" in raised.value.message_en and "手机号" in raised.value.message_zh


def test_outside_the_mainland_the_country_code_is_required() -> None:
    with pytest.raises(InvalidInput):
        normalize_phone("91234567", region="HK")
    assert normalize_phone("+852 9123 4567", region="HK") == "+85291234567"
