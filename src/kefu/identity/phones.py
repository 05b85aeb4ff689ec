"""Phone numbers as people type them → E.164 (``+8613800000000``).

Accepted: ``+86 138 0000 0000``, ``13800000000``, ``0086-138-0000-0000``, full-width digits
(``１３８００００００００``), a mainland landline with its trunk 0 (``021 6000 2025``), and any other
country's number written with ``+`` or ``00``. A number without a country code is read as a mainland
one only when the customer's region is CN; elsewhere the ``+`` is required, since the digits alone are
ambiguous.
"""

from __future__ import annotations

import re
import unicodedata

from kefu.errors import InvalidInput

__all__ = ["normalize_phone"]

_SEPARATORS = re.compile(r"[\s\-().·/]+")
_CN_MOBILE = re.compile(r"1[3-9]\d{9}")
_CN_LANDLINE = re.compile(r"[2-9]\d{8,10}")  # area code without its 0, then the local number
_E164 = re.compile(r"\+[1-9]\d{6,14}")


def normalize_phone(text: str, *, region: str = "CN") -> str:
    """``text`` as E.164, or :class:`~kefu.errors.InvalidInput` saying how to write it."""
    raw = _SEPARATORS.sub("", unicodedata.normalize("NFKC", text or ""))
    if raw.startswith("00"):
        raw = "+" + raw[2:]
    if raw.startswith("+86"):
        return _mainland(raw[3:], text)
    if raw.startswith("+"):
        if _E164.fullmatch(raw):
            return raw
        raise _invalid(text)
    if region.upper() != "CN":
        raise _invalid(text)
    if raw.startswith("0"):
        return _mainland(raw[1:], text)
    if raw.startswith("86") and len(raw) == 13:
        return _mainland(raw[2:], text, landline=False)
    return _mainland(raw, text, landline=False)


def _mainland(national: str, original: str, *, landline: bool = True) -> str:
    """A mainland number; a landline only where its trunk 0 or the country code marks it as one."""
    if _CN_MOBILE.fullmatch(national):
        return "+86" + national
    if landline and _CN_LANDLINE.fullmatch(national):
        return "+86" + national
    raise _invalid(original)


def _invalid(text: str) -> InvalidInput:
    return InvalidInput(
        f"{text!r} is not a phone number we can use. Write a mainland mobile number (13800000000) or "
        "the full international number with its country code (+852 9123 4567).",
        f"“{text}”不是有效的电话号码。请填写中国大陆手机号（如 13800000000），"
        "或带国家/地区代码的完整号码（如 +852 9123 4567）。",
        code="invalid_phone",
    )
