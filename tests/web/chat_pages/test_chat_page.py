"""/chat: the chat page's shell in both languages, with every element the browser tests use, the
transaction from "Get help" handed to the script as data (never as markup), and a strict CSP."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from kefu.web.chat.pages import CONTENT_SECURITY_POLICY

from .conftest import page_config, signed_in, visitor

TESTIDS = [
    "chat-back",
    "chat-status",
    "my-conversations-link",
    "end-chat",
    "connection-status",
    "guest-notice",
    "queue-position",
    "agent-name",
    "leave-message-notice",
    "transaction-card",
    "chat-messages",
    "typing-indicator",
    "chat-ended",
    "rating-form",
    "rating-star-1",
    "rating-star-2",
    "rating-star-3",
    "rating-star-4",
    "rating-star-5",
    "rating-comment",
    "rating-submit",
    "rating-thanks",
    "chat-continue",
    "chat-new",
    "chat-error",
    "talk-to-agent",
    "attachment-tray",
    "chat-form",
    "attach-input",
    "chat-input",
    "chat-send",
]


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh-CN", ["在线客服", "转人工", "请输入您的问题", "请为本次服务评分"]),
        ("en", ["Chat with us", "Talk to a person", "How was our service?"]),
    ],
)
def test_the_chat_page_speaks_the_asked_language(
    chat_pages: TestClient, locale: str, words: list[str]
) -> None:
    page = visitor(chat_pages).get(f"/chat?locale={locale}")
    assert page.status_code == 200
    assert f'<html lang="{locale}">' in page.text
    for word in words:
        assert word in page.text
    config = page_config(page.text)
    assert config["page"] == "chat" and config["locale"] == locale
    assert config["strings"]["send"] == ("发送" if locale == "zh-CN" else "Send")


def test_the_language_comes_from_the_cookie_then_the_browser(chat_pages: TestClient) -> None:
    client = visitor(chat_pages)
    assert '<html lang="en">' in client.get("/chat", headers={"Accept-Language": "en-US"}).text
    assert '<html lang="zh-CN">' in client.get("/chat", headers={"Accept-Language": "zh-TW,en;q=0.5"}).text
    client.cookies.set("kefu_locale", "en")
    assert '<html lang="en">' in client.get("/chat", headers={"Accept-Language": "zh-CN"}).text
    assert '<html lang="zh-CN">' in client.get("/chat?locale=zh-CN").text
    assert '<html lang="en">' in client.get("/chat?locale=fr").text  # not ours: the cookie decides


def test_the_chat_page_has_every_testid(chat_pages: TestClient) -> None:
    page = visitor(chat_pages).get("/chat?locale=en").text
    missing = [testid for testid in TESTIDS if f'data-testid="{testid}"' not in page]
    assert not missing
    assert 'accept="image/jpeg,image/png,image/heic,application/pdf"' in page
    assert 'id="attach-input" data-testid="attach-input" multiple' in page


def test_the_pages_send_a_strict_content_security_policy(chat_pages: TestClient) -> None:
    for path in (
        "/chat",
        "/chat/history",
        "/demo",
        "/demo/wallet?as=demo-zhang-min",
        "/chat/conversations/1",
    ):
        response = visitor(chat_pages).get(path)
        assert response.headers["content-security-policy"] == CONTENT_SECURITY_POLICY, path
        assert response.headers["cache-control"] == "no-store"
    assert "'unsafe-inline'" not in CONTENT_SECURITY_POLICY and "script-src 'self'" in CONTENT_SECURITY_POLICY


def test_the_transaction_reaches_the_script_as_data(chat_pages: TestClient) -> None:
    hostile = "</script><img src=x onerror=alert(1)>"
    page = visitor(chat_pages).get(
        "/chat",
        params={
            "locale": "en",
            "transaction_id": "T1",
            "amount": "-32.00",
            "currency": "CNY",
            "merchant": hostile,
            "colour": "blue",  # not a transaction field: dropped
            "status": "  ",  # empty: dropped
        },
    )
    assert hostile not in page.text and "<img" not in page.text
    context = page_config(page.text)["context"]
    assert context == {"transaction_id": "T1", "amount": "-32.00", "currency": "CNY", "merchant": hostile}


def test_the_page_knows_who_is_chatting(chat_pages: TestClient) -> None:
    assert page_config(visitor(chat_pages).get("/chat").text)["role"] == "none"
    alice = signed_in(chat_pages, "w-pages-alice")
    assert page_config(alice.get("/chat").text)["role"] == "customer"
    guest = visitor(chat_pages)
    guest.post("/api/v1/chat/conversations", json={"locale": "en"})
    assert page_config(guest.get("/chat").text)["role"] == "guest"


def test_a_conversation_and_the_transport_can_be_asked_for(chat_pages: TestClient) -> None:
    config = page_config(visitor(chat_pages).get("/chat?conversation=12&transport=poll").text)
    assert config["conversation"] == 12 and config["transport"] == "poll"
    config = page_config(visitor(chat_pages).get("/chat?transport=carrier-pigeon").text)
    assert config["conversation"] is None and config["transport"] == "websocket"
    assert visitor(chat_pages).get("/chat?conversation=abc").status_code == 422


def test_message_bodies_are_never_in_the_page(chat_pages: TestClient) -> None:
    """Bodies reach the page only through the API and are set as text by the script (the browser test
    checks that ``<img src=x onerror=alert(1)>`` shows as text); the server never renders them."""
    alice = signed_in(chat_pages, "w-pages-xss")
    started = alice.post("/api/v1/chat/conversations", json={"locale": "en"}).json()
    cid = started["conversation"]["id"]
    body = "<img src=x onerror=alert(1)>"
    sent = alice.post(f"/api/v1/chat/conversations/{cid}/messages", json={"body": body, "client_key": "x1"})
    assert sent.status_code == 201
    for path in (f"/chat?conversation={cid}", f"/chat/conversations/{cid}", "/chat/history"):
        page = alice.get(path)
        assert page.status_code == 200 and "onerror" not in page.text, path
