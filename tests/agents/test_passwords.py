"""The password policy (length, common passwords, the username) and argon2id hashing with rehash."""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher

from kefu.agents import passwords
from kefu.agents.passwords import (
    MAX_PASSWORD,
    check_password,
    common_passwords,
    hash_password,
    needs_rehash,
    verify_password,
)
from kefu.errors import InvalidInput


@pytest.mark.parametrize(
    "password",
    [
        "tigerpaw",  # 8 lower-case letters: no composition rules
        "x" * MAX_PASSWORD,
        "correct horse battery staple",
        "我的密码是一句诗啊",  # any characters count, one each
        "  spaces around  ",
    ],
)
def test_acceptable_passwords(password: str) -> None:
    check_password(password, username="lina")


@pytest.mark.parametrize(
    ("password", "code"),
    [
        ("", "password_too_short"),
        ("seven77", "password_too_short"),
        ("x" * (MAX_PASSWORD + 1), "password_too_long"),
        ("password", "password_too_common"),
        ("Password123", "password_too_common"),  # case does not help
        ("woaini1314", "password_too_common"),
        ("qwertyuiop", "password_too_common"),
        ("Li.Na.Wang", "password_is_username"),
    ],
)
def test_refused_passwords(password: str, code: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password(password, username="li.na.wang")
    assert refused.value.code == code
    assert refused.value.message_en != refused.value.message_zh  # both languages


def test_the_common_list_is_a_few_hundred_lower_case_entries() -> None:
    common = common_passwords()
    assert len(common) >= 300
    assert all(entry == entry.lower() and entry.strip() == entry for entry in common)
    assert not any(entry.startswith("#") for entry in common)


def test_hashes_are_argon2id_and_verify() -> None:
    hashed = hash_password("blue tea at noon")
    assert hashed.startswith("$argon2id$")
    assert "blue tea" not in hashed
    assert verify_password(hashed, "blue tea at noon")
    assert not verify_password(hashed, "blue tea at noon ")
    assert not verify_password("not a hash", "blue tea at noon")
    assert hash_password("blue tea at noon") != hashed  # salted


def test_a_hash_with_other_parameters_needs_rehash() -> None:
    current = hash_password("blue tea at noon")
    older = PasswordHasher(time_cost=2, memory_cost=2048, parallelism=1).hash("blue tea at noon")
    assert not needs_rehash(current)
    assert needs_rehash(older)
    assert verify_password(older, "blue tea at noon")  # still signs in, then gets rehashed
    assert needs_rehash("garbage")


def test_the_real_hasher_uses_rfc_9106_low_memory_parameters(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.undo()  # the module's own HASHER, not the tests' cheap one
    hasher = passwords.HASHER
    assert (hasher.time_cost, hasher.memory_cost, hasher.parallelism) == (3, 65536, 4)
    assert hasher.type.name == "ID"
