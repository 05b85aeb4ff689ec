"""Cases: service cases (C…), formal complaints (CP…) and payment disputes (D…), their statuses,
business-day deadlines, and the escalation ladder (senior review → complaint → outside bodies).

records     Case, CaseEvent, CaseNumberSequence (tables ``case``, ``case_event``, ``case_number_sequence``)
numbers     next_number (one atomic upsert per number), parse_number
states      statuses and the allowed moves as data; check_move
deadlines   promised days (data/deadlines.yaml) and the business-day arithmetic on them
access      Viewer (the acting or looking party), can_view_case, check_case_access
lookup      case_by_number, case_by_id, cases_of_customer, cases_by_phone, cited_case
lifecycle   open_case, start_work, assign_case, ask_customer, add_information, reply, resolve, close, reopen
escalation  escalate_case (senior review), previous_handlers, check_reviewer
complaints  file_complaint, extend_complaint, extend_dispute, final_response, external_channels
timers      close_stale, close_answered, overdue (for the scheduler)
timeline    record_event, timeline, CHANNELS
"""

from __future__ import annotations

from kefu.cases.access import SYSTEM, Viewer, can_view_case, check_case_access
from kefu.cases.complaints import (
    ExternalChannel,
    FinalResponse,
    extend_complaint,
    extend_dispute,
    external_channels,
    file_complaint,
    final_response,
)
from kefu.cases.escalation import escalate_case
from kefu.cases.lifecycle import (
    add_information,
    ask_customer,
    assign_case,
    close,
    open_case,
    reopen,
    reply,
    resolve,
    start_work,
)
from kefu.cases.lookup import case_by_id, case_by_number, cases_by_phone, cases_of_customer
from kefu.cases.records import Case, CaseEvent
from kefu.cases.timeline import timeline
from kefu.cases.timers import close_answered, close_stale, overdue

__all__ = [
    "SYSTEM",
    "Case",
    "CaseEvent",
    "ExternalChannel",
    "FinalResponse",
    "Viewer",
    "add_information",
    "ask_customer",
    "assign_case",
    "can_view_case",
    "case_by_id",
    "case_by_number",
    "cases_by_phone",
    "cases_of_customer",
    "check_case_access",
    "close",
    "close_answered",
    "close_stale",
    "escalate_case",
    "extend_complaint",
    "extend_dispute",
    "external_channels",
    "file_complaint",
    "final_response",
    "open_case",
    "overdue",
    "reopen",
    "reply",
    "resolve",
    "start_work",
    "timeline",
]
