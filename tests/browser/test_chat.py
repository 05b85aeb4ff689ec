"""The chat bar in real Chromium: a customer on the demo wallet chats in Chinese, gets an answer from the
help center, asks for a person; an agent in a second browser signs in to the console, accepts and replies;
the customer sends a screenshot; the agent ends the chat, the customer rates it, and the conversation is in
My conversations. On SQLite and on PostgreSQL, against ``kefu serve --demo`` with a 24/7 agent schedule (so
the test does not depend on the hour it runs)."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page, expect

from conftest import BACKENDS, fresh_database_url

from .live import LiveServer, NotReady, phone_context, run_server

TIMEOUT = 20_000


@pytest.fixture(scope="module", params=BACKENDS)
def demo_server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, vector_cache_dir: Path
) -> Iterator[LiveServer]:
    directory = tmp_path_factory.mktemp(f"chat-{request.param}")
    with fresh_database_url(request.param, directory) as url:
        server = run_server(
            directory / "data",
            vector_cache_dir=vector_cache_dir,
            database_url=url,
            args=("--demo",),
            extra_env={"KEFU_CHAT_HOURS": "emergency", "KEFU_IDENTITY_SECRET": "browser-chat-secret"},
        )
        try:
            with server as running:
                yield running
        except NotReady as error:
            pytest.fail(str(error), pytrace=False)


def _screenshot(tmp_path: Path) -> Path:
    path = tmp_path / "付款截图.png"
    image = Image.new("RGB", (320, 640), (245, 245, 245))
    image.paste((30, 120, 220), (20, 40, 300, 120))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def _send(page: Page, text: str) -> None:
    page.get_by_test_id("chat-input").fill(text)
    page.get_by_test_id("chat-send").click()


def test_a_customer_chats_is_handed_to_an_agent_and_rates_the_chat(
    browser: Browser, demo_server: LiveServer, tmp_path: Path
) -> None:
    customer_context = phone_context(browser, demo_server.url, locale="zh-CN")
    agent_context = browser.new_context(base_url=demo_server.url, locale="zh-CN")
    try:
        customer = customer_context.new_page()
        customer.set_default_timeout(TIMEOUT)
        customer.goto("/demo?locale=zh-CN")
        customer.get_by_test_id("demo-customer").first.click()
        expect(customer.get_by_test_id("wallet-session")).to_have_attribute("data-state", "ready")
        customer.get_by_test_id("wallet-chat").click()

        # the assistant greets, then answers a question from the help center
        expect(
            customer.locator('[data-testid="chat-message"][data-sender="assistant"]').first
        ).to_be_visible()
        _send(customer, "我的案件现在处理到哪一步了，怎么查询进度")
        assistant = customer.locator('[data-testid="chat-message"][data-sender="assistant"]')
        expect(assistant.nth(1)).to_be_visible()
        if not assistant.nth(1).get_by_test_id("article-card").count():
            # an ambiguous question gets a clarifying question: pick the first article offered
            assistant.nth(1).locator('[data-testid="quick-reply"][data-payload^="article:"]').first.click()
            expect(assistant.nth(2)).to_be_visible()
        expect(assistant.last.get_by_test_id("article-card")).to_be_visible()
        expect(assistant.last.locator('[data-payload^="helpful:yes"]')).to_be_visible()

        # ... and hands over to a person
        _send(customer, "转人工")
        expect(customer.get_by_test_id("queue-position")).to_be_visible()

        agent = agent_context.new_page()
        agent.set_default_timeout(TIMEOUT)
        agent.goto("/console/sign-in")
        agent.fill("#username", "agent")
        agent.fill("#password", "kefu-demo-agent")
        agent.locator('button[type="submit"]').click()
        agent.goto("/console/chats")
        agent.get_by_test_id("console-waiting-item").first.get_by_test_id("console-accept").click()
        expect(agent.locator('[data-testid="console-message"][data-sender="customer"]').first).to_be_visible()
        agent.get_by_test_id("console-input").fill("您好，我是李娜，请把付款页面的截图发给我。")
        agent.get_by_test_id("console-send").click()

        reply = customer.locator('[data-testid="chat-message"][data-sender="agent"]')
        expect(reply.first).to_contain_text("请把付款页面的截图发给我")
        expect(customer.get_by_test_id("agent-name")).to_be_visible()

        # the customer sends a screenshot; the agent sees it
        customer.get_by_test_id("attach-input").set_input_files(str(_screenshot(tmp_path)))
        expect(customer.get_by_test_id("attachment-preview")).to_be_visible()
        customer.get_by_test_id("chat-send").click()
        expect(customer.locator('[data-sender="customer"] [data-testid="message-image"]')).to_be_visible()
        expect(agent.get_by_test_id("console-attachment").first).to_be_visible()

        # the agent ends the chat; the customer rates it
        agent.get_by_test_id("console-end").click()
        expect(customer.get_by_test_id("rating-form")).to_be_visible()
        customer.get_by_test_id("rating-star-5").click()
        customer.get_by_test_id("rating-submit").click()
        expect(customer.get_by_test_id("rating-thanks")).to_be_visible()

        # and it is in My conversations
        customer.goto("/chat/history?locale=zh-CN")
        expect(customer.get_by_test_id("history-item").first).to_be_visible()
    finally:
        customer_context.close()
        agent_context.close()
