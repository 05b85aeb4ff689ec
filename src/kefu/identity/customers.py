"""Customers: create or update one from the wallet's data, find them by phone or id.

``upsert_customer`` is how the wallet backend (and, until it syncs, the channels) makes a customer known:
keyed by the wallet's customer id, it creates the row or updates the fields given. A field left as None
keeps what is stored (a channel that only knows the phone must not wipe the e-mail address).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.errors import InvalidInput, NotFound
from kefu.identity.id_digits import hash_id_last4
from kefu.identity.phones import normalize_phone
from kefu.identity.records import Customer

__all__ = ["LOCALES", "find_by_phone", "get_customer", "upsert_customer"]

LOCALES: tuple[str, ...] = ("zh-CN", "en")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_REGION = re.compile(r"[A-Z]{2}")


def upsert_customer(
    session: Session,
    *,
    external_id: str,
    phone: str | None = None,
    email: str | None = None,
    name: str | None = None,
    locale: str | None = None,
    region: str | None = None,
    id_last4: str | None = None,
) -> Customer:
    """The customer with this wallet id, created (locale zh-CN, region CN unless given) or updated.

    Every value is checked before anything is written: the phone becomes E.164, the e-mail must look like
    one, the locale must be zh-CN or en; the ID characters are stored only as a salted hash.
    """
    key = (external_id or "").strip()
    if not key or len(key) > 64:
        raise InvalidInput(
            "A customer needs the wallet's customer id (1–64 characters).", "缺少客户编号（1–64 个字符）。"
        )
    customer = session.scalars(select(Customer).where(Customer.external_id == key)).one_or_none()
    new_region = _region(region) if region is not None else (customer.region if customer else "CN")
    values: dict[str, object] = {}
    if phone is not None:
        values["phone"] = normalize_phone(phone, region=new_region)
    if email is not None:
        values["email"] = _email(email)
    if name is not None:
        values["name"] = name.strip() or None
    if locale is not None:
        values["locale"] = _locale(locale)
    if region is not None:
        values["region"] = new_region
    if id_last4 is not None:
        values["id_last4_hash"] = hash_id_last4(id_last4)
    if customer is None:
        customer = Customer(external_id=key, locale="zh-CN", region="CN")
        session.add(customer)
    for field, value in values.items():
        setattr(customer, field, value)
    session.flush()
    return customer


def find_by_phone(session: Session, phone: str) -> list[Customer]:
    """Every customer registered with this number (however it is typed), oldest first."""
    number = normalize_phone(phone)
    return list(session.scalars(select(Customer).where(Customer.phone == number).order_by(Customer.id)))


def get_customer(session: Session, customer_id: int) -> Customer:
    customer = session.get(Customer, customer_id)
    if customer is None:
        raise NotFound(f"There is no customer {customer_id}.", f"客户 {customer_id} 不存在。")
    return customer


def _email(text: str) -> str | None:
    value = unicodedata.normalize("NFKC", text).strip()
    if not value:
        return None
    if len(value) > 320 or not _EMAIL.fullmatch(value):
        raise InvalidInput(
            f"{text!r} is not an e-mail address (name@example.com).",
            f"“{text}”不是有效的电子邮箱地址（如 name@example.com）。",
            code="invalid_email",
        )
    return value


def _locale(text: str) -> str:
    if text not in LOCALES:
        raise InvalidInput(
            f"Language {text!r} is not supported; use zh-CN or en.",
            f"不支持语言“{text}”，请使用 zh-CN 或 en。",
            code="invalid_locale",
        )
    return text


def _region(text: str) -> str:
    value = text.strip().upper()
    if not _REGION.fullmatch(value):
        raise InvalidInput(
            f"Region {text!r} is not a two-letter country code (CN, HK, ...).",
            f"地区“{text}”不是两位字母的国家/地区代码（如 CN、HK）。",
            code="invalid_region",
        )
    return value
