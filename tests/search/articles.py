"""A small bilingual help center for search-engine tests, and how to write it as files.

The articles are written for these tests (not copied from any corpus). Several are deliberately
confusable: forgetting the payment PIN vs the login password, freezing vs unfreezing an account.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import yaml

#: (slug, locale) → (title, category, tags, body)
Article = tuple[str, str, list[str], str]

ARTICLES: dict[tuple[str, str], Article] = {
    ("forgot-payment-pin", "en"): (
        "Forgot your payment PIN",
        "security",
        ["payment PIN", "forgot PIN", "reset PIN"],
        "The payment PIN is the six-digit code you enter to confirm payments and transfers. "
        "It is not the password you use to log in.\n\n"
        "**Reset the PIN**\n\n"
        "1. Open **Me > Security > Payment PIN**.\n"
        "2. Tap **Forgot PIN** and confirm with a face scan.\n"
        "3. Enter the new six-digit PIN twice.\n\n"
        "**After a reset**\n\n"
        "The new PIN works at once. Transfers to new recipients are capped for one day after a reset.",
    ),
    ("forgot-payment-pin", "zh-CN"): (
        "忘记支付密码",
        "security",
        ["支付密码", "重置支付密码", "六位数字"],
        "支付密码是付款和转账时输入的六位数字，与登录时使用的密码不是同一个，请分别保管。\n\n"
        "**重置支付密码**\n\n"
        "1. 打开**我的 > 安全 > 支付密码**。\n"
        "2. 点击**忘记支付密码**，并完成刷脸验证。\n"
        "3. 输入两次新的六位支付密码。\n\n"
        "**重置之后**\n\n"
        "新的支付密码立即生效。重置后一天内，向新收款人转账的金额会受到限制。",
    ),
    ("forgot-login-password", "en"): (
        "Forgot your login password",
        "account",
        ["login password", "sign in", "reset password"],
        "Your login password opens the app on a new phone or after you sign out. "
        "It is different from the payment PIN.\n\n"
        "**Reset the login password**\n\n"
        "1. On the sign-in screen tap **Forgot password**.\n"
        "2. Enter the verification code sent by SMS to your registered phone number.\n"
        "3. Choose a new password of 8 to 20 letters and digits.\n\n"
        "**Too many attempts**\n\n"
        "After five wrong passwords in a row, sign-in is blocked for thirty minutes.",
    ),
    ("forgot-login-password", "zh-CN"): (
        "忘记登录密码",
        "account",
        ["登录密码", "登录", "重置登录密码"],
        "登录密码用于在新手机上或退出后重新登录应用，它和支付密码是两个不同的密码。\n\n"
        "**重置登录密码**\n\n"
        "1. 在登录页点击**忘记密码**。\n"
        "2. 输入发送到注册手机号的短信验证码。\n"
        "3. 设置由字母和数字组成的8到20位新密码。\n\n"
        "**多次输错**\n\n"
        "连续输错五次登录密码后，三十分钟内无法登录，请稍后再试。",
    ),
    ("freeze-account", "en"): (
        "Freeze your account after losing your phone",
        "security",
        ["freeze", "lost phone", "stolen phone"],
        "If your phone is lost or stolen, freeze the wallet first so nobody can spend your balance.\n\n"
        "**How to freeze**\n\n"
        "1. Call the hotline from any phone and choose the freeze option.\n"
        "2. Confirm your identity with the last four digits of your ID number.\n\n"
        "While the account is frozen, payments, transfers and withdrawals are blocked.",
    ),
    ("freeze-account", "zh-CN"): (
        "手机丢失后冻结账户",
        "security",
        ["冻结", "手机丢失", "手机被盗"],
        "如果手机丢失或被盗，请先冻结钱包，防止他人使用您的余额付款。\n\n"
        "**冻结方法**\n\n"
        "1. 用任意电话拨打客服热线，选择冻结账户。\n"
        "2. 提供身份证号码后四位以核实身份。\n\n"
        "账户冻结期间，付款、转账和提现都会被暂停，余额不会受到任何影响。",
    ),
    ("unfreeze-account", "en"): (
        "Unfreeze your account",
        "security",
        ["unfreeze", "unblock account", "frozen account"],
        "Once your phone is back or replaced, you can lift the freeze yourself.\n\n"
        "**Unfreeze in the app**\n\n"
        "1. Sign in on your new phone.\n"
        "2. Open **Me > Security > Unfreeze** and pass a face scan.\n\n"
        "Payments and transfers work again within a few minutes of unfreezing.",
    ),
    ("unfreeze-account", "zh-CN"): (
        "解冻账户",
        "security",
        ["解冻", "解除冻结", "账户被冻结"],
        "找回手机或换了新手机后，您可以自己解除账户冻结，无需联系客服。\n\n"
        "**在应用内解冻**\n\n"
        "1. 在新手机上登录钱包应用。\n"
        "2. 打开**我的 > 安全 > 解冻账户**并完成刷脸验证。\n\n"
        "解冻后几分钟内即可恢复付款和转账等全部功能。",
    ),
    ("withdraw-to-bank", "en"): (
        "Withdraw money to your bank card",
        "topup-withdraw",
        ["withdraw", "bank card", "cash out"],
        "You can move your wallet balance to a linked debit card at any time.\n\n"
        "**Steps**\n\n"
        "1. Open **Me > Balance > Withdraw**.\n"
        "2. Choose a linked debit card and enter the amount.\n"
        "3. Confirm with your payment PIN.\n\n"
        "**Arrival time**\n\n"
        "Most withdrawals arrive within two hours; large amounts may take one business day.",
    ),
    ("withdraw-to-bank", "zh-CN"): (
        "提现到银行卡",
        "topup-withdraw",
        ["提现", "银行卡", "转出余额"],
        "您可以随时把钱包余额提现到已绑定的借记卡，每天的提现次数没有限制。\n\n"
        "**操作步骤**\n\n"
        "1. 打开**我的 > 余额 > 提现**。\n"
        "2. 选择已绑定的借记卡并输入金额。\n"
        "3. 输入支付密码确认。\n\n"
        "**到账时间**\n\n"
        "大多数提现在两小时内到账，金额较大时可能需要一个工作日。",
    ),
    ("transaction-history", "en"): (
        "View your transaction history",
        "statements",
        ["history", "transactions", "records"],
        "Every payment, transfer, top-up and withdrawal is listed in your transaction history.\n\n"
        "**Find a transaction**\n\n"
        "1. Open **Me > Bills**.\n"
        "2. Filter by month or by type, or search for a merchant name.\n\n"
        "Records from the last five years can be viewed in the app.",
    ),
    ("transaction-history", "zh-CN"): (
        "查看交易记录",
        "statements",
        ["交易记录", "账单", "明细"],
        "每一笔付款、转账、充值和提现都会显示在交易记录中，方便您随时核对。\n\n"
        "**查找某笔交易**\n\n"
        "1. 打开**我的 > 账单**。\n"
        "2. 按月份或类型筛选，也可以搜索商户名称。\n\n"
        "应用内可以查看最近五年的交易记录。",
    ),
    ("track-case", "en"): (
        "Track the progress of your case",
        "complaints",
        ["case number", "progress", "complaint status"],
        "Each complaint gets a case number. You can follow its progress at any time.\n\n"
        "**Check the progress**\n\n"
        "1. Open **Me > Help > My cases**.\n"
        "2. Tap the case to see each step and the expected reply date.",
    ),
    ("track-case", "zh-CN"): (
        "查询工单进度",
        "complaints",
        ["工单", "进度", "投诉进度"],
        "每一次投诉都会生成一个工单编号，您可以随时查询处理进度，了解客服的最新回复。\n\n"
        "**查看进度**\n\n"
        "1. 打开**我的 > 帮助 > 我的工单**。\n"
        "2. 点击工单即可查看每一步的处理情况和预计回复日期。",
    ),
}


def article_text(title: str, locale: str, category: str, tags: list[str], slug: str, body: str) -> str:
    front = {"title": title, "locale": locale, "category": category, "tags": tags, "translation_key": slug}
    return "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + body + "\n"


def write_articles(
    directory: Path,
    articles: Mapping[tuple[str, str], Article] = ARTICLES,
    *,
    only: Iterable[str] | None = None,
) -> Path:
    """Write ``articles`` (optionally only some slugs) as ``<slug>.<locale>.md`` files into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    keep = set(only) if only is not None else None
    for (slug, locale), (title, category, tags, body) in articles.items():
        if keep is not None and slug not in keep:
            continue
        text = article_text(title, locale, category, tags, slug, body)
        (directory / f"{slug}.{locale}.md").write_text(text, encoding="utf-8")
    return directory
