"""My conversations and one past conversation: for the signed-in customer; a guest is told their chats are
not kept on an account; someone else's conversation is not found."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from .conftest import page_config, signed_in, visitor


@pytest.mark.parametrize(
    ("locale", "words"),
    [
        ("zh-CN", ["我的对话", "关键词或案件号", "180 天"]),
        ("en", ["My conversations", "Keyword or case number", "180 days"]),
    ],
)
def test_my_conversations_in_both_languages(chat_pages: TestClient, locale: str, words: list[str]) -> None:
    alice = signed_in(chat_pages, "w-history-alice")
    page = alice.get(f"/chat/history?locale={locale}&q=C260101000001")
    assert page.status_code == 200 and f'<html lang="{locale}">' in page.text
    for word in words:
        assert word in page.text
    for testid in ("history-search", "history-search-input", "history-list", "history-status"):
        assert f'data-testid="{testid}"' in page.text
    config = page_config(page.text)
    assert config["role"] == "customer" and config["query"] == "C260101000001"
    assert config["topics"]  # help-center category names for the topics
    assert 'value="C260101000001"' in page.text


def test_a_guest_is_told_chats_are_not_saved(chat_pages: TestClient) -> None:
    guest = visitor(chat_pages)
    guest.post("/api/v1/chat/conversations", json={"locale": "en"})
    page = guest.get("/chat/history?locale=en")
    assert 'data-testid="history-guest-notice"' in page.text
    assert "aren't saved to an account" in page.text.replace("&#39;", "'")
    assert 'data-testid="history-search"' not in page.text
    zh = guest.get("/chat/history?locale=zh-CN")
    assert "不会保存到账户" in zh.text


def test_without_any_session_the_app_is_the_way_in(chat_pages: TestClient) -> None:
    page = visitor(chat_pages).get("/chat/history?locale=en")
    assert 'data-testid="history-signed-out"' in page.text
    assert 'data-testid="history-new-chat"' in page.text


def test_a_past_conversation_opens_for_its_customer_only(chat_pages: TestClient) -> None:
    alice = signed_in(chat_pages, "w-transcript-alice")
    cid = alice.post("/api/v1/chat/conversations", json={"locale": "zh-CN"}).json()["conversation"]["id"]
    page = alice.get(f"/chat/conversations/{cid}?locale=zh-CN")
    assert page.status_code == 200 and "对话详情" in page.text
    for testid in (
        "transcript",
        "transcript-email",
        "transcript-hide",
        "transcript-continue",
        "transcript-back",
    ):
        assert f'data-testid="{testid}"' in page.text
    config = page_config(page.text)
    assert config["conversation"] == cid and config["chatUrl"] == f"/chat?locale=zh-CN&conversation={cid}"
    en = alice.get(f"/chat/conversations/{cid}?locale=en")
    assert "Email transcript" in en.text and "Hide from the list" in en.text

    bob = signed_in(chat_pages, "w-transcript-bob")
    assert bob.get(f"/chat/conversations/{cid}").status_code == 404
    assert alice.get("/chat/conversations/99999999").status_code == 404
