"""``/console/cases``: agents and supervisors work cases: the queues, one case with its whole timeline, and
a form for each thing the agent may do to it now (plain HTML forms, POST + CSRF, no script).

    GET  /console/cases                     the queues: ?queue=<team>|mine|all &status=open|<status>|all
                                            &kind=case|complaint|dispute; ?q= a case number (303 to it) or
                                            a customer's registered phone number (their cases)
    GET  /console/cases/{number}            the case, its customer, timeline and action forms
    POST /console/cases/{number}/{action}   start, assign, ask, reply, resolve, close, escalate, extend,
                                            final_response (CSRF-checked; 303 back to the case, ?done=)

Who sees what is the cases domain's answer (:mod:`kefu.cases.access`): a queue is offered when its cases
are ones the agent may see, every listed case has passed :func:`~kefu.cases.access.may_view`, and a case the
agent may not see is the same 404 as a number never issued. Every change is a domain verb with the channel
"console" (the verbs write the timeline and the customer's notifications). A verb that refuses (Conflict,
PermissionDenied, InvalidInput) rolls the whole transaction back, and the case page says why in both
languages with the matching status (409, 403, 422). What the pages show is shaped in
:mod:`~kefu.web.console.case_views`, in the words of :mod:`~kefu.web.console.case_strings`.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Annotated

from fastapi import Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select
from sqlalchemy.orm import Session

from kefu.agents.accounts import agent_by_code
from kefu.agents.audit import record
from kefu.cases import (
    SYSTEM,
    Case,
    Viewer,
    ask_customer,
    assign_case,
    case_by_id,
    case_by_number,
    cases_by_phone,
    close,
    escalate_case,
    extend_complaint,
    extend_dispute,
    final_response,
    reply,
    resolve,
    start_work,
    timeline,
)
from kefu.cases.access import TEAMS, can_view_case, may_view, not_found
from kefu.cases.escalation import check_escalation_allowed
from kefu.cases.evidence import evidence_of
from kefu.cases.numbers import parse_number
from kefu.cases.states import STATUSES, check_move
from kefu.errors import Conflict, InvalidInput, KefuError, NotFound, PermissionDenied
from kefu.identity.customers import get_customer
from kefu.identity.phones import normalize_phone
from kefu.store import utcnow
from kefu.web.console.auth import CurrentAgent, client_ip, require_csrf
from kefu.web.console.case_strings import both, case_text
from kefu.web.console.case_views import case_row, days_label, due_note, event_rows, masked_phone
from kefu.web.console.render import PRIVATE, render_console, render_refusal
from kefu.web.console.routing import console_routes
from kefu.web.locale import preferred_locale
from kefu.web.services import DbSession

__all__ = ["ACTIONS", "CASES_PATH", "CHANNEL", "LIST_LIMIT", "router"]

router = console_routes()

CASES_PATH = "/console/cases"
#: The channel every change made here is recorded under.
CHANNEL = "console"
#: The most cases one list shows (the most urgent first).
LIST_LIMIT = 200
KINDS = ("case", "complaint", "dispute")
#: The statuses the default filter shows: everything not yet answered.
UNANSWERED = ("received", "in_progress", "waiting")

_STATUS_OF_ERROR: tuple[tuple[type[KefuError], int], ...] = (
    (NotFound, 404),
    (PermissionDenied, 403),
    (Conflict, 409),
    (InvalidInput, 422),
)


# --- what an agent may do ----------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseForm:
    """What an action form sends (besides the CSRF token); each action reads the fields it has."""

    text: str = ""
    assignee: str = ""
    days: str = ""


@dataclass(frozen=True)
class Act:
    """One action being done: who, on which case, with what."""

    session: Session
    case: Case
    viewer: Viewer
    actor: str
    form: CaseForm
    ip: str | None


@dataclass(frozen=True)
class CaseAction:
    """A form on the case page: ``key`` is its URL segment and its strings' suffix."""

    key: str
    #: The form's fields: "text", "assignee", "days".
    fields: tuple[str, ...]
    #: Whether the form is shown: the checks the verb itself runs, asked before it runs.
    allowed: Callable[[Case, Viewer, datetime], bool]
    perform: Callable[[Act], None]
    text_required: bool = True


