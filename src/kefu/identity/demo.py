"""Demo customers (``kefu serve --demo``): who the demo wallet at ``/demo`` can sign in as, and their wallet.

``data/demo-customers.yaml`` lists them with names in both languages, phone, e-mail, language, and a
balance with a few recent transactions for the demo wallet page to show. :func:`ensure_demo_customers`
upserts them by wallet id, so the chat and the consoles know their names, numbers and addresses.

Only these wallet ids are ever signed by the demo page; nothing here holds or needs the identity secret.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cache
from importlib.resources import files
from typing import Any
from zoneinfo import ZoneInfo

import yaml
from sqlalchemy.orm import Session

from kefu.identity.customers import upsert_customer
from kefu.identity.records import Customer

__all__ = [
    "DemoCustomer",
    "DemoTransaction",
    "beijing_today",
    "demo_customer",
    "demo_customers",
    "ensure_demo_customers",
]

#: Demo transaction times are Beijing wall-clock times.
_TIME_ZONE = ZoneInfo("Asia/Shanghai")


@dataclass(frozen=True)
class DemoTransaction:
    id: str
    #: payment | transfer | top_up | refund
    type: str
    #: Signed decimal text: "-32.00" spent, "1000.00" received.
    amount: str
    currency: str
    merchant: dict[str, str]
    days_ago: int
    #: "HH:MM", Beijing time.
    at: str
    #: success | pending | failed | refunded
    status: str

    def merchant_in(self, locale: str) -> str:
        return self.merchant.get(locale) or self.merchant.get("en") or ""

    def local_time(self, today: date) -> str:
        """``YYYY-MM-DD HH:MM`` (Beijing), ``days_ago`` days before ``today``."""
        return f"{(today - timedelta(days=self.days_ago)).isoformat()} {self.at}"


@dataclass(frozen=True)
class DemoCustomer:
    external_id: str
    names: dict[str, str]
    phone: str
    email: str
    locale: str
    balance: str
    currency: str
    transactions: tuple[DemoTransaction, ...]

    def name_in(self, locale: str) -> str:
        return self.names.get(locale) or self.names.get("en") or self.external_id

    @property
    def full_name(self) -> str:
        """Both names, the customer's own language first: ``张敏 Zhang Min``, ``Emily Carter 柯艾米``."""
        first = self.name_in(self.locale)
        others = [name for locale, name in self.names.items() if locale != self.locale and name != first]
        return " ".join([first, *others])

    def transaction(self, transaction_id: str) -> DemoTransaction | None:
        return next((t for t in self.transactions if t.id == transaction_id), None)


def beijing_today(now: datetime | None = None) -> date:
    return (now or datetime.now(tz=_TIME_ZONE)).astimezone(_TIME_ZONE).date()


@cache
def demo_customers() -> tuple[DemoCustomer, ...]:
    """The demo customers, in the order the file lists them."""
    text = files("kefu.identity").joinpath("data/demo-customers.yaml").read_text("utf-8")
    data: dict[str, Any] = yaml.safe_load(text)
    return tuple(_customer(entry) for entry in data["customers"])


def demo_customer(external_id: str | None) -> DemoCustomer | None:
    """The demo customer with this wallet id, or None for any other id (real customers included)."""
    return next((c for c in demo_customers() if c.external_id == external_id), None)


def ensure_demo_customers(session: Session) -> list[Customer]:
    """Create or update every demo customer (name, phone, e-mail, language); the rows, in file order."""
    return [
        upsert_customer(
            session,
            external_id=demo.external_id,
            phone=demo.phone,
            email=demo.email,
            name=demo.full_name,
            locale=demo.locale,
        )
        for demo in demo_customers()
    ]


def _customer(entry: dict[str, Any]) -> DemoCustomer:
    return DemoCustomer(
        external_id=str(entry["external_id"]),
        names={str(k): str(v) for k, v in entry["name"].items()},
        phone=str(entry["phone"]),
        email=str(entry["email"]),
        locale=str(entry["locale"]),
        balance=str(entry["balance"]),
        currency=str(entry.get("currency", "CNY")),
        transactions=tuple(
            DemoTransaction(
                id=str(t["id"]),
                type=str(t["type"]),
                amount=str(t["amount"]),
                currency=str(t.get("currency", entry.get("currency", "CNY"))),
                merchant={str(k): str(v) for k, v in t["merchant"].items()},
                days_ago=int(t["days_ago"]),
                at=str(t["at"]),
                status=str(t["status"]),
            )
            for t in entry.get("transactions", [])
        ),
    )
