"""/cases, /cases/{number}, /cases/complaint/new: for the customer holding a chat pass, in both languages,
under the chat pages' strict CSP; guests and visitors are told, in both languages, to open them from the
app; someone else's number is the 404 page."""

from __future__ import annotations

import html

import pytest
from fastapi.testclient import TestClient

from kefu.web.chat.pages import CONTENT_SECURITY_POLICY

from .conftest import customer_client, new_wallet_id, page_config, visitor


def _open(client: TestClient, topic: str = "payments") -> str:
    response = client.post("/api/v1/my/cases", json={"topic": topic, "summary": "Paid twice"})
    assert response.status_code == 201, response.text
    number: str = response.json()["number"]
    return number


def _complain(client: TestClient) -> str:
    body = {"topic": "service", "summary": "客服态度不好", "desired_outcome": "道歉"}
    response = client.post("/api/v1/my/complaints", json=body)
    assert response.status_code == 201, response.text
    number: str = response.json()["number"]
    return number


def _text(page: str) -> str:
    return html.unescape(page)


@pytest.mark.parametrize(
    ("locale", "words", "status"),
    [
        ("zh-CN", ["我的案件", "我的投诉", "按编号查找我的案件", "提交投诉"], "待您补充"),
        (
            "en",
            ["My cases", "My complaints", "Find my case by number", "File a complaint"],
            "Waiting for you",
        ),
    ],
)
def test_my_cases_in_both_languages(
    cases_app: TestClient, locale: str, words: list[str], status: str
) -> None:
    client = customer_client(cases_app, new_wallet_id())
    page = client.get(f"/cases?locale={locale}")
    assert page.status_code == 200
    assert f'<html lang="{locale}">' in page.text
    assert page.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert page.headers["cache-control"] == "no-store"
    for word in words:
        assert word in page.text
    for testid in ("cases-tab-cases", "cases-tab-complaints", "cases-lookup", "cases-list", "cases-status"):
        assert f'data-testid="{testid}"' in page.text
    assert "/static/cases/cases.js?v=" in page.text and "/static/chat/common.js?v=" in page.text
    config = page_config(page.text)
    assert config["page"] == "cases" and config["role"] == "customer" and config["tab"] == "cases"
    assert config["api"] == "/api/v1/my" and config["locale"] == locale
    assert config["statuses"]["waiting"] == status  # the cases domain's own names, in the page's language
    assert config["strings"]["cases_title"] and config["strings"]["error_generic"]  # the frame's words too
    complaints = client.get(f"/cases?locale={locale}&tab=complaints")
    assert page_config(complaints.text)["tab"] == "complaints"
    assert 'data-tab="complaints" data-testid="cases-tab-complaints" aria-current="page"' in complaints.text


def test_the_page_speaks_the_customers_language_unless_asked(cases_app: TestClient) -> None:
    client = customer_client(cases_app, new_wallet_id())  # a new customer's language is zh-CN
    assert '<html lang="zh-CN">' in client.get("/cases", headers={"Accept-Language": "en"}).text
    assert '<html lang="en">' in client.get("/cases?locale=en").text


def test_without_a_pass_the_app_is_the_way_in_said_in_both_languages(cases_app: TestClient) -> None:
    for path in ("/cases", "/cases/complaint/new", "/cases/C260101000001"):
        page = visitor(cases_app).get(f"{path}?locale=en")
        assert page.status_code == 200, path
        text = _text(page.text)
        assert 'data-testid="cases-signed-out"' in page.text
        assert "Open My cases from the wallet app" in text and "请从钱包 App 的“我的案件”进入" in text
        assert 'data-testid="cases-lookup"' not in page.text
        assert "<title>My cases · " in page.text or "<title>File a complaint · " in page.text
        assert page_config(page.text)["role"] == "none" and "number" not in page_config(page.text)


def test_a_guest_is_told_to_sign_in(cases_app: TestClient) -> None:
    guest = visitor(cases_app)
    guest.post("/api/v1/chat/conversations", json={"locale": "zh-CN"})
    page = guest.get("/cases?locale=zh-CN")
    assert 'data-role="guest"' in page.text
    assert "游客身份" in page.text and "as a guest" in _text(page.text)


