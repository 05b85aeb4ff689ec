"""Customers: created or updated by wallet id, found by phone or id."""

from __future__ import annotations

import pytest
from sqlalchemy.orm import Session

from kefu.errors import InvalidInput, NotFound
from kefu.identity.customers import find_by_phone, get_customer, upsert_customer
from kefu.identity.id_digits import check_id_last4
from kefu.store import Database


def test_a_new_customer_gets_the_defaults_and_a_normalised_phone(database: Database) -> None:
    with database.session() as session:
        customer = upsert_customer(
            session, external_id="w-1", phone="138 0000 0000", name=" 王小明 ", id_last4="1234"
        )
        customer_id = customer.id
    with database.session() as session:
        stored = get_customer(session, customer_id)
        assert (stored.external_id, stored.phone, stored.name) == ("w-1", "+8613800000000", "王小明")
        assert (stored.locale, stored.region, stored.email) == ("zh-CN", "CN", None)
        assert stored.id_last4_hash is not None and "1234" not in stored.id_last4_hash
        assert check_id_last4(stored.id_last4_hash, "1234")
        assert stored.created_at is not None


def test_an_update_changes_only_what_is_given(database: Database) -> None:
    with database.session() as session:
        first = upsert_customer(
            session, external_id="w-2", phone="13800000000", email="a@example.com", locale="en"
        )
        again = upsert_customer(session, external_id=" w-2 ", name="Ann")
        assert again is first
        assert (again.phone, again.email, again.locale, again.name) == (
            "+8613800000000",
            "a@example.com",
            "en",
            "Ann",
        )


def test_invalid_values_are_refused_before_anything_is_written(session_db: Session) -> None:
    for bad in (
        {"phone": "12"},
        {"email": "not-mail"},
        {"locale": "fr"},
        {"region": "China"},
        {"id_last4": "12"},
    ):
        with pytest.raises(InvalidInput):
            upsert_customer(session_db, external_id="w-3", **bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput):
        upsert_customer(session_db, external_id="  ")
    assert find_by_phone(session_db, "13800000000") == []
    with pytest.raises(NotFound):
        get_customer(session_db, 999)


def test_find_by_phone_however_it_is_typed(session_db: Session) -> None:
    a = upsert_customer(session_db, external_id="w-4", phone="+86 139 1111 2222")
    b = upsert_customer(session_db, external_id="w-5", phone="13911112222")  # a shared family phone
    upsert_customer(session_db, external_id="w-6", phone="13911113333")
    assert find_by_phone(session_db, "１３９１１１１２２２２") == [a, b]
    assert find_by_phone(session_db, "13900000000") == []


def test_a_non_mainland_customer_writes_the_country_code(session_db: Session) -> None:
    with pytest.raises(InvalidInput):
        upsert_customer(session_db, external_id="w-7", region="HK", phone="91234567")
    assert (
        upsert_customer(session_db, external_id="w-7", region="hk", phone="+852 9123 4567").phone
        == "+85291234567"
    )
