"""/api/v1/my: the chat pass (cookie or Bearer) reaches the same case verbs as /api/v1/me's signed headers,
with the same answers, and never another customer's case or file."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from kefu.identity.signing import sign
from kefu.web.services import Services

from .conftest import SECRET, as_agent, customer_client, new_wallet_id, png, visitor

MY = "/api/v1/my"


def _signed(wallet_id: str) -> dict[str, str]:
    return {"X-Kefu-Customer": wallet_id, "X-Kefu-Signature": sign(SECRET, wallet_id)}


def _open_case(client: TestClient, summary: str = "Paid twice for one order") -> dict[str, Any]:
    response = client.post(f"{MY}/cases", json={"topic": "payments", "summary": summary})
    assert response.status_code == 201, response.text
    body: dict[str, Any] = response.json()
    return body


def _kinds(case: dict[str, Any]) -> list[str]:
    return [event["kind"] for event in case["timeline"]]


def test_without_a_customer_pass_it_is_403_in_both_languages(cases_app: TestClient) -> None:
    response = visitor(cases_app).get(f"{MY}/cases")
    assert response.status_code == 403
    error = response.json()["error"]
    assert error["code"] == "sign_in_required"
    assert "wallet app" in error["message"]["en"] and "钱包 App" in error["message"]["zh-CN"]

    guest = visitor(cases_app)
    assert guest.post("/api/v1/chat/conversations", json={"locale": "en"}).status_code == 201
    assert guest.cookies.get("kefu_chat")  # a guest's token is a chat cookie, but not a customer's pass
    assert guest.get(f"{MY}/cases").json()["error"]["code"] == "sign_in_required"

    forged = visitor(cases_app).get(f"{MY}/cases", headers={"Authorization": "Bearer c1.1.9999999999.00"})
    assert forged.status_code == 403
    # the signed headers of /me are not a pass
    assert visitor(cases_app).get(f"{MY}/cases", headers=_signed(new_wallet_id())).status_code == 403


def test_the_pass_works_as_a_cookie_or_a_bearer_token(cases_app: TestClient) -> None:
    wallet_id = new_wallet_id()
    session = visitor(cases_app).post("/api/v1/chat/session", headers=_signed(wallet_id))
    token = session.json()["token"]
    bearer = visitor(cases_app)
    created = bearer.post(
        f"{MY}/cases",
        json={"topic": "payments", "summary": "Charged twice"},
        headers={"Authorization": f"Bearer {token}"},
    )
    assert created.status_code == 201, created.text
    cookie = customer_client(cases_app, wallet_id)
    assert [c["number"] for c in cookie.get(f"{MY}/cases").json()] == [created.json()["number"]]


def test_my_cases_answer_exactly_as_me_does(cases_app: TestClient) -> None:
    wallet_id = new_wallet_id()
    client = customer_client(cases_app, wallet_id)
    number = _open_case(client)["number"]
    assert (
        client.get(f"{MY}/cases").json()
        == cases_app.get("/api/v1/me/cases", headers=_signed(wallet_id)).json()
    )
    mine = client.get(f"{MY}/cases/{number}").json()
    assert mine == cases_app.get(f"/api/v1/me/cases/{number}", headers=_signed(wallet_id)).json()
    assert (
        mine["status"] == "received"
        and mine["status_name"] == "已受理"
        and mine["actions"] == ["add_information"]
    )
    assert client.get(f"{MY}/cases?kind=complaint").json() == []
    assert client.get(f"{MY}/cases?kind=refund").status_code == 422


def test_add_information_answers_waiting_for_you(cases_app: TestClient, cases_services: Services) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _open_case(client)["number"]
    as_agent(cases_services, number, "ask")
    waiting = client.get(f"{MY}/cases/{number}").json()
    assert waiting["status"] == "waiting" and "add_information" in waiting["actions"]
    response = client.post(f"{MY}/cases/{number}/information", json={"text": "Receipt no. 123"})
    assert response.status_code == 200, response.text
    case = response.json()
    assert case["status"] == "in_progress"
    added = [e for e in case["timeline"] if e["kind"] == "information_added"]
    assert [(e["who"], e["note"], e["channel"]) for e in added] == [("you", "Receipt no. 123", "app")]
    empty = client.post(f"{MY}/cases/{number}/information", json={"text": "  "})
    assert empty.status_code == 422 and empty.json()["error"]["message"]["zh-CN"]


def test_escalate_after_an_answer(cases_app: TestClient, cases_services: Services) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _open_case(client)["number"]
    early = client.post(f"{MY}/cases/{number}/escalate", json={"reason": "Too slow"})
    assert early.status_code == 409  # nothing to disagree with, and the date has not passed
    as_agent(cases_services, number, "resolve")
    resolved = client.get(f"{MY}/cases/{number}").json()
    assert resolved["status"] == "resolved" and {"escalate", "reopen"} <= set(resolved["actions"])
    response = client.post(f"{MY}/cases/{number}/escalate", json={"reason": "Only half was refunded"})
    assert response.status_code == 200, response.text
    case = response.json()
    assert case["status"] == "in_progress" and "escalate" not in case["actions"]
    assert _kinds(case)[-1] == "escalated" and case["timeline"][-1]["note"] == "Only half was refunded"


def test_still_have_a_problem_reopens(cases_app: TestClient, cases_services: Services) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _open_case(client)["number"]
    assert client.post(f"{MY}/cases/{number}/reopen", json={"text": "Again"}).status_code == 409
    as_agent(cases_services, number, "resolve")
    response = client.post(f"{MY}/cases/{number}/reopen", json={"text": "The refund never arrived"})
    assert response.status_code == 200, response.text
    assert response.json()["status"] == "in_progress" and _kinds(response.json())[-1] == "reopened"


def test_file_a_complaint_about_my_own_case_only(cases_app: TestClient) -> None:
    alice = customer_client(cases_app, new_wallet_id())
    bob = customer_client(cases_app, new_wallet_id())
    number = _open_case(alice)["number"]
    body = {
        "topic": "decision",
        "summary": "客服说会退款，但一直没有到账",
        "desired_outcome": "退回 88 元",
        "related_case": number,
        "related_transaction": "T20260518001",
    }
    response = alice.post(f"{MY}/complaints", json=body)
    assert response.status_code == 201, response.text
    complaint = response.json()
    assert complaint["number"].startswith("CP") and complaint["kind"] == "complaint"
    assert complaint["status_name"] == "已受理" and complaint["desired_outcome"] == "退回 88 元"
    assert complaint["related_transaction"] == "T20260518001"
    assert [c["number"] for c in alice.get(f"{MY}/cases?kind=complaint").json()] == [complaint["number"]]
    assert "complaint_filed" in _kinds(alice.get(f"{MY}/cases/{number}").json())
    # Bob cannot quote Alice's case: it is not found, as if it never existed
    assert bob.post(f"{MY}/complaints", json=body).status_code == 404
    missing = alice.post(f"{MY}/complaints", json={**body, "related_case": None, "desired_outcome": ""})
    assert missing.status_code == 422


def test_evidence_is_added_and_served_to_its_customer_only(cases_app: TestClient) -> None:
    alice = customer_client(cases_app, new_wallet_id())
    bob = customer_client(cases_app, new_wallet_id())
    number = _open_case(alice)["number"]
    uploaded = alice.post(
        f"{MY}/cases/{number}/evidence", files=[("files", ("扣款记录.png", png(), "image/png"))]
    )
    assert uploaded.status_code == 201, uploaded.text
    (file,) = uploaded.json()
    assert file["url"] == f"{MY}/evidence/{file['id']}" and file["kind"] == "image"
    assert alice.get(f"{MY}/cases/{number}/evidence").json() == [file]
    served = alice.get(file["url"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/png"
    assert served.headers["x-content-type-options"] == "nosniff"
    case = alice.get(f"{MY}/cases/{number}").json()
    assert [e["who"] for e in case["timeline"] if e["kind"] == "evidence_added"] == ["you"]

    assert bob.get(file["url"]).status_code == 404
    assert visitor(cases_app).get(file["url"]).status_code == 403
    refused = bob.post(f"{MY}/cases/{number}/evidence", files=[("files", ("x.png", png(), "image/png"))])
    assert refused.status_code == 404
    nobody = visitor(cases_app).post(
        f"{MY}/cases/{number}/evidence", files=[("files", ("x.png", png(), "image/png"))]
    )
    assert nobody.status_code == 403
    voice = alice.post(
        f"{MY}/cases/{number}/evidence",
        files=[("files", ("voice.amr", b"#!AMR\n" + b"\x00" * 64, "audio/amr"))],
    )
    assert voice.status_code == 422 and voice.json()["error"]["code"] == "upload_voice_refused"


def test_someone_elses_case_is_not_found_everywhere(cases_app: TestClient) -> None:
    alice = customer_client(cases_app, new_wallet_id())
    bob = customer_client(cases_app, new_wallet_id())
    number = _open_case(alice)["number"]
    for method, path, body in [
        ("GET", f"{MY}/cases/{number}", None),
        ("GET", f"{MY}/cases/{number}/evidence", None),
        ("GET", f"{MY}/cases/{number}/file", None),
        ("POST", f"{MY}/cases/{number}/information", {"text": "x"}),
        ("POST", f"{MY}/cases/{number}/escalate", {"reason": "x"}),
        ("POST", f"{MY}/cases/{number}/reopen", {"text": "x"}),
    ]:
        response = bob.request(method, path, json=body)
        assert response.status_code == 404, (method, path, response.text)
        assert response.json()["error"]["code"] == "case_not_found"
    never = bob.get(f"{MY}/cases/C000101999999")
    assert never.status_code == 404 and never.json()["error"]["code"] == "case_not_found"


def test_the_printable_case_file(cases_app: TestClient) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _open_case(client, summary="<b>not markup</b>")["number"]
    response = client.get(f"{MY}/cases/{number}/file")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/html")
    assert f"案件档案 {number}" in response.text
    assert "&lt;b&gt;not markup&lt;/b&gt;" in response.text
