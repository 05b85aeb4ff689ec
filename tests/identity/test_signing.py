"""Signed identity: the wallet backend's HMAC over the customer's wallet id."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from sqlalchemy.orm import Session

from kefu.errors import PermissionDenied, Unavailable
from kefu.identity.customers import upsert_customer
from kefu.identity.signing import sign, signed_customer, verify

SECRET = "wallet-shared-secret"


def test_sign_is_hex_hmac_sha256() -> None:
    expected = hmac.new(SECRET.encode(), b"w-1001", hashlib.sha256).hexdigest()
    assert sign(SECRET, "w-1001") == expected
    assert len(expected) == 64


def test_verify_accepts_its_own_signature_in_either_case() -> None:
    signature = sign(SECRET, "w-1001")
    assert verify(SECRET, "w-1001", signature)
    assert verify(SECRET, "w-1001", signature.upper())
    assert verify(SECRET, "w-1001", f" {signature} ")


def test_verify_signs_non_ascii_ids() -> None:
    assert verify(SECRET, "客户-七", sign(SECRET, "客户-七"))


def test_wrong_secret_fails() -> None:
    assert not verify(SECRET, "w-1001", sign("another-secret", "w-1001"))


def test_wrong_id_fails() -> None:
    assert not verify(SECRET, "w-1002", sign(SECRET, "w-1001"))


def test_tampered_signature_fails() -> None:
    signature = sign(SECRET, "w-1001")
    flipped = ("0" if signature[0] != "0" else "1") + signature[1:]
    assert not verify(SECRET, "w-1001", flipped)
    assert not verify(SECRET, "w-1001", signature[:-1])
    assert not verify(SECRET, "w-1001", signature + "0")


@pytest.mark.parametrize("signature", ["", "not-hex-at-all", "zz" * 32, "签名" * 16])
def test_non_hex_fails(signature: str) -> None:
    assert not verify(SECRET, "w-1001", signature)


def test_empty_secret_never_verifies() -> None:
    assert not verify("", "w-1001", sign("", "w-1001"))


def test_signed_customer_needs_a_secret(session_db: Session) -> None:
    with pytest.raises(Unavailable) as raised:
        signed_customer(session_db, None, "w-1001", sign(SECRET, "w-1001"))
    assert raised.value.code == "identity_not_configured"


@pytest.mark.parametrize(
    ("external_id", "signature"), [(None, "ab"), ("w-1001", None), ("", ""), ("w-1001", "ab")]
)
def test_signed_customer_refuses_missing_or_wrong_signatures(
    session_db: Session, external_id: str | None, signature: str | None
) -> None:
    with pytest.raises(PermissionDenied):
        signed_customer(session_db, SECRET, external_id, signature)


def test_signed_customer_finds_or_creates_the_customer(session_db: Session) -> None:
    known = upsert_customer(session_db, external_id="w-known", locale="en")
    assert signed_customer(session_db, SECRET, "w-known", sign(SECRET, "w-known")).id == known.id
    created = signed_customer(session_db, SECRET, "w-new", sign(SECRET, "w-new"))
    assert created.external_id == "w-new"
    assert created.locale == "zh-CN"
