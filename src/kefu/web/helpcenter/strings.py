"""Every word the help center's pages say, in both languages, looked up by key.

Templates call ``t("key")`` (bound to the page's locale by :mod:`kefu.web.helpcenter.render`); routes use
:func:`translate` for the bilingual messages of the errors they raise. Both dictionaries must have the same
keys (a test checks), so a Chinese page never falls back to English text.

``{name}`` placeholders are filled with :meth:`str.format`; the result is plain text, escaped by the template
like any other value.
"""

from __future__ import annotations

__all__ = ["LANGUAGE_NAMES", "STRINGS", "plural", "translate"]

#: Each locale's name in its own language, for the language switch.
LANGUAGE_NAMES: dict[str, str] = {"zh-CN": "中文", "en": "English"}

STRINGS: dict[str, dict[str, str]] = {
    "zh-CN": {
        "site_name": "钱包帮助中心",
        "site_description": "钱包 App 的官方帮助中心：常见问题、账户安全和联系客服的方式。",
        "skip_link": "跳到主要内容",
        "lang_switch_label": "切换语言",
        # the search box
        "search_label": "搜索帮助文章",
        "search_placeholder": "例如：忘记密码",
        "search_button": "搜索",
        "suggestions_label": "搜索建议",
        # home
        "home_title": "首页",
        "hero_heading": "您好，有什么可以帮您？",
        "hero_blurb": "搜索问题，或按分类浏览帮助文章。",
        "categories_heading": "按分类浏览",
        "article_count_one": "{n} 篇文章",
        "article_count_other": "{n} 篇文章",
        "popular_heading": "热门文章",
        # still need help
        "help_heading": "仍需帮助？",
        "help_blurb": "找不到答案时，我们的客服随时为您服务。",
        "help_chat": "在线咨询",
        "help_call": "拨打热线 {number}",
        "help_contact": "全部联系方式",
        # breadcrumbs and article
        "breadcrumbs_label": "当前位置",
        "home_crumb": "首页",
        "related_heading": "相关文章",
        "language_zh-CN": "中文",
        "language_en": "英文",
        # feedback
        "feedback_heading": "这篇文章对您有帮助吗？",
        "feedback_yes": "有帮助",
        "feedback_no": "没有帮助",
        "feedback_thanks_yes": "感谢您的反馈！",
        "feedback_thanks_no": "感谢您告诉我们，我们会改进这篇文章。",
        "feedback_comment_label": "还缺少哪些信息？（选填。请勿填写密码、验证码或卡号）",
        "feedback_comment_send": "提交",
        "feedback_comment_thanks": "已收到您的补充说明，谢谢！",
        "feedback_more_help": "需要人工帮助？",
        # search
        "search_title": "搜索",
        "search_results_for": "“{query}”的搜索结果",
        "search_prompt": "请输入问题或关键词，例如“冻结账户”或“投诉”。",
        "result_count_one": "找到 {n} 篇文章",
        "result_count_other": "找到 {n} 篇文章",
        "did_you_mean": "您是不是要找：",
        "ambiguous": "您要找的是以下哪一篇？",
        "cross_locale_note": "仅有{language}版本",
        "matched_in_note": "匹配自{language}版本",
        "section_label": "相关段落：",
        "results_label": "搜索结果",
        "empty_heading": "没有找到合适的文章",
        "empty_message": "别担心，换个说法再试试，或者直接联系我们，我们很乐意帮忙。",
        "empty_tips_heading": "搜索小技巧",
        "empty_tip_words": "用简短的关键词，例如“转账失败”“退款”",
        "empty_tip_spelling": "检查错别字，或换一个说法",
        "empty_tip_language": "中文、英文或拼音都可以搜索",
        "weak_results_heading": "以下文章或许有帮助",
        # contact
        "contact_title": "联系我们",
        "contact_intro": "以下是我们全部的官方联系渠道（北京时间）。",
        "channel_hours": "服务时间：",
        "safety_heading": "谨防冒充客服的诈骗",
        "safety_never": "我们绝不会以任何方式向您索要登录密码、支付密码（PIN）或短信验证码。",
        "safety_only": "只有本页列出的电话号码，以及以下域名的网站和邮箱属于我们：",
        "safety_verify": "如何核实对方是否为官方客服",
        # footer
        "footer_contact": "联系我们",
        "footer_note": "钱包帮助中心 · 官方渠道以本站公布为准",
        # errors
        "error_title_404": "页面不存在",
        "error_title_422": "无法处理此请求",
        "error_title_5xx": "系统暂时出现问题",
        "error_title_other": "请求未能完成",
        "error_request_id": "请求编号：",
        "error_search_hint": "试试搜索您的问题：",
        "error_home": "返回首页",
        "not_found_locale": "此地址不存在。帮助中心提供中文（/zh-CN/）和英文（/en/）版本。",
        "not_found_category": "这个分类不存在或暂无文章，请返回首页按分类浏览。",
        "not_found_article": "找不到这篇文章，它可能已被移动或删除。请试试搜索。",
        "invalid_vote": "请选择“有帮助”或“没有帮助”后再提交。",
        "starting": "帮助中心正在启动，请稍后刷新页面。",
    },
    "en": {
        "site_name": "Wallet Help Center",
        "site_description": (
            "The wallet app's official help center: answers, account safety and ways to reach us."
        ),
        "skip_link": "Skip to main content",
        "lang_switch_label": "Change language",
        # the search box
        "search_label": "Search help articles",
        "search_placeholder": "e.g. forgot password",
        "search_button": "Search",
        "suggestions_label": "Suggestions",
        # home
        "home_title": "Home",
        "hero_heading": "Hi, how can we help?",
        "hero_blurb": "Search for your question or browse the articles by topic.",
        "categories_heading": "Browse by topic",
        "article_count_one": "{n} article",
        "article_count_other": "{n} articles",
        "popular_heading": "Popular articles",
        # still need help
        "help_heading": "Still need help?",
        "help_blurb": "If you can't find an answer, our support team is here for you.",
        "help_chat": "Chat with us",
        "help_call": "Call {number}",
        "help_contact": "All ways to contact us",
        # breadcrumbs and article
        "breadcrumbs_label": "Breadcrumb",
        "home_crumb": "Home",
        "related_heading": "Related articles",
        "language_zh-CN": "Chinese",
        "language_en": "English",
        # feedback
        "feedback_heading": "Was this helpful?",
        "feedback_yes": "Yes",
        "feedback_no": "No",
        "feedback_thanks_yes": "Thanks for your feedback!",
        "feedback_thanks_no": "Thanks for telling us. We'll use it to improve this article.",
        "feedback_comment_label": (
            "What was missing? (Optional. Never include passwords, codes or card numbers.)"
        ),
        "feedback_comment_send": "Send",
        "feedback_comment_thanks": "We got your comment. Thank you!",
        "feedback_more_help": "Need a person to help?",
        # search
        "search_title": "Search",
        "search_results_for": "Results for “{query}”",
        "search_prompt": "Type a question or a few words, e.g. “freeze my account” or “complaint”.",
        "result_count_one": "{n} result",
        "result_count_other": "{n} results",
        "did_you_mean": "Did you mean:",
        "ambiguous": "Did you mean one of these?",
        "cross_locale_note": "Only in {language}",
        "matched_in_note": "Matched the {language} version",
        "section_label": "Section: ",
        "results_label": "Search results",
        "empty_heading": "We couldn't find a good match",
        "empty_message": "Don't worry. Try other words, or ask us directly; we're happy to help.",
        "empty_tips_heading": "Search tips",
        "empty_tip_words": "Use a few key words, like “transfer failed” or “refund”",
        "empty_tip_spelling": "Check the spelling, or say it another way",
        "empty_tip_language": "You can search in English or Chinese",
        "weak_results_heading": "These articles might still help",
        # contact
        "contact_title": "Contact us",
        "contact_intro": "These are all of our official support channels (hours in Beijing time).",
        "channel_hours": "Hours: ",
        "safety_heading": "Beware of impersonators",
        "safety_never": "We will never ask for your password, PIN or SMS verification codes, by any channel.",
        "safety_only": "Only the numbers on this page, and websites and email on these domains, are ours:",
        "safety_verify": "How to check that a contact is really us",
        # footer
        "footer_contact": "Contact us",
        "footer_note": "Wallet Help Center · Official channels are only those listed here",
        # errors
        "error_title_404": "Page not found",
        "error_title_422": "We couldn't use that request",
        "error_title_5xx": "Something went wrong on our side",
        "error_title_other": "The request didn't work",
        "error_request_id": "Request ID: ",
        "error_search_hint": "Try searching for your question:",
        "error_home": "Back to the home page",
        "not_found_locale": "Nothing here. The help center is in Chinese (/zh-CN/) and English (/en/).",
        "not_found_category": (
            "This topic doesn't exist or has no articles yet; browse the topics on the home page."
        ),
        "not_found_article": "We can't find this article; it may have moved or been removed. Try a search.",
        "invalid_vote": "Choose “Yes” or “No” before sending.",
        "starting": "The help center is starting up; refresh the page in a moment.",
    },
}


def translate(locale: str, key: str, **params: object) -> str:
    """The text for ``key`` in ``locale`` (English when the locale is unknown), placeholders filled."""
    table = STRINGS.get(locale) or STRINGS["en"]
    text = table[key]
    return text.format(**params) if params else text


def plural(locale: str, key: str, n: int) -> str:
    """``key_one`` or ``key_other`` for ``n`` (Chinese has one form; the table repeats it)."""
    return translate(locale, f"{key}_one" if n == 1 else f"{key}_other", n=n)
