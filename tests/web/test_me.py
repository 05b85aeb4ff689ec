"""/api/v1/me: a customer signed in by the wallet app sees and acts on their own cases, never another's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from fastapi.testclient import TestClient

from conftest import BACKENDS, fresh_database_url
from kefu.cases import Viewer, ask_customer, case_by_number, resolve
from kefu.config import Settings, load_settings
from kefu.identity.customers import upsert_customer
from kefu.identity.signing import sign
from kefu.web.app import create_app
from kefu.web.services import Services

SECRET = "test-secret"
AGENT = Viewer.agent("agent-7")


@pytest.fixture(scope="module", params=BACKENDS)
def me_settings(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Settings]:
    directory = tmp_path_factory.mktemp("me")
    with fresh_database_url(request.param, directory) as url:
        yield load_settings(
            data_dir=directory,
            database_url=url,
            search_encoders=[],
            kb_refresh_seconds=0,
            scheduler_tick_seconds=0,
            identity_secret=SECRET,
        )


@pytest.fixture(scope="module")
def me_client(me_settings: Settings) -> Iterator[TestClient]:
    with TestClient(create_app(me_settings), raise_server_exceptions=False) as client:
        yield client


@pytest.fixture
def me_services(me_client: TestClient) -> Services:
    found: Services = me_client.app.state.services  # type: ignore[attr-defined]
    return found


def signed(external_id: str) -> dict[str, str]:
    return {"X-Kefu-Customer": external_id, "X-Kefu-Signature": sign(SECRET, external_id)}


def open_case(client: TestClient, who: str, summary: str = "Paid twice for one order") -> dict[str, object]:
    response = client.post(
        "/api/v1/me/cases", json={"topic": "payment", "summary": summary}, headers=signed(who)
    )
    assert response.status_code == 201, response.text
    body: dict[str, object] = response.json()
    return body


def as_agent(services: Services, number: str, action: str) -> None:
    with services.database.session() as session:
        case = case_by_number(session, number, AGENT)
        if action == "ask":
            ask_customer(session, case, request="Send the receipt, please.", actor=AGENT, channel="console")
        else:
            resolve(session, case, answer="We refunded the second payment.", actor=AGENT, channel="console")


def test_no_headers_is_403(me_client: TestClient) -> None:
    response = me_client.get("/api/v1/me/cases")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "identity_required"
    assert error["message"]["en"] and error["message"]["zh-CN"] != error["message"]["en"]


def test_bad_signature_is_403(me_client: TestClient) -> None:
    headers = {"X-Kefu-Customer": "w-alice", "X-Kefu-Signature": sign(SECRET, "w-bob")}
    response = me_client.get("/api/v1/me/cases", headers=headers)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "identity_invalid"
    forged = {"X-Kefu-Customer": "w-alice", "X-Kefu-Signature": sign("guessed", "w-alice")}
    assert me_client.get("/api/v1/me/cases", headers=forged).status_code == 403


def test_unconfigured_secret_is_503(web_client: TestClient) -> None:
    response = web_client.get("/api/v1/me/cases", headers=signed("w-alice"))
    assert response.status_code == 503
    error = response.json()["error"]
    assert error["code"] == "identity_not_configured"
    assert "not configured" in error["message"]["en"]
    assert "身份验证" in error["message"]["zh-CN"]


def test_open_a_case_and_see_it_listed(me_client: TestClient) -> None:
    created = open_case(me_client, "w-lister")
    number = str(created["number"])
    assert number.startswith("C")
    assert date.fromisoformat(str(created["expected_date"])) >= date.today()
    assert created["status"] == "received"
    assert created["status_name"] == "已受理"  # a new customer's locale is zh-CN
    listed = me_client.get("/api/v1/me/cases", headers=signed("w-lister")).json()
    assert [case["number"] for case in listed] == [number]
    assert listed[0]["expected_date"] == created["expected_date"]
    assert listed[0]["actions"] == created["actions"] == ["add_information"]  # nothing to escalate yet
    assert listed[0]["topic"] == "payment"
    assert me_client.get("/api/v1/me/cases?kind=complaint", headers=signed("w-lister")).json() == []
    assert me_client.get("/api/v1/me/cases?kind=refund", headers=signed("w-lister")).status_code == 422


def test_information_added_shows_in_the_timeline(me_client: TestClient, me_services: Services) -> None:
    number = str(open_case(me_client, "w-informer")["number"])
    as_agent(me_services, number, "ask")
    response = me_client.post(
        f"/api/v1/me/cases/{number}/information",
        json={"text": "Receipt no. 123"},
        headers=signed("w-informer"),
    )
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "in_progress"
    case = me_client.get(f"/api/v1/me/cases/{number}", headers=signed("w-informer")).json()
    events = [(e["kind"], e["who"], e["channel"], e["note"]) for e in case["timeline"]]
    assert events[0] == ("created", "you", "app", "")
    assert ("status_changed", "support", "console", "Send the receipt, please.") in events
    assert events[-1] == ("information_added", "you", "app", "Receipt no. 123")
    assert "agent-7" not in str(case)


def test_a_customer_can_never_reach_another_customers_case(
    me_client: TestClient, me_services: Services
) -> None:
    number = str(open_case(me_client, "w-bob", summary="Bob's private matter")["number"])
    as_agent(me_services, number, "resolve")
    alice = signed("w-alice")
    never_issued = me_client.get("/api/v1/me/cases/C991231999999", headers=alice)
    assert never_issued.status_code == 404
    attempts = [
        me_client.get(f"/api/v1/me/cases/{number}", headers=alice),
        me_client.post(f"/api/v1/me/cases/{number}/information", json={"text": "x"}, headers=alice),
        me_client.post(f"/api/v1/me/cases/{number}/escalate", json={"reason": "x"}, headers=alice),
        me_client.post(f"/api/v1/me/cases/{number}/reopen", json={"text": "x"}, headers=alice),
        me_client.get(f"/api/v1/me/cases/{number}/file", headers=alice),
    ]
    for response in attempts:
        assert response.status_code == 404, response.text
        error = response.json()["error"]
        assert error["code"] == never_issued.json()["error"]["code"] == "case_not_found"
        assert set(error) == set(never_issued.json()["error"])
        assert "Bob" not in response.text
    assert number not in me_client.get("/api/v1/me/cases", headers=alice).text
    # ... and Bob's case is untouched: still Resolved, Bob can still reopen it
    bob = me_client.get(f"/api/v1/me/cases/{number}", headers=signed("w-bob")).json()
    assert bob["status"] == "resolved"
    assert all(event["note"] != "x" for event in bob["timeline"])
    reopened = me_client.post(
        f"/api/v1/me/cases/{number}/reopen", json={"text": "Still charged"}, headers=signed("w-bob")
    )
    assert reopened.status_code == 200, reopened.text
    assert reopened.json()["status"] == "in_progress"


def test_escalating_before_the_due_date_is_409(me_client: TestClient) -> None:
    number = str(open_case(me_client, "w-eager")["number"])
    response = me_client.post(
        f"/api/v1/me/cases/{number}/escalate", json={"reason": "Too slow"}, headers=signed("w-eager")
    )
    assert response.status_code == 409
    error = response.json()["error"]
    assert error["code"] == "not_yet_due"
    assert number in error["message"]["en"] and number in error["message"]["zh-CN"]
    assert error["message"]["zh-CN"] != error["message"]["en"]


def test_escalating_a_disputed_answer(me_client: TestClient, me_services: Services) -> None:
    number = str(open_case(me_client, "w-unhappy")["number"])
    as_agent(me_services, number, "resolve")
    response = me_client.post(
        f"/api/v1/me/cases/{number}/escalate", json={"reason": "Not refunded"}, headers=signed("w-unhappy")
    )
    assert response.status_code == 200, response.text
    assert response.json()["timeline"][-1]["kind"] == "escalated"


def test_file_a_complaint(me_client: TestClient) -> None:
    number = str(open_case(me_client, "w-complainer")["number"])
    response = me_client.post(
        "/api/v1/me/complaints",
        json={
            "topic": "payment",
            "summary": "Nobody answers",
            "desired_outcome": "Refund ¥200",
            "related_case": number,
        },
        headers=signed("w-complainer"),
    )
    assert response.status_code == 201, response.text
    complaint = response.json()
    assert complaint["number"].startswith("CP")
    assert complaint["kind"] == "complaint"
    assert complaint["desired_outcome"] == "Refund ¥200"
    mine = me_client.get("/api/v1/me/cases?kind=complaint", headers=signed("w-complainer")).json()
    assert [c["number"] for c in mine] == [complaint["number"]]


def test_a_complaint_cannot_cite_another_customers_case(me_client: TestClient) -> None:
    number = str(open_case(me_client, "w-carol")["number"])
    response = me_client.post(
        "/api/v1/me/complaints",
        json={"topic": "payment", "summary": "s", "desired_outcome": "o", "related_case": number},
        headers=signed("w-dave"),
    )
    assert response.status_code == 404


def test_the_case_file_is_escaped_html(me_client: TestClient, me_services: Services) -> None:
    summary = "<script>alert('x')</script> & more"
    number = str(open_case(me_client, "w-filer", summary=summary)["number"])
    as_agent(me_services, number, "ask")
    response = me_client.get(f"/api/v1/me/cases/{number}/file", headers=signed("w-filer"))
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["content-disposition"] == f'inline; filename="{number}.html"'
    page = response.text
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; more" in page
    assert number in page
    assert "Send the receipt, please." in page
    assert "处理记录" in page and "<style>" in page  # zh-CN labels, inline CSS


def test_the_case_file_speaks_the_customers_language(me_client: TestClient, me_services: Services) -> None:
    with me_services.database.session() as session:
        upsert_customer(session, external_id="w-english", locale="en")
    number = str(open_case(me_client, "w-english")["number"])
    page = me_client.get(f"/api/v1/me/cases/{number}/file", headers=signed("w-english")).text
    assert "Timeline" in page and "处理记录" not in page
    assert (
        me_client.get(f"/api/v1/me/cases/{number}", headers=signed("w-english")).json()["status_name"]
        == "Received"
    )
