"""Splitting a body at bold headings into plain-text sections with numbered steps."""

from __future__ import annotations

from kefu.kb import Section, split_sections

BODY = """A case number lets you follow a problem that could not be solved at once.

**Find your number**

- In the SMS sent when the case was opened.
- Under **Me > Help center > My cases**.

**Check the status**

1. Open **My cases**.
2. Tap the case, then choose one of:
   - **Details** for the latest update, or
   - **History** for every step so far.
3. Read the [expected date](https://example.com/dates).

| Status | Meaning |
|---|---|
| Received | We have **registered** it. |
| Closed | The case is finished. |

**Reopen a case**
Tap **Still have a problem** within 30 days.

After that, start a `new` case.
"""


def test_sections_split_at_bold_heading_lines() -> None:
    sections = split_sections(BODY)
    assert [section.heading for section in sections] == [
        "",
        "Find your number",
        "Check the status",
        "Reopen a case",
    ]
    assert sections[0] == Section(
        heading="", text="A case number lets you follow a problem that could not be solved at once."
    )


def test_bullets_lose_their_markers_and_bold() -> None:
    assert split_sections(BODY)[1].text == (
        "In the SMS sent when the case was opened.\nUnder Me > Help center > My cases."
    )


def test_numbered_steps_are_plain_text_with_sub_lists_folded_in() -> None:
    assert split_sections(BODY)[2].steps == (
        "Open My cases.",
        "Tap the case, then choose one of: Details for the latest update, or History for every step so far.",
        "Read the expected date.",
    )


def test_table_rows_become_lines_of_cells() -> None:
    lines = split_sections(BODY)[2].text.splitlines()
    assert lines[-3:] == ["Status Meaning", "Received We have registered it.", "Closed The case is finished."]
    assert "|" not in split_sections(BODY)[2].text


def test_text_written_right_under_a_heading_belongs_to_it() -> None:
    section = split_sections(BODY)[3]
    assert section.text == "Tap Still have a problem within 30 days.\nAfter that, start a new case."
    assert section.steps == ()


def test_bold_inside_a_sentence_is_not_a_heading() -> None:
    sections = split_sections(
        "**Transfers to bank cards** share the daily limit.\n\n**Limits**\n\nSee below.\n"
    )
    assert [section.heading for section in sections] == ["", "Limits"]
    assert sections[0].text == "Transfers to bank cards share the daily limit."


def test_chinese_body_and_markdown_headings() -> None:
    body = (
        "## 取消方法\n\n"
        "1. 点击要取消的服务。\n"
        "2. 点击**关闭服务**，输入支付密码确认。\n\n"
        "**须知**\n\n"
        "- 协议立即终止。\n"
    )
    sections = split_sections(body)
    assert [section.heading for section in sections] == ["取消方法", "须知"]
    assert sections[0].steps == ("点击要取消的服务。", "点击关闭服务，输入支付密码确认。")
    assert sections[1].text == "协议立即终止。"


def test_a_body_without_headings_is_one_section() -> None:
    assert split_sections("Just one paragraph.\n") == (Section(heading="", text="Just one paragraph."),)


def test_raw_html_is_kept_as_text() -> None:
    assert split_sections("Press <b>OK</b>.\n")[0].text == "Press <b>OK</b>."