def _can_move(
    case: Case,
    viewer: Viewer,
    at: datetime,
    *,
    verb: str,
    kinds: tuple[str, ...] = KINDS,
    rule: Callable[[Case, datetime], None] | None = None,
) -> bool:
    """Whether ``states.check_move`` (and the verb's extra ``rule``) let ``viewer`` do ``verb`` now."""
    if case.kind not in kinds:
        return False
    try:
        check_move(case.number, case.status, verb, viewer.party)
        if rule is not None:
            rule(case, at)
    except KefuError:
        return False
    return True


def _may_assign(case: Case, viewer: Viewer, at: datetime) -> bool:
    # assign_case: staff only, any status but closed
    return viewer.party == "agent" and case.status != "closed"


def _may_extend(case: Case, viewer: Viewer, at: datetime) -> bool:
    # extend_complaint / extend_dispute: staff only, a complaint or dispute not yet answered
    return viewer.party == "agent" and case.kind in ("complaint", "dispute") and case.status in UNANSWERED


def _start(act: Act) -> None:
    start_work(act.session, act.case, actor=act.viewer, channel=CHANNEL)


def _assign(act: Act) -> None:
    target = _agent_code(act.session, act.form.assignee)
    before = act.case.assignee
    assign_case(act.session, act.case, assignee=target, actor=act.viewer, channel=CHANNEL)
    detail = {"from": before, "to": act.case.assignee}
    record(act.session, act.actor, "case_reassigned", act.case.number, act.ip, detail)


def _ask(act: Act) -> None:
    ask_customer(act.session, act.case, request=act.form.text, actor=act.viewer, channel=CHANNEL)


def _reply(act: Act) -> None:
    reply(act.session, act.case, text=act.form.text, actor=act.viewer, channel=CHANNEL)


def _resolve(act: Act) -> None:
    resolve(act.session, act.case, answer=act.form.text, actor=act.viewer, channel=CHANNEL)


def _close(act: Act) -> None:
    close(act.session, act.case, reason=act.form.text, actor=act.viewer, channel=CHANNEL)


def _escalate(act: Act) -> None:
    escalate_case(act.session, act.case, reason=act.form.text, actor=act.viewer, channel=CHANNEL)


def _extend(act: Act) -> None:
    extend = extend_dispute if act.case.kind == "dispute" else extend_complaint
    days = _whole_days(act.form.days)
    extend(act.session, act.case, reason=act.form.text, new_days=days, actor=act.viewer, channel=CHANNEL)


def _final_response(act: Act) -> None:
    final_response(act.session, act.case, text=act.form.text, actor=act.viewer, channel=CHANNEL)


#: Every form the case page can show, in display order.
ACTIONS: dict[str, CaseAction] = {
    action.key: action
    for action in (
        CaseAction("start", (), partial(_can_move, verb="start_work"), _start),
        CaseAction("assign", ("assignee",), _may_assign, _assign),
        CaseAction("reply", ("text",), partial(_can_move, verb="reply"), _reply),
        CaseAction("ask", ("text",), partial(_can_move, verb="ask_customer"), _ask),
        CaseAction(
            "resolve", ("text",), partial(_can_move, verb="resolve", kinds=("case", "dispute")), _resolve
        ),
        CaseAction(
            "final_response",
            ("text",),
            partial(_can_move, verb="final_response", kinds=("complaint",)),
            _final_response,
        ),
        CaseAction("extend", ("days", "text"), _may_extend, _extend),
        CaseAction(
            "escalate",
            ("text",),
            partial(_can_move, verb="escalate", rule=check_escalation_allowed),
            _escalate,
        ),
        CaseAction("close", ("text",), partial(_can_move, verb="close"), _close, text_required=False),
    )
}


def _agent_code(session: Session, typed: str) -> str:
    """The code of the active agent ``typed`` names (blank stays blank: assign_case asks for it)."""
    code = unicodedata.normalize("NFKC", typed).strip()
    if not code:
        return ""
    try:
        agent = agent_by_code(session, code)
    except NotFound:
        agent = None
    if agent is None or not agent.active:
        raise InvalidInput(*both("error_no_agent", code=code), code="unknown_agent")
    return agent.code


def _whole_days(typed: str) -> int:
    try:
        return int(unicodedata.normalize("NFKC", typed).strip())
    except ValueError:
        raise InvalidInput(*both("error_days"), code="invalid_days") from None


# --- finding cases -----------------------------------------------------------------------------------


