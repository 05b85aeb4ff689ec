"""The bodies of the customer's case API (``/api/v1/me``), which are also its OpenAPI schema.

Built from the domain's :class:`~kefu.cases.Case` and :class:`~kefu.cases.CaseEvent` by the ``from_*``
helpers here, so every route shows a case the same way: status named in the customer's language, the
expected date as a Beijing calendar date, and timeline actors as "you" / "support" / "system" (agent ids
and event details stay inside).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from pydantic import BaseModel, Field

from kefu.cases import Case, CaseEvent
from kefu.cases.deadlines import calendar
from kefu.cases.states import status_name

__all__ = [
    "CaseDetailOut",
    "CaseEventOut",
    "CaseSummaryOut",
    "ComplaintIn",
    "EscalateIn",
    "InformationIn",
    "NewCaseIn",
    "ReopenIn",
    "case_detail",
    "case_summary",
    "who",
]

CaseKind = Literal["case", "complaint", "dispute"]
Who = Literal["you", "support", "system"]


class NewCaseIn(BaseModel):
    topic: str = Field(max_length=64, description="What it is about (payment, refund, account, ...)")
    summary: str = Field(description="What happened, in the customer's words")
    related_transaction: str | None = Field(default=None, max_length=64)


class ComplaintIn(BaseModel):
    topic: str = Field(max_length=64)
    summary: str
    desired_outcome: str = Field(description="What the customer would like us to do")
    related_case: str | None = Field(default=None, description="The case number the complaint is about")
    related_transaction: str | None = Field(default=None, max_length=64)


class InformationIn(BaseModel):
    text: str


class EscalateIn(BaseModel):
    reason: str = Field(description="Why the answer does not solve the problem")


class ReopenIn(BaseModel):
    text: str = Field(description="What is still wrong")


class CaseSummaryOut(BaseModel):
    number: str
    kind: CaseKind
    status: str
    status_name: str = Field(description="The status in the customer's language")
    topic: str
    updated_at: datetime = Field(description="The latest change, UTC")
    expected_date: date = Field(description="The promised answer date (Beijing calendar date)")
    actions: list[str] = Field(
        description="The buttons to show now: add_information, escalate, reopen, close"
    )


class CaseEventOut(BaseModel):
    at: datetime
    kind: str
    channel: str
    who: Who
    note: str


class CaseDetailOut(CaseSummaryOut):
    summary: str
    desired_outcome: str | None
    related_transaction: str | None
    received_at: datetime
    timeline: list[CaseEventOut]


def who(actor: str) -> Who:
    """How the customer sees a timeline actor (a customer only ever sees their own cases)."""
    if actor.startswith("customer:"):
        return "you"
    if actor == "system":
        return "system"
    return "support"


def case_summary(case: Case, locale: str, actions: list[str]) -> CaseSummaryOut:
    return CaseSummaryOut(
        number=case.number,
        kind=case.kind,  # type: ignore[arg-type]  # the column holds one of the three kinds
        status=case.status,
        status_name=status_name(case.status, locale),
        topic=case.topic,
        updated_at=case.updated_at,
        expected_date=calendar().local_date(case.due_at),
        actions=actions,
    )


def case_detail(case: Case, events: list[CaseEvent], locale: str, actions: list[str]) -> CaseDetailOut:
    return CaseDetailOut(
        **case_summary(case, locale, actions).model_dump(),
        summary=case.summary,
        desired_outcome=case.desired_outcome,
        related_transaction=case.related_transaction,
        received_at=case.received_at,
        timeline=[
            CaseEventOut(at=e.at, kind=e.kind, channel=e.channel, who=who(e.actor), note=e.note)
            for e in events
        ],
    )
