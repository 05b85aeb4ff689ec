"""My cases in real Chromium: a customer picked on /demo opens My cases from the demo wallet, files a
complaint with a screenshot, sees its CP number and status, adds information, and finds it again under My
complaints and by its number. No page logs an error (a Content-Security-Policy violation would). On SQLite
and on PostgreSQL, against ``kefu serve --demo`` (the chat tests' server fixture)."""

from __future__ import annotations

import io
import re
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, expect

from .live import LiveServer, phone_context
from .test_chat import demo_server  # noqa: F401  (the fixture: kefu serve --demo, a module's server)

TIMEOUT = 20_000


def _receipt(tmp_path: Path) -> Path:
    path = tmp_path / "扣款记录.png"
    image = Image.new("RGB", (320, 480), (250, 250, 250))
    image.paste((200, 40, 40), (20, 40, 300, 100))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    path.write_bytes(buffer.getvalue())
    return path


def test_a_customer_files_a_complaint_and_adds_information(
    browser: Browser,
    demo_server: LiveServer,  # noqa: F811
    tmp_path: Path,
) -> None:
    context = phone_context(browser, demo_server.url, locale="zh-CN")
    errors: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if message.type == "error":
            errors.append(message.text)

    try:
        page = context.new_page()
        page.set_default_timeout(TIMEOUT)
        page.on("console", note)
        page.goto("/demo?locale=zh-CN")
        page.locator('[data-testid="demo-customer"][data-customer="demo-zhang-min"]').click()
        expect(page.get_by_test_id("wallet-session")).to_have_attribute("data-state", "ready")
        page.get_by_test_id("wallet-cases").click()

        # My cases, in the customer's language; then the complaint form
        expect(page.get_by_test_id("page-title")).to_have_text("我的案件")
        expect(page.get_by_test_id("cases-status")).to_have_text("您目前没有服务案件。")
        page.get_by_test_id("cases-new-complaint").click()
        page.get_by_test_id("complaint-topic").select_option("decision")
        page.get_by_test_id("complaint-summary").fill("5 月 18 日的退款一直没有到账，客服说 3 天内处理。")
        page.get_by_test_id("complaint-outcome").fill("退回 88 元")
        page.get_by_test_id("complaint-transaction").fill("T20260518001")
        page.get_by_test_id("complaint-files").set_input_files(str(_receipt(tmp_path)))
        page.get_by_test_id("complaint-submit").click()

        # the complaint's page: its CP number, its status, the screenshot
        expect(page).to_have_url(re.compile(r"/cases/CP\d{12}\?locale=zh-CN&filed=1$"))
        number = page.url.split("/cases/")[1].split("?")[0]
        expect(page.get_by_test_id("page-title")).to_have_text(f"投诉 {number}")
        expect(page.get_by_test_id("case-notice")).to_contain_text(number)
        expect(page.get_by_test_id("case-status")).to_have_text("已受理")
        expect(page.get_by_test_id("case-outcome")).to_have_text("退回 88 元")
        expect(page.get_by_test_id("case-files").get_by_test_id("message-image")).to_be_visible()
        expect(page.get_by_test_id("case-complain")).to_be_hidden()  # no complaint about a complaint

        # add information
        page.get_by_test_id("action-add-information").locator("summary").click()
        page.get_by_test_id("information-text").fill("退款单号 R998877")
        page.get_by_test_id("information-submit").click()
        expect(page.get_by_test_id("case-notice")).to_have_text("已提交补充信息。")
        added = page.locator('[data-testid="case-event"][data-kind="information_added"]')
        expect(added.get_by_test_id("case-event-note")).to_have_text("退款单号 R998877")
        expect(added).to_have_attribute("data-who", "you")

        # an empty addition is refused in the page's language
        page.get_by_test_id("action-add-information").locator("summary").click()
        page.get_by_test_id("information-submit").click()
        expect(page.get_by_test_id("form-add-information").locator(".form-error")).to_contain_text("请填写")

        # back to My cases: it is under My complaints, and found by its number
        page.get_by_test_id("page-back").click()
        page.get_by_test_id("cases-tab-complaints").click()
        item = page.locator(f'[data-testid="case-item"][data-number="{number}"]')
        expect(item.get_by_test_id("case-item-status")).to_have_text("已受理")
        page.get_by_test_id("cases-tab-cases").click()
        expect(item).to_have_count(0)
        page.get_by_test_id("cases-lookup-input").fill("C000101999999")
        page.get_by_test_id("cases-lookup-button").click()
        expect(page.get_by_test_id("cases-lookup-error")).to_contain_text("找不到案件")
        page.get_by_test_id("cases-lookup-input").fill(number.lower())
        page.get_by_test_id("cases-lookup-button").click()
        expect(page).to_have_url(re.compile(rf"/cases/{number}\?locale=zh-CN$"))
        expect(page.get_by_test_id("case-status")).to_have_text("已受理")
        # the refusals above (422, 404) are logged as failed loads; anything else is a fault
        assert [e for e in errors if not e.startswith("Failed to load resource")] == []
    finally:
        context.close()
