"""Agent passwords: argon2id hashes, and the policy a new password must meet.

Hashing is argon2-cffi's :class:`~argon2.PasswordHasher` (argon2id, RFC 9106's low-memory profile: 64 MiB,
3 passes); the encoded hash carries its parameters, so a hash made with older ones still verifies and
:func:`needs_rehash` says when to replace it (sign-in does, with the password it just checked).

The policy follows NIST SP 800-63B: at least 8 characters and up to 128 (spaces, Chinese, anything), no
composition rules, but not one of the well-known most common passwords (``data/common-passwords.txt``) and
not the username.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from kefu.agents.usernames import normalize_username
from kefu.errors import InvalidInput

__all__ = [
    "HASHER",
    "MAX_PASSWORD",
    "MIN_PASSWORD",
    "check_password",
    "common_passwords",
    "hash_password",
    "needs_rehash",
    "verify_password",
    "waste_a_verification",
]

MIN_PASSWORD = 8
MAX_PASSWORD = 128

#: The hasher for new hashes; tests may swap in cheaper parameters (hashes keep theirs, so old ones verify).
HASHER = PasswordHasher()


def hash_password(password: str) -> str:
    """The argon2id hash of ``password`` in argon2's encoded form (``$argon2id$v=19$m=…``)."""
    return HASHER.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """Whether ``password`` matches ``password_hash`` (a malformed hash matches nothing)."""
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than :data:`HASHER`'s (then hash it again)."""
    try:
        return HASHER.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True


def waste_a_verification(password: str) -> None:
    """Spend what checking a real hash costs: an unknown username answers no faster than a wrong password."""
    verify_password(_dummy_hash(HASHER.time_cost, HASHER.memory_cost, HASHER.parallelism), password)


@cache
def _dummy_hash(time_cost: int, memory_cost: int, parallelism: int) -> str:
    return HASHER.hash("kefu: no such agent")


@cache
def common_passwords() -> frozenset[str]:
    """The refused passwords, lower-case (``data/common-passwords.txt``; ``#`` starts a comment line)."""
    text = files("kefu.agents").joinpath("data/common-passwords.txt").read_text("utf-8")
    lines = (line.strip() for line in text.splitlines())
    return frozenset(line.lower() for line in lines if line and not line.startswith("#"))


def check_password(password: str, *, username: str | None = None) -> None:
    """Refuse a password that is too short, too long, common, or the username (bilingual InvalidInput)."""
    if len(password) < MIN_PASSWORD:
        raise InvalidInput(
            f"The password needs at least {MIN_PASSWORD} characters; a few words make a good one.",
            f"密码太短：请至少使用 {MIN_PASSWORD} 个字符。由几个词组成的短语是不错的选择。",
            code="password_too_short",
        )
    if len(password) > MAX_PASSWORD:
        raise InvalidInput(
            f"The password is too long: use at most {MAX_PASSWORD} characters.",
            f"密码太长：最多 {MAX_PASSWORD} 个字符。",
            code="password_too_long",
        )
    if password.strip().lower() in common_passwords():
        raise InvalidInput(
            "This password is one of the most common ones and is easy to guess: choose another.",
            "该密码是最常见的密码之一，很容易被猜到，请换一个。",
            code="password_too_common",
        )
    if username and normalize_username(password) == normalize_username(username):
        raise InvalidInput(
            "The password must not be the username: choose another.",
            "密码不能与用户名相同，请换一个。",
            code="password_is_username",
        )
