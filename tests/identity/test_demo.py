"""The demo customers: two languages of names, real-looking contacts, upserted (twice is once)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from kefu.identity.demo import demo_customer, demo_customers, ensure_demo_customers
from kefu.identity.records import Customer
from kefu.store import Database


def test_the_demo_customers_have_both_names_and_one_speaks_english() -> None:
    customers = demo_customers()
    assert 2 <= len(customers) <= 3
    assert all(c.names.get("zh-CN") and c.names.get("en") for c in customers)
    assert {c.locale for c in customers} == {"zh-CN", "en"}
    assert len({c.external_id for c in customers}) == len(customers)
    assert all(c.transactions for c in customers)
    assert demo_customer("demo-emily-carter") is not None
    assert demo_customer("someone-else") is None and demo_customer(None) is None


def test_names_and_times_read_in_each_language() -> None:
    emily = demo_customer("demo-emily-carter")
    assert emily is not None
    assert emily.full_name == "Emily Carter 柯艾米"
    first = emily.transactions[0]
    assert first.merchant_in("zh-CN").startswith("星巴克") and first.merchant_in("en").startswith("Starbucks")
    assert first.local_time(date(2026, 11, 9)) == "2026-11-09 10:41"


def test_ensure_demo_customers_upserts(database: Database) -> None:
    with database.session() as session:
        created = ensure_demo_customers(session)
        assert [c.external_id for c in created] == [c.external_id for c in demo_customers()]
        created[0].email = "changed@example.com"
    with database.session() as session:
        ensure_demo_customers(session)
        assert session.scalar(select(func.count()).select_from(Customer)) == len(demo_customers())
        zhang = session.scalars(select(Customer).where(Customer.external_id == "demo-zhang-min")).one()
        assert zhang.email == "zhang.min@example.com"  # put back
        assert zhang.name == "张敏 Zhang Min" and zhang.locale == "zh-CN" and zhang.phone == "+8613800138001"
        emily = session.scalars(select(Customer).where(Customer.external_id == "demo-emily-carter")).one()
        assert emily.locale == "en"
