"""The last four ID characters: checked against a salted scrypt hash, never stored."""

from __future__ import annotations

import pytest

from kefu.errors import InvalidInput
from kefu.identity.id_digits import check_id_last4, hash_id_last4


def test_the_hash_checks_the_characters_and_never_contains_them() -> None:
    stored = hash_id_last4("123X")
    assert stored.startswith("scrypt$16384$8$1$")
    assert "123X" not in stored and "123x" not in stored
    assert check_id_last4(stored, "123X")
    assert check_id_last4(stored, "１２３ｘ")  # full width, lower case
    assert not check_id_last4(stored, "1234")
    assert not check_id_last4(stored, "nope")
    assert not check_id_last4(None, "123X")


def test_each_hash_has_its_own_salt() -> None:
    assert hash_id_last4("0000") != hash_id_last4("0000")


@pytest.mark.parametrize("typed", ["", "123", "12345", "X123", "12a4"])
def test_malformed_characters_are_refused(typed: str) -> None:
    with pytest.raises(InvalidInput):
        hash_id_last4(typed)
