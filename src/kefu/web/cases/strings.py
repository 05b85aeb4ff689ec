"""Every word the "My cases" pages say, in both languages, by key (all keys start with ``cases_``).

The pages share the chat pages' frame (header, language switch, common.js), so :func:`translate` falls back
to :data:`kefu.web.chat.strings.STRINGS` for the words of that frame (``site_name``, ``back``,
``error_generic``, ...); cases.js gets both tables merged. Both locales must have the same keys and
placeholders, and no key may shadow a chat word (tests check). Statuses come from the cases domain
(:func:`kefu.cases.states.status_name`), not from here, so a status reads the same everywhere.
"""

from __future__ import annotations

from kefu.web.chat.strings import STRINGS

__all__ = ["CASE_STRINGS", "COMPLAINT_TOPICS", "page_strings", "translate"]

#: The topics the complaint form offers (``cases_topic_<key>``), from "File a formal complaint".
COMPLAINT_TOPICS: tuple[str, ...] = ("service", "decision", "financial_loss", "other")

CASE_STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        # My cases
        "cases_title": "我的案件",
        "cases_tabs_label": "案件类型",
        "cases_tab_cases": "我的案件",
        "cases_tab_complaints": "我的投诉",
        "cases_lookup_label": "按编号查找我的案件",
        "cases_lookup_placeholder": "案件或投诉编号",
        "cases_lookup_button": "查找",
        "cases_lookup_empty": "请输入案件编号。",
        "cases_lookup_hint": "只能查到您本人的案件和投诉。",
        "cases_loading": "正在加载…",
        "cases_empty_cases": "您目前没有服务案件。",
        "cases_empty_complaints": "您目前没有投诉。",
        "cases_updated": "最新进展：{time}",
        "cases_expected": "预计答复：{date}",
        "cases_overdue": "已过预计答复日期",
        "cases_kind_case": "服务案件",
        "cases_kind_complaint": "投诉",
        "cases_kind_dispute": "交易争议",
        "cases_new_complaint": "提交投诉",
        "cases_signed_out": "请从钱包 App 的“我的案件”进入，App 会自动为您登录。",
        "cases_guest": "您目前以游客身份使用，无法查看案件。请登录钱包 App 后从“我的案件”进入。",
        # one case
        "cases_case_title": "案件 {number}",
        "cases_complaint_title": "投诉 {number}",
        "cases_dispute_title": "争议 {number}",
        "cases_back": "返回我的案件",
        "cases_topic": "主题",
        "cases_expected_label": "预计答复日期",
        "cases_updated_label": "最新进展",
        "cases_received": "受理时间",
        "cases_transaction": "相关交易",
        "cases_summary": "问题描述",
        "cases_outcome": "期望的处理结果",
        "cases_waiting_hint": "我们需要您补充信息，请点击“补充信息”。超过 7 天未补充，案件将会关闭。",
        "cases_overdue_hint": "已过预计答复日期仍未解决，您可以申请升级。",
        "cases_actions_label": "您可以",
        "cases_add_information": "补充信息",
        "cases_information_label": "需要补充的信息",
        "cases_information_submit": "提交",
        "cases_information_done": "已提交补充信息。",
        "cases_escalate": "未解决，申请升级",
        "cases_escalate_label": "请简要说明为什么问题仍未解决",
        "cases_escalate_note": "将由未处理过此案件的高级专员复核，并在 5 个工作日内答复。",
        "cases_escalate_submit": "申请升级",
        "cases_escalate_done": "已申请升级，高级专员将在 5 个工作日内答复。",
        "cases_reopen": "仍有问题",
        "cases_reopen_label": "还有什么问题没有解决？",
        "cases_reopen_submit": "重新开启案件",
        "cases_reopen_done": "案件已重新开启，我们会尽快处理。",
        "cases_evidence": "证据材料",
        "cases_evidence_add": "添加证据",
        "cases_evidence_label": "选择截图、收据或聊天记录",
        "cases_evidence_submit": "上传",
        "cases_evidence_choose": "请先选择文件。",
        "cases_evidence_done": "已上传 {n} 个文件。",
        "cases_evidence_none": "还没有证据材料。",
        "cases_download": "下载案件档案",
        "cases_complain": "对处理不满意？提交投诉",
        "cases_timeline": "处理记录",
        "cases_sending": "正在提交…",
        "cases_who_you": "您",
        "cases_who_support": "客服",
        "cases_who_system": "系统",
        "cases_event_created": "已创建案件",
        "cases_event_complaint_filed": "已提交投诉",
        "cases_event_status_changed": "状态更新",
        "cases_event_information_added": "补充了信息",
        "cases_event_reply": "客服回复",
        "cases_event_assigned": "已分配专员",
        "cases_event_escalated": "已申请升级，等待高级复核",
        "cases_event_deadline_changed": "预计答复日期已调整",
        "cases_event_reopened": "已重新开启",
        "cases_event_auto_closed": "已自动关闭",
        "cases_event_overdue": "已过预计答复日期",
        "cases_event_extended": "处理期限已延长",
        "cases_event_final_response": "最终答复",
        "cases_event_email_received": "收到您的邮件",
        "cases_event_evidence_added": "添加了证据材料",
        "cases_filed": (
            "投诉已提交，编号 {number}。我们会在 24 小时内确认受理，15 个工作日内给出最终书面答复。"
        ),
        # the complaint form
        "cases_complaint_new_title": "提交投诉",
        "cases_complaint_intro": (
            "投诉由独立于日常客服的投诉团队处理：24 小时内确认受理，15 个工作日内给出最终书面答复。"
            "一般咨询或首次反映问题，使用在线客服会更快。"
        ),
        "cases_complaint_topic": "投诉类型",
        "cases_topic_service": "服务问题（信息错误、态度不好）",
        "cases_topic_decision": "对处理结果有异议（争议、退款、账户审核）",
        "cases_topic_financial_loss": "造成了资金损失",
        "cases_topic_other": "其他",
        "cases_complaint_summary": "发生了什么？请写明时间和经过",
        "cases_complaint_outcome": "您希望我们如何处理？（例如退回 200 元、更正记录）",
        "cases_complaint_case": "相关案件（选填）",
        "cases_complaint_case_none": "无",
        "cases_complaint_transaction": "相关交易号（选填）",
        "cases_complaint_evidence": "证据（选填）：截图、收据、聊天记录",
        "cases_complaint_submit": "提交投诉",
        "cases_complaint_evidence_failed": "投诉 {number} 已提交，但证据未能上传：{message}",
        "cases_complaint_open": "查看投诉 {number}",
    },
    "en": {
        # My cases
        "cases_title": "My cases",
        "cases_tabs_label": "Kind of case",
        "cases_tab_cases": "My cases",
        "cases_tab_complaints": "My complaints",
        "cases_lookup_label": "Find my case by number",
        "cases_lookup_placeholder": "Case or complaint number",
        "cases_lookup_button": "Find",
        "cases_lookup_empty": "Type a case number first.",
        "cases_lookup_hint": "Only your own cases and complaints can be found.",
        "cases_loading": "Loading…",
        "cases_empty_cases": "You have no service cases.",
        "cases_empty_complaints": "You have no complaints.",
        "cases_updated": "Latest update: {time}",
        "cases_expected": "Expected answer by {date}",
        "cases_overdue": "Past the expected date",
        "cases_kind_case": "Service case",
        "cases_kind_complaint": "Complaint",
        "cases_kind_dispute": "Payment dispute",
        "cases_new_complaint": "File a complaint",
        "cases_signed_out": "Open My cases from the wallet app, which signs you in.",
        "cases_guest": (
            "You're using the app as a guest, so there are no cases to show. Sign in to the wallet app and "
            "open My cases from there."
        ),
        # one case
        "cases_case_title": "Case {number}",
        "cases_complaint_title": "Complaint {number}",
        "cases_dispute_title": "Dispute {number}",
        "cases_back": "Back to My cases",
        "cases_topic": "Topic",
        "cases_expected_label": "Expected answer date",
        "cases_updated_label": "Latest update",
        "cases_received": "Received",
        "cases_transaction": "Related transaction",
        "cases_summary": "What happened",
        "cases_outcome": "Desired outcome",
        "cases_waiting_hint": (
            "We need information from you: tap Add information. Cases left waiting for more than 7 days "
            "are closed."
        ),
        "cases_overdue_hint": "The expected date has passed without an answer: you can escalate the case.",
        "cases_actions_label": "What you can do",
        "cases_add_information": "Add information",
        "cases_information_label": "The information to add",
        "cases_information_submit": "Send",
        "cases_information_done": "Your information has been added.",
        "cases_escalate": "Not resolved – escalate",
        "cases_escalate_label": "Briefly, why doesn't the answer solve your problem?",
        "cases_escalate_note": (
            "A senior specialist who hasn't handled your case reviews it and replies within 5 business days."
        ),
        "cases_escalate_submit": "Escalate",
        "cases_escalate_done": "Escalated: a senior specialist will reply within 5 business days.",
        "cases_reopen": "Still have a problem",
        "cases_reopen_label": "What is still wrong?",
        "cases_reopen_submit": "Reopen the case",
        "cases_reopen_done": "The case is open again; we'll get back to you.",
        "cases_evidence": "Evidence",
        "cases_evidence_add": "Add evidence",
        "cases_evidence_label": "Choose screenshots, receipts or chat records",
        "cases_evidence_submit": "Upload",
        "cases_evidence_choose": "Choose a file first.",
        "cases_evidence_done": "Files added: {n}.",
        "cases_evidence_none": "No evidence yet.",
        "cases_download": "Download the case file",
        "cases_complain": "Not satisfied? File a complaint",
        "cases_timeline": "Timeline",
        "cases_sending": "Sending…",
        "cases_who_you": "You",
        "cases_who_support": "Customer service",
        "cases_who_system": "System",
        "cases_event_created": "Case opened",
        "cases_event_complaint_filed": "Complaint filed",
        "cases_event_status_changed": "Status updated",
        "cases_event_information_added": "Information added",
        "cases_event_reply": "Reply from customer service",
        "cases_event_assigned": "A specialist was assigned",
        "cases_event_escalated": "Escalated for senior review",
        "cases_event_deadline_changed": "Expected date moved",
        "cases_event_reopened": "Reopened",
        "cases_event_auto_closed": "Closed automatically",
        "cases_event_overdue": "Past the expected date",
        "cases_event_extended": "Deadline extended",
        "cases_event_final_response": "Final response",
        "cases_event_email_received": "Your email received",
        "cases_event_evidence_added": "Evidence added",
        "cases_filed": (
            "Complaint filed: number {number}. We'll acknowledge it within 24 hours and send a final written "
            "response within 15 business days."
        ),
        # the complaint form
        "cases_complaint_new_title": "File a complaint",
        "cases_complaint_intro": (
            "Complaints are handled by a team separate from everyday customer service: acknowledged within "
            "24 hours, with a final written response within 15 business days. For ordinary questions, or to "
            "report a problem for the first time, online chat is faster."
        ),
        "cases_complaint_topic": "What is it about?",
        "cases_topic_service": "The service (wrong information, rudeness)",
        "cases_topic_decision": "A decision (dispute, refund, account review)",
        "cases_topic_financial_loss": "A financial loss",
        "cases_topic_other": "Something else",
        "cases_complaint_summary": "What happened, and when?",
        "cases_complaint_outcome": (
            "What would you like us to do? (for example, refund ¥200 or correct a record)"
        ),
        "cases_complaint_case": "Related case (optional)",
        "cases_complaint_case_none": "None",
        "cases_complaint_transaction": "Related transaction ID (optional)",
        "cases_complaint_evidence": "Evidence (optional): screenshots, receipts, chat records",
        "cases_complaint_submit": "Submit the complaint",
        "cases_complaint_evidence_failed": (
            "Complaint {number} was filed, but the evidence wasn't uploaded: {message}"
        ),
        "cases_complaint_open": "Open complaint {number}",
    },
}


def translate(locale: str, key: str, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English when the locale is unknown), from these words or the chat
    pages' frame, placeholders filled."""
    table = CASE_STRINGS.get(locale) or CASE_STRINGS["en"]
    text = table.get(key) or (STRINGS.get(locale) or STRINGS["en"])[key]
    return text.format(**params) if params else text


def page_strings(locale: str) -> dict[str, str]:
    """Every word a page's scripts may look up: the chat frame's (common.js) and these."""
    chosen = locale if locale in CASE_STRINGS else "en"
    return {**STRINGS[chosen], **CASE_STRINGS[chosen]}
