"""Case numbers: ``C``/``CP``/``D`` + the Beijing date as yymmdd + a 6-digit sequence that restarts daily.

``C261125000123`` is the 123rd service case received on 25 November 2026 (Beijing time). Each allocation
is one atomic statement on ``case_number_sequence``::

    INSERT INTO case_number_sequence (prefix, day, last) VALUES (:p, :d, 1)
    ON CONFLICT (prefix, day) DO UPDATE SET last = case_number_sequence.last + 1
    RETURNING last

run inside the caller's transaction. PostgreSQL locks the counter row until that transaction ends, so
concurrent openings queue on it and each gets the next value; SQLite takes its single write lock for the
statement. A case that is rolled back leaves a gap, which is harmless (numbers are unique, not dense).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime

from sqlalchemy import Insert
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from kefu.calendar.business import BusinessCalendar
from kefu.cases.deadlines import calendar
from kefu.cases.records import CaseNumberSequence
from kefu.errors import Conflict, InvalidInput

__all__ = ["PREFIXES", "next_number", "parse_number"]

#: The number prefix of each kind of case.
PREFIXES: dict[str, str] = {"case": "C", "complaint": "CP", "dispute": "D"}

_NUMBER = re.compile(r"(CP|C|D)(\d{12})")
_MAX_PER_DAY = 999_999


def next_number(
    session: Session, kind: str, now: datetime, *, business_calendar: BusinessCalendar | None = None
) -> str:
    """The next free number for ``kind`` on ``now``'s Beijing date (uses the caller's transaction)."""
    prefix = PREFIXES[kind]
    cal = business_calendar or calendar()
    day = cal.local_date(now)
    last = session.execute(_allocate(session, prefix, day)).scalar_one()
    if last > _MAX_PER_DAY:
        raise Conflict(
            f"No {prefix} numbers are left for {day.isoformat()}; try again tomorrow.",
            f"{day.isoformat()} 的 {prefix} 编号已用完，请明天再试。",
        )
    return f"{prefix}{day:%y%m%d}{last:06d}"


def parse_number(text: str) -> str:
    """A case number as typed (spaces, lower case, full-width characters) → its canonical form."""
    value = re.sub(r"[\s\-]+", "", unicodedata.normalize("NFKC", text or "")).upper()
    if not _NUMBER.fullmatch(value):
        raise InvalidInput(
            f"{text!r} is not a case number. Case numbers are C, CP or D followed by 12 digits "
            "(for example C261125000042).",
            f"“{text}”不是案件编号。案件编号由 C、CP 或 D 加 12 位数字组成（如 C261125000042）。",
            code="invalid_case_number",
        )
    return value


def _allocate(session: Session, prefix: str, day: date) -> Insert:
    dialect = session.get_bind().dialect.name
    seq = CaseNumberSequence
    if dialect == "postgresql":
        pg = postgresql.insert(seq).values(prefix=prefix, day=day, last=1)
        return pg.on_conflict_do_update(
            index_elements=[seq.prefix, seq.day], set_={"last": seq.last + 1}
        ).returning(seq.last)
    if dialect == "sqlite":
        lite = sqlite.insert(seq).values(prefix=prefix, day=day, last=1)
        return lite.on_conflict_do_update(
            index_elements=[seq.prefix, seq.day], set_={"last": seq.last + 1}
        ).returning(seq.last)
    raise NotImplementedError(f"case numbers need SQLite or PostgreSQL, not {dialect}")