def _visible_case(session: Session, number: str, viewer: Viewer) -> Case:
    """The case if the domain lets ``viewer`` see it, else the same NotFound as a number never issued."""
    try:
        return case_by_number(session, number, viewer)
    except PermissionDenied:
        raise not_found(parse_number(number)) from None
    except InvalidInput:
        raise not_found(number.strip()[:40]) from None


def _sees_queue(viewer: Viewer, team: str) -> bool:
    """Whether ``viewer`` may see an unassigned service case in ``team``'s queue (asked of the domain)."""
    return can_view_case(viewer, Case(team=team, kind="case", assignee=None))


def _queues(viewer: Viewer) -> list[str]:
    """The queues ``viewer`` can open: teams, "mine", and "all" for those who see every team's."""
    teams = [team for team in TEAMS if _sees_queue(viewer, team)]
    return teams + ["mine"] + (["all"] if len(teams) == len(TEAMS) else [])


def _queue_cases(
    session: Session, viewer: Viewer, queue: str, statuses: tuple[str, ...], kind: str
) -> list[Case]:
    """The cases of one queue (a team's, "mine" or "all") by due date; :func:`may_view` keeps the visible."""
    query = select(Case)
    if queue == "mine":
        query = query.where(Case.assignee == viewer.agent_id)
    elif queue != "all":
        query = query.where(Case.team == queue)
    if statuses:
        query = query.where(Case.status.in_(statuses))
    if kind:
        query = query.where(Case.kind == kind)
    found = session.scalars(query.order_by(Case.due_at, Case.id).limit(LIST_LIMIT))
    return [case for case in found if may_view(session, viewer, case)]


@dataclass(frozen=True)
class Lookup:
    """What the search box found: a phone number's cases, or why there is nothing."""

    query: str
    phone: str = ""
    cases: tuple[Case, ...] = ()
    error: KefuError | None = None


def _lookup(session: Session, viewer: Viewer, query: str) -> Case | Lookup:
    """A case number → that case (if visible); a phone number → the visible cases of its customers."""
    try:
        number = parse_number(query)
    except InvalidInput:
        number = None
    if number is not None:
        try:
            return _visible_case(session, number, viewer)
        except NotFound as missing:
            return Lookup(query, error=missing)
    try:
        phone = normalize_phone(query)
    except InvalidInput:
        return Lookup(query, error=InvalidInput(*both("lookup_invalid", query=query), code="invalid_lookup"))
    found = sorted(cases_by_phone(session, phone, viewer), key=lambda case: (case.due_at, case.id))
    return Lookup(query, phone=phone, cases=tuple(found))


def _status_of(error: KefuError) -> int:
    return next((status for kind, status in _STATUS_OF_ERROR if isinstance(error, kind)), 400)


def _refuse(request: Request, error: KefuError) -> HTMLResponse:
    return render_refusal(request, _status_of(error), error.code, error.message_en, error.message_zh)


def _case_url(number: str) -> str:
    return f"{CASES_PATH}/{number}"


def _render_case(
    request: Request,
    session: Session,
    agent: CurrentAgent,
    case: Case,
    *,
    done: str = "",
    error: KefuError | None = None,
    form_action: str = "",
    form: CaseForm | None = None,
) -> HTMLResponse:
    locale = preferred_locale(request)
    s = partial(case_text, locale)
    viewer, now = agent.viewer, utcnow()
    customer = get_customer(session, case.customer_id)
    parent = case_by_id(session, case.parent_id, SYSTEM) if case.parent_id else None
    events = event_rows(timeline(session, case), case, customer.name, viewer, s)
    messages = {"en": error.message_en, "zh-CN": error.message_zh} if error else {}
    return render_console(
        request,
        "case.html",
        agent=agent,
        active="cases",
        status_code=_status_of(error) if error else 200,
        s=s,
        case=case,
        row=case_row(case, viewer, now),
        due_note=due_note(case, now, s),
        customer=customer,
        phone=masked_phone(customer.phone),
        parent=parent,
        parent_visible=parent is not None and may_view(session, viewer, parent),
        events=events,
        evidence=evidence_of(session, case),
        actions=[action for action in ACTIONS.values() if action.allowed(case, viewer, now)],
        days_label=days_label(case, s),
        case_url=_case_url(case.number),
        list_url=CASES_PATH,
        done=done if done in ACTIONS else "",
        error_code=error.code if error else "",
        error_messages=sorted(messages.items(), key=lambda item: item[0] != locale),
        form_action=form_action,
        form=form or CaseForm(),
    )


