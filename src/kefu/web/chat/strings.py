"""Every word the chat pages say (the demo wallet, the chat, My conversations), in both languages, by key.

Templates call ``t("key")`` bound to the page's locale; chat.js gets the page locale's whole table in the
page's configuration and looks words up the same way. Both dictionaries must have the same keys (a test
checks, and another that every key chat.js asks for exists), so a Chinese page never shows English.

``{name}`` placeholders are filled with :meth:`str.format` here and by chat.js; the result is plain text,
escaped by the template or set as ``textContent``.
"""

from __future__ import annotations

__all__ = ["LANGUAGE_NAMES", "STRINGS", "translate"]

#: Each locale's name in its own language, for the language switch.
LANGUAGE_NAMES: dict[str, str] = {"zh-CN": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "site_name": "钱包客服",
        "lang_switch_label": "切换语言",
        "back": "返回",
        # the demo wallet: choosing who to be
        "demo_title": "演示钱包",
        "demo_intro": "本页面模拟钱包 App：选择一位演示客户登录，或以游客身份继续，然后体验在线客服。",
        "demo_choose_heading": "选择演示客户",
        "demo_customer_language": "App 语言：{language}",
        "demo_guest": "以游客身份继续",
        "demo_guest_blurb": "未登录：可以咨询，但对话不会保存到账户。",
        "demo_no_secret": "本服务器没有设置身份密钥（KEFU_IDENTITY_SECRET），只能以游客身份体验。",
        "demo_note": "所有演示数据均为虚构。",
        "demo_off": "此服务器未开启演示模式。",
        "demo_unknown_customer": "这不是演示客户，请从演示页面的列表中选择。",
        # the demo wallet: home
        "wallet_title": "我的钱包",
        "wallet_hello": "你好，{name}",
        "wallet_balance": "账户余额",
        "wallet_recent": "最近交易",
        "wallet_get_help": "获取帮助",
        "wallet_get_help_label": "获取帮助：{merchant}",
        "wallet_chat": "在线客服",
        "wallet_history": "我的对话",
        "wallet_cases": "我的案件",
        "wallet_help_center": "帮助中心",
        "wallet_switch": "切换演示客户",
        "wallet_guest_heading": "您尚未登录",
        "wallet_guest_blurb": "登录后可查看余额和交易。未登录也可以联系在线客服。",
        "wallet_signing_in": "正在登录客服…",
        "wallet_signed_in": "已登录客服",
        "wallet_sign_in_failed": "登录客服失败：{message}",
        "tx_type_payment": "消费",
        "tx_type_transfer": "转账",
        "tx_type_top_up": "充值",
        "tx_type_refund": "退款",
        "tx_type_withdrawal": "提现",
        "tx_status_success": "成功",
        "tx_status_pending": "处理中",
        "tx_status_failed": "失败",
        "tx_status_refunded": "已退款",
        # the chat page
        "chat_title": "在线客服",
        "chat_status_bot": "智能助手 · 7×24 小时在线",
        "chat_status_queued": "正在转接人工客服",
        "chat_status_agent": "人工客服",
        "chat_status_ended": "对话已结束",
        "connecting": "正在连接…",
        "reconnecting": "连接已断开，正在重新连接…",
        "polling": "网络不稳定，已切换到备用连接。",
        "connection_lost": "无法连接客服，请检查网络后刷新页面。",
        "messages_label": "对话内容",
        "talk_to_agent": "转人工",
        "end_chat": "结束对话",
        "my_conversations": "我的对话",
        "input_label": "输入消息",
        "input_placeholder": "请输入您的问题…",
        "input_placeholder_leave": "请描述您的问题，我们会转给客服团队…",
        "input_placeholder_ended": "对话已结束",
        "send": "发送",
        "attach": "添加图片或文件",
        "attach_hint": "支持 JPG、PNG、HEIC 图片（单张 10MB 内）和 PDF（20MB 内），一次最多 9 个。",
        "uploading": "正在上传…",
        "attachment_remove": "移除 {name}",
        "attachment_open": "打开 {name}",
        "sender_assistant": "智能助手",
        "sender_agent": "客服",
        "sender_agent_named": "客服 {name}",
        "sender_you": "我",
        "queue_position": "排队中，您是第 {n} 位",
        "queue_waiting": "正在为您转接人工客服，请稍候…",
        "agent_serving": "客服 {name}（工号 {code}）为您服务",
        "typing_agent": "客服正在输入…",
        "typing_assistant": "智能助手正在输入…",
        "read": "已读",
        "sending": "发送中…",
        "send_failed": "发送失败，点击重试",
        "leave_message_notice": (
            "现在不是人工服务时间。您的下一条消息将作为留言转给客服团队并生成案件，客服会在承诺时间前回复您。"
        ),
        "guest_notice": "您正在以游客身份咨询，对话不会保存到账户。",
        "transaction_heading": "咨询的交易",
        "transaction_id": "交易号：{id}",
        "article_read": "查看文章",
        "case_number": "案件号 {number}",
        "ended_heading": "对话已结束",
        "ended_left_message": "已收到您的留言，客服会尽快回复，届时会通知您。",
        "rating_heading": "请为本次服务评分",
        "rating_star_one": "{n} 星",
        "rating_star_other": "{n} 星",
        "rating_comment_label": "还有什么想告诉我们的？（选填）",
        "rating_submit": "提交评价",
        "rating_thanks": "感谢您的评价！",
        "rating_choose": "请先选择 1–5 星。",
        "continue_chat": "继续对话",
        "new_chat": "发起新对话",
        "error_generic": "出了点问题，请稍后再试。",
        "error_network": "网络连接失败，请检查网络后重试。",
        # My conversations
        "history_title": "我的对话",
        "history_search_label": "搜索对话",
        "history_search_placeholder": "关键词或案件号",
        "history_search_button": "搜索",
        "history_loading": "正在加载…",
        "history_empty": "还没有对话记录。",
        "history_no_match": "没有找到与“{q}”相关的对话。",
        "history_topic_none": "一般咨询",
        "history_case": "案件号 {number}",
        "history_status_live": "进行中",
        "history_status_ended": "已结束",
        "history_can_continue": "可继续",
        "history_kept": "对话记录在 App 内保存 180 天。",
        "history_guest": (
            "您目前以游客身份使用。游客身份发起的对话不会保存到账户；登录钱包 App 后，可在这里查看您的对话。"
        ),
        "history_signed_out": "请从钱包 App 进入“我的对话”，App 会自动为您登录。",
        "history_new_chat": "联系在线客服",
        # one past conversation
        "transcript_title": "对话详情",
        "transcript_back": "返回我的对话",
        "transcript_actions": "更多操作",
        "transcript_continue": "继续对话",
        "transcript_email": "发送聊天记录到邮箱",
        "transcript_email_sent": "聊天记录已发送到您的邮箱，图片会作为附件一并发送。",
        "transcript_hide": "从列表中隐藏",
        "transcript_hide_confirm": "要从“我的对话”中隐藏这段对话吗？单条消息不能删除，对话仍会按规定保存。",
        "transcript_hide_yes": "隐藏",
        "transcript_hide_cancel": "取消",
        "transcript_too_old": "最后一条消息已超过 7 天，不能继续这段对话，请发起新对话。",
        "transcript_live": "这段对话仍在进行中。",
        "transcript_open_live": "回到对话",
        "transcript_started": "开始于 {time}",
    },
    "en": {
        "site_name": "Wallet Support",
        "lang_switch_label": "Change language",
        "back": "Back",
        # the demo wallet: choosing who to be
        "demo_title": "Demo wallet",
        "demo_intro": (
            "This page plays the wallet app: sign in as one of the demo customers, or continue as a "
            "guest, then try online chat."
        ),
        "demo_choose_heading": "Choose a demo customer",
        "demo_customer_language": "App language: {language}",
        "demo_guest": "Continue as a guest",
        "demo_guest_blurb": "Not signed in: you can chat, but the chat isn't saved to an account.",
        "demo_no_secret": (
            "This server has no identity secret (KEFU_IDENTITY_SECRET), so you can only try it as a guest."
        ),
        "demo_note": "All demo data is made up.",
        "demo_off": "The demo is not turned on on this server.",
        "demo_unknown_customer": "That is not a demo customer; choose one from the list on the demo page.",
        # the demo wallet: home
        "wallet_title": "My wallet",
        "wallet_hello": "Hi, {name}",
        "wallet_balance": "Balance",
        "wallet_recent": "Recent transactions",
        "wallet_get_help": "Get help",
        "wallet_get_help_label": "Get help with {merchant}",
        "wallet_chat": "Chat with us",
        "wallet_history": "My conversations",
        "wallet_cases": "My cases",
        "wallet_help_center": "Help center",
        "wallet_switch": "Switch demo customer",
        "wallet_guest_heading": "You're not signed in",
        "wallet_guest_blurb": (
            "Sign in to see your balance and transactions. You can chat with us either way."
        ),
        "wallet_signing_in": "Signing in to support…",
        "wallet_signed_in": "Signed in to support",
        "wallet_sign_in_failed": "Could not sign in to support: {message}",
        "tx_type_payment": "Payment",
        "tx_type_transfer": "Transfer",
        "tx_type_top_up": "Top-up",
        "tx_type_refund": "Refund",
        "tx_type_withdrawal": "Withdrawal",
        "tx_status_success": "Completed",
        "tx_status_pending": "Pending",
        "tx_status_failed": "Failed",
        "tx_status_refunded": "Refunded",
        # the chat page
        "chat_title": "Chat with us",
        "chat_status_bot": "Virtual assistant · 24/7",
        "chat_status_queued": "Connecting you to an agent",
        "chat_status_agent": "Agent",
        "chat_status_ended": "Chat ended",
        "connecting": "Connecting…",
        "reconnecting": "Connection lost. Reconnecting…",
        "polling": "The connection is unsteady; using a backup connection.",
        "connection_lost": "We can't reach support. Check your connection and reload the page.",
        "messages_label": "Conversation",
        "talk_to_agent": "Talk to a person",
        "end_chat": "End chat",
        "my_conversations": "My conversations",
        "input_label": "Type a message",
        "input_placeholder": "Type your question…",
        "input_placeholder_leave": "Describe the problem; we'll pass it to the team…",
        "input_placeholder_ended": "This chat has ended",
        "send": "Send",
        "attach": "Add photos or files",
        "attach_hint": "JPG, PNG or HEIC images (up to 10 MB each) and PDFs (up to 20 MB), 9 at a time.",
        "uploading": "Uploading…",
        "attachment_remove": "Remove {name}",
        "attachment_open": "Open {name}",
        "sender_assistant": "Virtual assistant",
        "sender_agent": "Agent",
        "sender_agent_named": "{name}",
        "sender_you": "You",
        "queue_position": "In the queue: you are number {n}",
        "queue_waiting": "Connecting you to an agent, please wait…",
        "agent_serving": "{name} (agent ID {code}) is helping you",
        "typing_agent": "The agent is typing…",
        "typing_assistant": "The assistant is typing…",
        "read": "Read",
        "sending": "Sending…",
        "send_failed": "Not sent. Tap to retry",
        "leave_message_notice": (
            "Agents are offline now. Your next message will be left for the team as a case, and an agent "
            "will reply by the time promised."
        ),
        "guest_notice": "You're chatting as a guest; this chat won't be saved to an account.",
        "transaction_heading": "About this transaction",
        "transaction_id": "Transaction ID: {id}",
        "article_read": "Read the article",
        "case_number": "Case {number}",
        "ended_heading": "This chat has ended",
        "ended_left_message": (
            "Your message has been left for the team; you'll be notified when an agent replies."
        ),
        "rating_heading": "How was our service?",
        "rating_star_one": "{n} star",
        "rating_star_other": "{n} stars",
        "rating_comment_label": "Anything else you'd like to tell us? (optional)",
        "rating_submit": "Submit rating",
        "rating_thanks": "Thanks for your rating!",
        "rating_choose": "Choose 1 to 5 stars first.",
        "continue_chat": "Continue the chat",
        "new_chat": "Start a new chat",
        "error_generic": "Something went wrong; try again in a moment.",
        "error_network": "The connection failed. Check your network and try again.",
        # My conversations
        "history_title": "My conversations",
        "history_search_label": "Search conversations",
        "history_search_placeholder": "Keyword or case number",
        "history_search_button": "Search",
        "history_loading": "Loading…",
        "history_empty": "No conversations yet.",
        "history_no_match": "No conversations match “{q}”.",
        "history_topic_none": "General question",
        "history_case": "Case {number}",
        "history_status_live": "Ongoing",
        "history_status_ended": "Ended",
        "history_can_continue": "Can be continued",
        "history_kept": "Conversations are kept in the app for 180 days.",
        "history_guest": (
            "You're using the app as a guest. Chats started as a guest aren't saved to an account; sign in "
            "to the wallet app to see your conversations here."
        ),
        "history_signed_out": "Open My conversations from the wallet app, which signs you in.",
        "history_new_chat": "Chat with us",
        # one past conversation
        "transcript_title": "Conversation",
        "transcript_back": "Back to My conversations",
        "transcript_actions": "More actions",
        "transcript_continue": "Continue the chat",
        "transcript_email": "Email transcript",
        "transcript_email_sent": "The transcript is on its way to your email, with the images attached.",
        "transcript_hide": "Hide from the list",
        "transcript_hide_confirm": (
            "Hide this conversation from My conversations? Messages can't be deleted; the conversation is "
            "still kept for the retention period."
        ),
        "transcript_hide_yes": "Hide",
        "transcript_hide_cancel": "Cancel",
        "transcript_too_old": (
            "The last message is more than 7 days old, so this chat can't be continued; start a new chat."
        ),
        "transcript_live": "This conversation is still going on.",
        "transcript_open_live": "Back to the chat",
        "transcript_started": "Started {time}",
    },
}


def translate(locale: str, key: str, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English when the locale is unknown), placeholders filled."""
    table = STRINGS.get(locale) or STRINGS["en"]
    text = table[key]
    return text.format(**params) if params else text