def test_the_lookup_finds_only_my_own_cases(cases_app: TestClient) -> None:
    alice = customer_client(cases_app, new_wallet_id())
    bob = customer_client(cases_app, new_wallet_id())
    number = _open(alice)
    found = alice.get(f"/cases?locale=en&number={number.lower()}", follow_redirects=False)
    assert found.status_code == 303 and found.headers["location"] == f"/cases/{number}?locale=en"

    theirs = bob.get(f"/cases?locale=en&number={number}")
    assert theirs.status_code == 404
    assert f"We can't find case {number}" in _text(theirs.text)
    assert 'data-testid="cases-lookup-error"' in theirs.text and 'data-testid="cases-list"' in theirs.text
    zh = bob.get(f"/cases?locale=zh-CN&number={number}")
    assert f"找不到案件 {number}" in zh.text
    typo = bob.get("/cases?locale=en&number=12345")
    assert typo.status_code == 404 and "is not a case number" in _text(typo.text)


def test_one_case_in_both_languages_and_for_its_customer_only(cases_app: TestClient) -> None:
    alice = customer_client(cases_app, new_wallet_id())
    number = _open(alice)
    zh = alice.get(f"/cases/{number}?locale=zh-CN")
    assert zh.status_code == 200 and f"案件 {number}" in zh.text and "处理记录" in zh.text
    for testid in (
        "case-card",
        "case-status",
        "case-expected",
        "case-timeline",
        "case-files",
        "action-add-information",
        "action-escalate",
        "action-reopen",
        "action-evidence",
        "case-download",
    ):
        assert f'data-testid="{testid}"' in zh.text, testid
    assert f'href="/api/v1/my/cases/{number}/file"' in zh.text
    config = page_config(zh.text)
    assert config["page"] == "case" and config["number"] == number and config["kind"] == "case"
    assert config["complaintUrl"] == f"/cases/complaint/new?locale=zh-CN&case={number}"
    en = alice.get(f"/cases/{number}?locale=en")
    text = _text(en.text)
    for word in (f"Case {number}", "Not resolved – escalate", "Still have a problem", "Add information"):
        assert word in text

    bob = customer_client(cases_app, new_wallet_id())
    theirs = bob.get(f"/cases/{number}?locale=en")
    assert theirs.status_code == 404 and theirs.headers["content-type"].startswith("text/html")
    assert number not in page_config_or_empty(theirs.text)
    assert alice.get("/cases/C000101999999").status_code == 404


def page_config_or_empty(page: str) -> str:
    """The page's configuration as text (the error page has none): nothing of the case may leak there."""
    try:
        return str(page_config(page))
    except AssertionError:
        return ""


def test_a_filed_complaint_page_says_its_number(cases_app: TestClient) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _complain(client)
    page = client.get(f"/cases/{number}?locale=en&filed=1")
    text = _text(page.text)
    assert f"Complaint {number}" in text and f"Complaint filed: number {number}" in text
    assert page_config(page.text)["kind"] == "complaint"
    plain = client.get(f"/cases/{number}?locale=en").text
    assert 'data-testid="case-notice" role="status" hidden></p>' in plain


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh-CN", ["提交投诉", "投诉类型", "您希望我们如何处理", "相关案件（选填）", "相关交易号（选填）"]),
        ("en", ["File a complaint", "What is it about?", "What would you like us to do?", "Related case"]),
    ],
)
def test_the_complaint_form_in_both_languages(cases_app: TestClient, locale: str, words: list[str]) -> None:
    client = customer_client(cases_app, new_wallet_id())
    number = _open(client)
    earlier = _complain(client)
    page = client.get(f"/cases/complaint/new?locale={locale}&case={number}&transaction=T123")
    assert page.status_code == 200
    text = _text(page.text)
    for word in words:
        assert word in text
    for testid in (
        "complaint-form",
        "complaint-topic",
        "complaint-summary",
        "complaint-outcome",
        "complaint-case",
        "complaint-transaction",
        "complaint-files",
        "complaint-submit",
    ):
        assert f'data-testid="{testid}"' in page.text, testid
    assert f'<option value="{number}" selected>' in page.text  # the case it came from, chosen
    assert f'value="{earlier}"' not in page.text  # a complaint is not about another complaint
    assert 'value="T123"' in page.text
    for topic in ("service", "decision", "financial_loss", "other"):
        assert f'<option value="{topic}">' in page.text
    # someone else's number is simply not offered
    other = customer_client(cases_app, new_wallet_id()).get(f"/cases/complaint/new?case={number}")
    assert other.status_code == 200 and f'<option value="{number}"' not in other.text


def test_the_demo_wallet_links_to_my_cases(cases_app: TestClient) -> None:
    zh = visitor(cases_app).get("/demo/wallet?as=demo-zhang-min")
    assert 'data-testid="wallet-cases"' in zh.text and "我的案件" in zh.text
    assert 'href="/cases?locale=zh-CN"' in zh.text
    en = visitor(cases_app).get("/demo/wallet?as=demo-emily-carter")
    assert 'href="/cases?locale=en"' in en.text and "My cases" in en.text