# --- routes ------------------------------------------------------------------------------------------


@router.get(CASES_PATH)
def cases_page(
    request: Request,
    agent: CurrentAgent,
    session: DbSession,
    queue: str = "",
    status: str = "open",
    kind: str = "",
    q: str = "",
    done: str = "",
) -> Response:
    locale = preferred_locale(request)
    viewer, now = agent.viewer, utcnow()
    queues = _queues(viewer)
    chosen = queue or (viewer.team if viewer.team in queues and "all" not in queues else "all")
    if chosen not in queues:
        return _forbidden_queue(request, chosen)
    statuses = {"open": UNANSWERED, "all": ()}.get(status, (status,) if status in STATUSES else UNANSWERED)
    kind = kind if kind in KINDS else ""
    lookup = _lookup(session, viewer, q.strip()) if q.strip() else None
    if isinstance(lookup, Case):
        return RedirectResponse(_case_url(lookup.number), status_code=303, headers=PRIVATE)
    if lookup is not None:
        cases = list(lookup.cases)
    else:
        cases = _queue_cases(session, viewer, chosen, statuses, kind)
    error = lookup.error if lookup else None
    messages = {"en": error.message_en, "zh-CN": error.message_zh} if error else {}
    return render_console(
        request,
        "cases.html",
        agent=agent,
        active="cases",
        status_code=_status_of(error) if error else 200,
        s=partial(case_text, locale),
        queues=queues,
        queue=chosen,
        status=status if status in ("open", "all", *STATUSES) else "open",
        statuses=STATUSES,
        kind=kind,
        kinds=KINDS,
        q=q,
        lookup=lookup,
        rows=[case_row(case, viewer, now) for case in cases],
        limited=lookup is None and len(cases) >= LIST_LIMIT,
        limit=LIST_LIMIT,
        list_url=CASES_PATH,
        done=done if done in ACTIONS else "",
        error_code=error.code if error else "",
        error_messages=sorted(messages.items(), key=lambda item: item[0] != locale),
    )


def _forbidden_queue(request: Request, queue: str) -> HTMLResponse:
    def name(locale: str) -> str:
        return case_text(locale, f"queue_{queue}") if queue in TEAMS else queue[:40]

    en = case_text("en", "queue_forbidden", queue=name("en"))
    zh = case_text("zh-CN", "queue_forbidden", queue=name("zh-CN"))
    return render_refusal(request, 403, "queue_not_visible", en, zh)


@router.get(CASES_PATH + "/{number}")
def case_page(
    request: Request, number: str, agent: CurrentAgent, session: DbSession, done: str = ""
) -> Response:
    try:
        case = _visible_case(session, number, agent.viewer)
    except NotFound as missing:
        return _refuse(request, missing)
    return _render_case(request, session, agent, case, done=done)


@router.post(CASES_PATH + "/{number}/{action}", dependencies=[Depends(require_csrf)])
def act_on_case(
    request: Request,
    number: str,
    action: str,
    agent: CurrentAgent,
    session: DbSession,
    text: Annotated[str, Form()] = "",
    assignee: Annotated[str, Form()] = "",
    days: Annotated[str, Form()] = "",
) -> Response:
    chosen = ACTIONS.get(action)
    viewer = agent.viewer
    try:
        case = _visible_case(session, number, viewer)
    except NotFound as missing:
        return _refuse(request, missing)
    if chosen is None:
        return render_refusal(request, 404, "unknown_action", *both("unknown_action", action=action[:40]))
    form = CaseForm(text=text, assignee=assignee, days=days)
    try:
        chosen.perform(Act(session, case, viewer, agent.actor, form, client_ip(request)))
        session.flush()
    except KefuError as error:
        session.rollback()  # nothing of a refused action is kept, whatever the verb had begun
        case = _visible_case(session, number, viewer)
        return _render_case(request, session, agent, case, error=error, form_action=action, form=form)
    # an escalated case leaves the agent's queue: back to the list, which says it was done
    target = _case_url(case.number) if may_view(session, viewer, case) else CASES_PATH
    return RedirectResponse(f"{target}?done={action}", status_code=303, headers=PRIVATE)
