"""The console's case pages over HTTP: queues by role, overdue rows, lookup by number and phone, the case
page, each action form going through its domain verb, refusals that change nothing, CSRF, and the 404 an
agent gets for a case outside their queue."""

from __future__ import annotations

import re
import string
import uuid
from datetime import timedelta

from fastapi.testclient import TestClient
from httpx import Response
from sqlalchemy import func, select

from kefu.agents.audit import recent
from kefu.cases import Case, CaseEvent, Viewer, add_information, assign_case, open_case, overdue
from kefu.cases.complaints import file_complaint
from kefu.identity.customers import upsert_customer
from kefu.store import Database, utcnow
from kefu.web.console.case_strings import CASE_STRINGS
from kefu.web.console.render import TEMPLATES_DIR

from .conftest import MakePerson, Person, csrf_of, sign_in

EN = {"Accept-Language": "en"}
BOSS = Viewer.agent("KF0000", "support", role="supervisor")


# --- helpers ------------------------------------------------------------------------------------------


def _customer(database: Database, phone: str = "+86 138 0000 0001", name: str = "Li Lei") -> int:
    with database.session() as session:
        return upsert_customer(session, external_id=f"w-{uuid.uuid4().hex[:10]}", phone=phone, name=name).id


def _open(database: Database, customer: int, kind: str = "case", days_ago: int = 0, **options: object) -> str:
    """A new case (or complaint, with ``cites``) from the customer, received ``days_ago`` days ago."""
    now = utcnow() - timedelta(days=days_ago)
    with database.session() as session:
        actor = Viewer.customer(customer)
        if kind == "complaint":
            case = file_complaint(
                session,
                customer_id=customer,
                topic="refund",
                summary="The refund was refused.",
                desired_outcome="Refund ¥200.",
                actor=actor,
                channel="app",
                now=now,
                **options,
            )
        else:
            case = open_case(
                session,
                customer_id=customer,
                topic="transfer",
                summary="A transfer has been pending for two days.",
                kind=kind,
                actor=actor,
                channel="app",
                now=now,
                **options,
            )
        return case.number


def _case(database: Database, number: str) -> Case:
    with database.session() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        session.expunge(case)
        return case


def _event_count(database: Database, number: str) -> int:
    with database.session() as session:
        case_id = session.scalar(select(Case.id).where(Case.number == number))
        return int(session.scalar(select(func.count()).where(CaseEvent.case_id == case_id)) or 0)


def _actions(page: str) -> set[str]:
    return set(re.findall(r'data-action="([a-z_]+)"', page))


def _row(page: str, number: str) -> str:
    """The list's row of case ``number`` (its opening tag and cells)."""
    return page.split(f'<tr id="case-{number}"')[1].split("</tr>")[0]


def _post(browser: TestClient, number: str, action: str, **data: str) -> Response:
    return browser.post(f"/console/cases/{number}/{action}", data={"csrf_token": csrf_of(browser), **data})


def _agent(
    browser: TestClient, make_person: MakePerson, role: str = "agent", team: str = "support"
) -> Person:
    person: Person = make_person(role=role, team=team)
    sign_in(browser, person.username)
    return person


# --- queues -------------------------------------------------------------------------------------------


