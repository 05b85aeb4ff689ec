"""/demo plays the wallet app: only in demo mode, and it signs only the demo customers' wallet ids."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from kefu.identity.demo import demo_customers
from kefu.identity.records import Customer
from kefu.identity.signing import sign
from kefu.web.services import Services

from .conftest import SECRET, page_config, visitor


def test_the_demo_is_not_there_when_demo_mode_is_off(chat_pages_off: TestClient) -> None:
    for path in ("/demo", "/demo?locale=en", "/demo/wallet?as=demo-zhang-min", "/demo/wallet?as=guest"):
        response = chat_pages_off.get(path)
        assert response.status_code == 404, path
        assert "signature" not in response.text


def test_the_demo_lists_the_demo_customers_in_both_languages(chat_pages: TestClient) -> None:
    zh = visitor(chat_pages).get("/demo?locale=zh-CN")
    assert zh.status_code == 200
    assert '<html lang="zh-CN">' in zh.text and "演示钱包" in zh.text and "张敏" in zh.text
    assert zh.text.count('data-testid="demo-customer"') == len(demo_customers())
    assert 'data-testid="demo-guest"' in zh.text
    en = visitor(chat_pages).get("/demo?locale=en")
    assert '<html lang="en">' in en.text and "Demo wallet" in en.text and "Emily Carter" in en.text
    assert "Continue as a guest" in en.text


def test_the_demo_follows_the_language_cookie_and_the_browser(chat_pages: TestClient) -> None:
    client = visitor(chat_pages)
    assert '<html lang="en">' in client.get("/demo", headers={"Accept-Language": "en-GB,en;q=0.9"}).text
    client.cookies.set("kefu_locale", "en")
    assert '<html lang="en">' in client.get("/demo", headers={"Accept-Language": "zh-CN"}).text


def test_the_wallet_signs_the_chosen_demo_customer(
    chat_pages: TestClient, chat_pages_services: Services
) -> None:
    client = visitor(chat_pages)
    page = client.get("/demo/wallet?as=demo-zhang-min")
    assert page.status_code == 200
    assert '<html lang="zh-CN">' in page.text  # the customer's own language
    assert page.headers["cache-control"] == "no-store"
    identity = page_config(page.text)["identity"]
    assert identity == {"customer": "demo-zhang-min", "signature": sign(SECRET, "demo-zhang-min")}
    assert 'data-testid="wallet-balance"' in page.text and "2,368.50" in page.text
    assert page.text.count('data-testid="get-help"') == 4
    # what the page's script does next: trade the signature for the chat pass
    session = client.post(
        "/api/v1/chat/session",
        headers={"X-Kefu-Customer": identity["customer"], "X-Kefu-Signature": identity["signature"]},
    )
    assert session.status_code == 200 and client.cookies.get("kefu_chat")
    with chat_pages_services.database.session() as db:
        stored = db.scalars(select(Customer).where(Customer.external_id == "demo-zhang-min")).one()
        assert stored.name == "张敏 Zhang Min"
        assert stored.phone == "+8613800138001" and stored.email == "zhang.min@example.com"


def test_the_english_demo_customer_gets_an_english_wallet(chat_pages: TestClient) -> None:
    page = visitor(chat_pages).get("/demo/wallet?as=demo-emily-carter")
    assert '<html lang="en">' in page.text and "Hi, Emily Carter" in page.text and "Get help" in page.text
    assert "Starbucks" in page.text
    zh = visitor(chat_pages).get("/demo/wallet?as=demo-emily-carter&locale=zh-CN")
    assert '<html lang="zh-CN">' in zh.text and "获取帮助" in zh.text and "星巴克" in zh.text


def test_get_help_carries_the_transaction_into_the_chat(chat_pages: TestClient) -> None:
    page = visitor(chat_pages).get("/demo/wallet?as=demo-li-wei&locale=en")
    found = re.search(r'<a class="get-help" href="([^"]+)"', page.text)
    assert found
    href = html.unescape(found.group(1))
    assert href.startswith("/chat?")
    chat = visitor(chat_pages).get(href)
    context = page_config(chat.text)["context"]
    assert context["transaction_id"] == "T2026110900231"
    assert context["merchant"] == "Meituan Delivery" and context["amount"] == "-88.00"
    assert set(context) == {"transaction_id", "type", "amount", "currency", "merchant", "time", "status"}


def test_only_demo_customers_are_ever_signed(chat_pages: TestClient) -> None:
    for who in ("someone-else", "w-123", "demo-", "DEMO-ZHANG-MIN", "demo-zhang-min "):
        response = visitor(chat_pages).get("/demo/wallet", params={"as": who})
        assert response.status_code == 404, who
        assert sign(SECRET, who) not in response.text


def test_a_guest_gets_no_identity_and_loses_any_old_pass(chat_pages: TestClient) -> None:
    client = visitor(chat_pages)
    client.get("/demo/wallet?as=demo-zhang-min")
    page = client.get("/demo/wallet?as=guest&locale=en")
    assert page.status_code == 200
    assert page_config(page.text)["identity"] == {}
    assert "You're not signed in" in html.unescape(page.text)
    assert 'data-testid="transaction"' not in page.text
    assert "kefu_chat=" in page.headers["set-cookie"] and "Max-Age=0" in page.headers["set-cookie"]
