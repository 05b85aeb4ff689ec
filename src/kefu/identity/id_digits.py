"""The last four characters of a customer's ID number, kept only as a salted scrypt hash.

Callers on the hotline prove who they are partly with these four characters, so kefu must be able to
check them but never show them. Each row gets its own 16-byte random salt and the hash is
``hashlib.scrypt`` (n=2**14, r=8, p=1): with only ~11,000 possible values (digits, and X as a check
character) no hash is unguessable, but scrypt makes each guess cost ~30 ms of memory-hard work per row, and
the per-row salt means every row has to be guessed separately. A server-side secret (a pepper) would add
protection against a stolen database; it arrives with the identity issue's settings.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import unicodedata

from kefu.errors import InvalidInput

__all__ = ["check_id_last4", "hash_id_last4", "normalize_id_last4"]

_N, _R, _P = 2**14, 8, 1
_FOUR = re.compile(r"\d{3}[\dX]")


def normalize_id_last4(text: str) -> str:
    """Four characters: three digits and a digit or X (full-width and lower-case x accepted)."""
    value = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or "")).upper()
    if not _FOUR.fullmatch(value):
        raise InvalidInput(
            "Give the last 4 characters of the ID number: 4 digits, or 3 digits and X.",
            "请填写身份证号码的后 4 位：4 位数字，或 3 位数字加 X。",
            code="invalid_id_last4",
        )
    return value


def hash_id_last4(text: str) -> str:
    """``scrypt$n$r$p$<salt hex>$<hash hex>`` of the normalised four characters, with a fresh salt."""
    salt = os.urandom(16)
    digest = _scrypt(normalize_id_last4(text), salt, _N, _R, _P)
    return f"scrypt${_N}${_R}${_P}${salt.hex()}${digest.hex()}"


def check_id_last4(stored: str | None, text: str) -> bool:
    """Whether ``text`` matches the stored hash (constant-time compare; False when nothing is stored)."""
    if not stored:
        return False
    try:
        value = normalize_id_last4(text)
    except InvalidInput:
        return False
    scheme, n, r, p, salt, digest = stored.split("$")
    if scheme != "scrypt":
        return False
    candidate = _scrypt(value, bytes.fromhex(salt), int(n), int(r), int(p))
    return hmac.compare_digest(candidate.hex(), digest)


def _scrypt(value: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(value.encode(), salt=salt, n=n, r=r, p=p, dklen=32)