def test_an_agent_sees_their_teams_queue_and_their_own_cases_only(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    agent = _agent(browser, make_person)
    customer = _customer(database)
    mine, complaint = _open(database, customer), _open(database, customer, "complaint")
    dispute = _open(database, customer, "dispute")
    with database.session() as session:
        case = session.scalars(select(Case).where(Case.number == dispute)).one()
        assign_case(session, case, assignee=agent.code, actor=BOSS, channel="console")

    page = browser.get("/console/cases", headers=EN)
    assert page.status_code == 200
    assert f'id="case-{mine}"' in page.text and complaint not in page.text and dispute not in page.text
    assert 'id="queue-support"' in page.text and 'id="queue-mine"' in page.text
    assert 'id="queue-complaints"' not in page.text and 'id="queue-all"' not in page.text
    assert 'href="/console/cases" aria-current="page"' in page.text  # the nav item

    assigned = browser.get("/console/cases", params={"queue": "mine"}, headers=EN)
    assert f'id="case-{dispute}"' in assigned.text and "(me)" in _row(assigned.text, dispute)
    assert browser.get(f"/console/cases/{dispute}").status_code == 200

    refused = browser.get("/console/cases", params={"queue": "complaints"}, headers=EN)
    assert refused.status_code == 403
    assert "The Complaints queue is not yours to see" in refused.text and complaint not in refused.text


def test_a_supervisor_sees_every_queue(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person, role="supervisor")
    customer = _customer(database)
    case, complaint = _open(database, customer), _open(database, customer, "complaint")
    page = browser.get("/console/cases")
    assert (
        'id="queue-all" href="/console/cases?queue=all&amp;status=open&amp;kind=" aria-current="page"'
        in page.text
    )
    for team in ("support", "senior", "complaints", "disputes"):
        assert f'id="queue-{team}"' in page.text
    assert f'id="case-{case}"' in page.text and f'id="case-{complaint}"' in page.text
    complaints = browser.get("/console/cases", params={"queue": "complaints"})
    assert f'id="case-{complaint}"' in complaints.text and f'id="case-{case}"' not in complaints.text
    assert browser.get(f"/console/cases/{complaint}").status_code == 200


def test_filters_by_status_and_kind(browser: TestClient, make_person: MakePerson, database: Database) -> None:
    _agent(browser, make_person, role="admin")
    customer = _customer(database)
    case, dispute, closed = (
        _open(database, customer),
        _open(database, customer, "dispute"),
        _open(database, customer),
    )
    _post(browser, closed, "close")
    disputes = browser.get("/console/cases", params={"queue": "all", "kind": "dispute"}).text
    assert f'id="case-{dispute}"' in disputes and f'id="case-{case}"' not in disputes
    open_ones = browser.get("/console/cases", params={"queue": "all"}).text
    assert f'id="case-{closed}"' not in open_ones
    closed_ones = browser.get("/console/cases", params={"queue": "all", "status": "closed"}).text
    assert f'id="case-{closed}"' in closed_ones and f'id="case-{case}"' not in closed_ones


def test_overdue_cases_are_marked_and_come_first(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person)
    customer = _customer(database)
    late, flagged, fresh = (
        _open(database, customer, days_ago=30),
        _open(database, customer, days_ago=20),
        _open(database, customer),
    )
    with database.session() as session:
        assert flagged in overdue(session)  # the scheduler's sweep flags it (priority up one step)
    page = browser.get("/console/cases", headers=EN).text
    assert 'class="overdue"' in _row(page, late) and "Overdue" in _row(page, late)
    assert 'class="overdue"' in _row(page, flagged) and "High" in _row(page, flagged)
    assert 'class="overdue"' not in _row(page, fresh)
    assert (
        page.index(f'id="case-{late}"')
        < page.index(f'id="case-{flagged}"')
        < page.index(f'id="case-{fresh}"')
    )
    case_page = browser.get(f"/console/cases/{late}", headers=EN).text
    assert (
        'id="case-overdue"' in case_page
        and "overdue" in case_page.split('id="case-due"')[1].split("</dd>")[0]
    )


# --- lookup -------------------------------------------------------------------------------------------


def test_lookup_by_case_number_and_by_phone(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person)
    customer = _customer(database, phone="+86 138 0000 0001")
    number = _open(database, customer)
    complaint = _open(database, customer, "complaint")

    typed = number.lower()[:5] + " " + number[5:]
    found = browser.get("/console/cases", params={"q": typed})
    assert (found.status_code, found.headers["location"]) == (303, f"/console/cases/{number}")

    for phone in ("+86 138 0000 0001", "13800000001", "138-0000-0001"):
        page = browser.get("/console/cases", params={"q": phone}, headers=EN)
        assert page.status_code == 200
        assert "Cases of customers registered with +8613800000001" in page.text
        assert f'id="case-{number}"' in page.text and complaint not in page.text  # not in this agent's view

    hidden = browser.get("/console/cases", params={"q": complaint}, headers=EN)
    never = browser.get("/console/cases", params={"q": "C991231999999"}, headers=EN)
    assert hidden.status_code == never.status_code == 404
    assert 'data-code="case_not_found"' in hidden.text and "We can&#39;t find case" in hidden.text

    nonsense = browser.get("/console/cases", params={"q": "hello"}, headers=EN)
    assert nonsense.status_code == 422 and "neither a case number nor a phone number" in nonsense.text
    assert "既不是案件编号，也不是手机号" in nonsense.text  # both languages
    nobody = browser.get("/console/cases", params={"q": "13999999999"})
    assert nobody.status_code == 200 and 'id="lookup-none"' in nobody.text


# --- the case page ------------------------------------------------------------------------------------


def test_the_case_page_shows_customer_deadline_complaint_and_timeline(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person, team="complaints")
    customer = _customer(database, phone="13800000003", name="Han Meimei")
    cited = _open(database, customer)
    complaint = _open(database, customer, "complaint", cites=cited)
    page = browser.get(f"/console/cases/{complaint}", headers=EN)
    assert page.status_code == 200
    text = page.text
    assert "Han Meimei" in text and "+86138****0003" in text and "13800000003" not in text
    assert "Received</span>" in text and "Complaint · refund" in text and "The refund was refused." in text
    case = _case(database, complaint)
    assert case.due_at is not None and case.ack_due_at is not None
    assert "by the end of " in text and "(Beijing time)" in text
    assert 'id="case-complaint"' in text and "Refund ¥200." in text
    assert '<dd id="case-extensions">0</dd>' in text
    assert f'<a href="/console/cases/{cited}">{cited}</a>' in text  # the complaints team reviews it too
    timeline = text.split('id="case-timeline"')[1]
    assert 'data-kind="complaint_filed"' in timeline and "Customer · Han Meimei" in timeline
    assert "<td>App</td>" in timeline
    assert _actions(text) == {"start", "assign", "reply", "ask", "final_response", "extend", "close"}


def test_an_agent_of_another_team_gets_404(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person, team="disputes")
    number = _open(database, _customer(database))
    hidden = browser.get(f"/console/cases/{number}", headers=EN)
    never = browser.get("/console/cases/C991231999999", headers=EN)
    assert hidden.status_code == never.status_code == 404
    assert 'data-code="case_not_found"' in hidden.text and 'data-code="case_not_found"' in never.text
    assert hidden.text.replace(number, "N").count("We can&#39;t find case N") == 1
    assert "support" not in hidden.text.split('class="panel error-page"')[1]  # nothing about its queue
    before = _event_count(database, number)
    refused = _post(browser, number, "start")
    assert refused.status_code == 404
    assert _event_count(database, number) == before
    assert browser.get("/console/cases/not-a-number").status_code == 404


# --- actions ------------------------------------------------------------------------------------------


def test_the_action_forms_move_the_case_as_the_domain_says(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    agent = _agent(browser, make_person)
    customer = _customer(database)
    number = _open(database, customer)
    assert _actions(browser.get(f"/console/cases/{number}").text) == {
        "start",
        "assign",
        "reply",
        "ask",
        "resolve",
        "close",
    }

    done = _post(browser, number, "start")
    assert (done.status_code, done.headers["location"]) == (303, f"/console/cases/{number}?done=start")
    case = _case(database, number)
    assert (case.status, case.assignee) == ("in_progress", agent.code)
    page = browser.get(f"/console/cases/{number}?done=start", headers=EN).text
    assert 'id="case-done"' in page and "Work started." in page
    assert _actions(page) == {"assign", "reply", "ask", "resolve", "close"}

    assert _post(browser, number, "reply", text="We are checking with the bank.").status_code == 303
    assert _case(database, number).status == "in_progress"
    assert _post(browser, number, "ask", text="Please send the transfer receipt.").status_code == 303
    assert _case(database, number).status == "waiting"
    assert _actions(browser.get(f"/console/cases/{number}").text) == {"assign", "close"}

    with database.session() as session:
        case = session.scalars(select(Case).where(Case.number == number)).one()
        add_information(
            session, case, text="Receipt attached.", actor=Viewer.customer(customer), channel="app"
        )
    assert _post(browser, number, "resolve", text="The bank returned the money.").status_code == 303
    assert _case(database, number).status == "resolved"
    assert _post(browser, number, "close").status_code == 303
    assert _case(database, number).status == "closed"
    page = browser.get(f"/console/cases/{number}", headers=EN).text
    assert 'id="no-actions"' in page
    timeline = page.split('id="case-timeline"')[1]
    assert timeline.count("<td>Console</td>") == 5 and f"{agent.code} (me)" in timeline
    assert "Please send the transfer receipt." in timeline and "Received → In progress" in timeline


def test_assigning_is_audited_and_checks_the_agent(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    agent = _agent(browser, make_person)
    colleague: Person = make_person()
    number = _open(database, _customer(database))
    done = _post(browser, number, "assign", assignee=colleague.code.lower())
    assert done.status_code == 303
    assert _case(database, number).assignee == colleague.code
    with database.session() as session:
        entry = recent(session, action="case_reassigned", subject=number)[0]
        assert (entry.actor, entry.detail) == (f"agent:{agent.code}", {"from": None, "to": colleague.code})

    before = _event_count(database, number)
    unknown = _post(browser, number, "assign", assignee="KF9999")
    assert unknown.status_code == 422
    assert "There is no active agent with the ID KF9999" in unknown.text
    assert _case(database, number).assignee == colleague.code and _event_count(database, number) == before
    with database.session() as session:
        assert len(recent(session, action="case_reassigned", subject=number)) == 1


def test_an_overdue_case_can_be_sent_for_senior_review(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person)
    number = _open(database, _customer(database), days_ago=30)
    fresh = _open(database, _customer(database))
    assert "escalate" not in _actions(browser.get(f"/console/cases/{fresh}").text)  # still within its date
    assert "escalate" in _actions(browser.get(f"/console/cases/{number}").text)
    done = _post(browser, number, "escalate", text="Promised date passed without an answer.")
    # the case leaves the support queue: back to the list, which says it was done
    assert done.headers["location"] == "/console/cases?done=escalate"
    case = _case(database, number)
    assert (case.team, case.status, case.assignee) == ("senior", "in_progress", None)
    assert browser.get(f"/console/cases/{number}").status_code == 404


def test_the_complaints_team_extends_and_answers_a_complaint(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person, team="complaints")
    number = _open(database, _customer(database), "complaint")
    due = _case(database, number).due_at
    assert (
        _post(browser, number, "extend", days="20", text="Waiting for the merchant's records.").status_code
        == 303
    )
    case = _case(database, number)
    assert case.extension_count == 1 and case.due_at > due and case.status == "received"
    too_long = _post(browser, number, "extend", days="31", text="More time.")
    assert too_long.status_code == 409 and _case(database, number).extension_count == 1
    assert _post(browser, number, "extend", days="twenty", text="x").status_code == 422
    assert _post(browser, number, "final_response", text="We refund ¥200.").status_code == 303
    assert _case(database, number).status == "resolved"
    page = browser.get(f"/console/cases/{number}").text
    assert '<dd id="case-extensions">1</dd>' in page and 'data-kind="final_response"' in page


def test_a_refused_action_changes_nothing_and_says_why_in_both_languages(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person, role="supervisor")
    number = _open(database, _customer(database))
    complaint = _open(database, _customer(database), "complaint")
    _post(browser, number, "start")
    before = _event_count(database, number)

    again = _post(browser, number, "start")
    assert again.status_code == 409
    text = again.text
    assert 'id="case-error" data-code="case_state"' in text
    assert "不能开始处理" in text and "so you can&#39;t start work on it" in text
    empty = _post(browser, number, "reply", text="  ")
    assert empty.status_code == 422 and 'data-code="missing_text"' in empty.text
    assert _event_count(database, number) == before and _case(database, number).status == "in_progress"

    wrong_verb = _post(browser, complaint, "resolve", text="Answer.")
    assert wrong_verb.status_code == 409
    assert _case(database, complaint).status == "received"
    unknown = _post(browser, number, "delete")
    assert unknown.status_code == 404 and _event_count(database, number) == before


def test_every_change_needs_the_csrf_token(
    browser: TestClient, make_person: MakePerson, database: Database
) -> None:
    _agent(browser, make_person)
    number = _open(database, _customer(database))
    before = _event_count(database, number)
    for data in ({}, {"csrf_token": "wrong"}):
        refused = browser.post(f"/console/cases/{number}/start", data=data)
        assert refused.status_code == 403 and 'data-code="csrf_failed"' in refused.text
    assert _event_count(database, number) == before and _case(database, number).status == "received"


# --- words --------------------------------------------------------------------------------------------


def _placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def test_both_languages_have_the_same_words() -> None:
    zh, en = CASE_STRINGS["zh-CN"], CASE_STRINGS["en"]
    assert zh.keys() == en.keys()
    assert all(_placeholders(zh[key]) == _placeholders(en[key]) for key in en)
    assert all(text.strip() for table in CASE_STRINGS.values() for text in table.values())
    asked = set()
    for name in ("cases.html", "case.html"):
        asked |= set(re.findall(r"\bs\('([a-z_]+)'", (TEMPLATES_DIR / name).read_text("utf-8")))
    prefixes = {key for key in asked if key.endswith("_")}
    assert asked and not asked - prefixes - en.keys()
    assert all(any(key.startswith(prefix) for key in en) for prefix in prefixes)
