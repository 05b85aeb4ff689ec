"""Evidence on a complaint: the customer uploads it (checked by content), sees it, nobody else's customer
can; the complaints team opens it from the console, a support agent cannot."""

from __future__ import annotations

import uuid

from fastapi.testclient import TestClient

from kefu.identity.signing import sign
from kefu.web.services import Services

from .conftest import SECRET, agent_client, png


def _headers(wallet_id: str) -> dict[str, str]:
    return {"X-Kefu-Customer": wallet_id, "X-Kefu-Signature": sign(SECRET, wallet_id)}


def test_complaint_evidence_is_private_to_the_customer_and_the_complaints_team(
    chat_app: TestClient, services: Services
) -> None:
    alice, bob = f"w-{uuid.uuid4().hex[:8]}", f"w-{uuid.uuid4().hex[:8]}"
    filed = chat_app.post(
        "/api/v1/me/complaints",
        headers=_headers(alice),
        json={"topic": "payment", "summary": "重复扣款未退回", "desired_outcome": "退回多扣的 88 元"},
    )
    assert filed.status_code == 201, filed.text
    number = filed.json()["number"]
    uploaded = chat_app.post(
        f"/api/v1/me/cases/{number}/evidence",
        headers=_headers(alice),
        files=[("files", ("扣款记录.png", png(), "image/png"))],
    )
    assert uploaded.status_code == 201, uploaded.text
    file_id = uploaded.json()[0]["id"]
    assert [
        e["id"] for e in chat_app.get(f"/api/v1/me/cases/{number}/evidence", headers=_headers(alice)).json()
    ] == [file_id]
    assert chat_app.get(f"/api/v1/me/evidence/{file_id}", headers=_headers(alice)).status_code == 200
    case = chat_app.get(f"/api/v1/me/cases/{number}", headers=_headers(alice)).json()
    assert [event["who"] for event in case["timeline"] if event["kind"] == "evidence_added"] == ["you"]

    # someone else: the same 404 as a file that never existed
    assert chat_app.get(f"/api/v1/me/evidence/{file_id}", headers=_headers(bob)).status_code == 404
    assert chat_app.get(f"/api/v1/me/evidence/{file_id + 999}", headers=_headers(alice)).status_code == 404
    assert (
        chat_app.post(
            f"/api/v1/me/cases/{number}/evidence",
            headers=_headers(bob),
            files=[("files", ("x.png", png(), "image/png"))],
        ).status_code
        == 404
    )
    # a chat attachment route never serves evidence
    assert chat_app.get(f"/api/v1/chat/attachments/{file_id}", headers=_headers(alice)).status_code in (
        403,
        404,
    )

    bad = chat_app.post(
        f"/api/v1/me/cases/{number}/evidence",
        headers=_headers(alice),
        files=[("files", ("voice.amr", b"#!AMR\n" + b"\x00" * 64, "audio/amr"))],
    )
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "upload_voice_refused"

    handler = agent_client(chat_app, services, f"cp{uuid.uuid4().hex[:6]}", ("zh-CN",), team="complaints")
    support = agent_client(chat_app, services, f"sp{uuid.uuid4().hex[:6]}", ("zh-CN",))
    assert handler.get(f"/console/cases/evidence/{file_id}").status_code == 200
    assert support.get(f"/console/cases/evidence/{file_id}").status_code == 404
    page = handler.get(f"/console/cases/{number}")
    assert page.status_code == 200 and "扣款记录.png" in page.text
