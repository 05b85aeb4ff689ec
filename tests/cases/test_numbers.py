"""Case numbers: prefix + Beijing yymmdd + 6-digit daily sequence, unique under concurrent creation."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.cases import Case
from kefu.cases.numbers import next_number, parse_number
from kefu.errors import InvalidInput
from kefu.store import Database

from .scenes import bj, make_customer, new_case, new_complaint


def test_each_kind_has_its_prefix_and_c_has_twelve_digits(session: Session, alice: int) -> None:
    now = bj(2026, 11, 25, 10)
    case = new_case(session, alice, now)
    dispute = new_case(session, alice, now, kind="dispute", topic="unauthorized_payment")
    complaint = new_complaint(session, alice, now)
    assert case.number == "C261125000001"
    assert re.fullmatch(r"C\d{12}", case.number)
    assert dispute.number == "D261125000001"
    assert complaint.number == "CP261125000001"


def test_the_sequence_counts_per_prefix_and_restarts_each_beijing_day(session: Session) -> None:
    assert next_number(session, "case", bj(2026, 11, 25, 0, 0)) == "C261125000001"
    assert next_number(session, "case", bj(2026, 11, 25, 12)) == "C261125000002"
    assert next_number(session, "complaint", bj(2026, 11, 25, 12)) == "CP261125000001"
    # 23:59:59 Beijing is 15:59:59 UTC: still the 25th; one second later it is the 26th, back to 1.
    assert next_number(session, "case", bj(2026, 11, 25, 23, 59, 59)) == "C261125000003"
    assert next_number(session, "case", bj(2026, 11, 26, 0, 0, 0)) == "C261126000001"
    assert next_number(session, "case", bj(2026, 11, 26, 9)) == "C261126000002"


@pytest.mark.parametrize(
    ("typed", "canonical"),
    [
        ("C261125000042", "C261125000042"),
        (" c261125 000042 ", "C261125000042"),
        ("ＣＰ２６１１２５０００００１", "CP261125000001"),
    ],
)
def test_numbers_are_read_loosely(typed: str, canonical: str) -> None:
    assert parse_number(typed) == canonical


@pytest.mark.parametrize("typed", ["", "C12345", "X261125000042", "C2611250000421", "CP26112500004"])
def test_malformed_numbers_are_invalid_input_in_both_languages(typed: str) -> None:
    with pytest.raises(InvalidInput) as raised:
        parse_number(typed)
    assert "12" in raised.value.message_en and "12" in raised.value.message_zh


def test_200_cases_opened_at_once_get_200_distinct_numbers(database: Database) -> None:
    with database.session() as session:
        customer = make_customer(session, "w-busy")
    now = bj(2026, 11, 25, 10)
    start = threading.Barrier(20)

    def open_one(index: int) -> str:
        if index < 20:
            start.wait()  # the first twenty leave together, the rest follow as workers free up
        with database.session() as session:
            return new_case(session, customer, now, summary=f"case {index}").number

    with ThreadPoolExecutor(max_workers=20) as pool:
        numbers = list(pool.map(open_one, range(200)))
    assert len(set(numbers)) == 200
    assert sorted(numbers) == [f"C261125{n:06d}" for n in range(1, 201)]
    with database.session() as session:
        assert len(session.scalars(select(Case.number)).all()) == 200
