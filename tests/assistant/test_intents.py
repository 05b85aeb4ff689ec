"""Intent detection: requests in Chinese, English, mixed, misspelt and pinyin text — and ordinary questions
that must stay questions for the search."""

from __future__ import annotations

import pytest

from kefu.assistant import detect


def _intent(text: str) -> tuple[str | None, str]:
    found = detect(text)
    return found.intent, found.kind


@pytest.mark.parametrize(
    "text",
    [
        "人工",
        "转人工",
        "我要人工客服",
        "客服",
        "找客服！",
        "联系客服",
        "agent",
        "human",
        "I want to talk to a real person",
        "can I speak to someone please",
        "connect me to an operator",
        # mixed Chinese and English
        "我要agent",
        "转人工 pls",
        "agent 快点",
        # misspelt
        "reel persn",
        "agnet",
        "humna",
        "talk to a humna pls",
        # pinyin typed without tones, spaced or not
        "zhuan rengong",
        "zhuanrengong",
        "wo yao ren gong",
        "kefu",
    ],
)
def test_asking_for_a_person(text: str) -> None:
    assert _intent(text) == ("handoff", "human")


def test_a_bare_request_is_whole_and_a_question_is_not() -> None:
    assert detect("agent pls!").whole
    embedded = detect("how do I contact a human agent about my refund")
    assert embedded.intent == "handoff" and not embedded.whole


@pytest.mark.parametrize(
    "text",
    [
        "refund not received",
        "can I get an email copy of what the agent told me in chat last month",
        "old support chats",
        "和客服的聊天纪录在哪看",
        "客服电话是多少",
        "客服让我发截图，但是图片发不出去",
        "上周跟人工沟通的内容还能翻出来吗",
        "I don't want to talk to a person, just tell me the fee",
        "周五提现到银行卡，现在还显示处理中，要不要找客服？",
        "agency fees for international transfers",
        "how do I contact the person I sent money to by mistake",
        "联系客服时的隐私保护",
        "通过短信联系客服",
        "人工服务时间",
        "what is an agent ID",
    ],
)
def test_questions_about_support_are_not_hand_offs(text: str) -> None:
    assert detect(text).intent is None


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("I lost my phone", "lost_phone"),
        ("my phone was stolen on the bus", "lost_phone"),
        ("phone lost, what do I do", "lost_phone"),
        ("My mum's phone got snatched at the market", "lost_phone"),
        ("手机丢了", "lost_phone"),
        ("手机在地铁上被偷了！！！怎么办？？？", "lost_phone"),
        ("电话落在出租车上了找不回来", "lost_phone"),
        ("I think I got scammed", "fraud"),
        ("我被骗了", "fraud"),
        ("FRAUD!!!", "fraud"),
        ("there is fraud on my account", "fraud"),
        ("a fake customer service guy called and I transferred 2000 to him", "fraud"),
        ("unauthorised payment on my account", "unauthorised"),
        ("unauthorised paymnet", "unauthorised"),
        ("someone spent money from my wallet and it wasn't me", "unauthorised"),
        ("I didn't make this payment", "unauthorised"),
        ("账户被盗刷了", "unauthorised"),
        ("这笔不是我付的", "unauthorised"),
        ("I gave the caller my SMS code", "shared_code"),
        ("我把验证码告诉了对方", "shared_code"),
    ],
)
def test_emergencies(text: str, kind: str) -> None:
    assert _intent(text) == ("emergency", kind)


@pytest.mark.parametrize(
    "text",
    [
        "I lost my receipt",
        "I didn't lose my phone, I lost my card receipt",
        "my last phone bill looks wrong",
        "I lost my phone number, how do I change it",
        "手机号丢了怎么办",
        "在手机上找不到这个功能",
        "mobile recharge missing after 2 hours",
        "how to avoid getting scammed",
        "如何防止被骗",
        "how do you protect me from fraud",
        "I never gave anyone my code",
        "也没把验证码给过别人，这钱能追回来吗",
        "the code sent to me doesn't work",
        "客服告诉我密码要6位",
        "I lost money on a coupon that expired",
        "I switched phones and lost my chat history",
    ],
)
def test_not_emergencies(text: str) -> None:
    assert detect(text).intent != "emergency"


@pytest.mark.parametrize(
    "text",
    [
        "they asked me to move my money to a safe account",
        "对方让我把钱转到安全账户",
        "someone wants me to share my screen",
        "客服让我开屏幕共享",
        "he told me to download AnyDesk",
        "对方让我下载一个远程控制软件",
        "someone called and asked for my verification code, is that legit?",
        "有人问我要验证码",
        "有个自称你们工作人员的人说要退我钱，让我先付手续费",
        "scam call pretending to be custmer service",
    ],
)
def test_scam_warnings(text: str) -> None:
    assert detect(text).intent == "scam_warning"


def test_real_words_are_not_read_as_typos() -> None:
    """Only words that are not English are repaired: "same" is not "safe", "scan" not "scam"."""
    assert detect("I sent money to the same account twice").intent is None
    assert detect("scan code to pay").intent is None
    assert detect("my passport was rejected").intent is None
    assert detect("where is my refnd").intent is None


@pytest.mark.parametrize(
    "text",
    ["the app asks for my password every time", "how do I download the app", "I want to change my password"],
)
def test_ordinary_mentions_of_codes_and_apps_are_not_scams(text: str) -> None:
    assert detect(text).intent is None


@pytest.mark.parametrize(
    "text",
    ["投诉", "我要投诉", "I want to complain", "complain about agent", "file a formal complaint", "complian"],
)
def test_complaints(text: str) -> None:
    assert detect(text).intent == "complaint"


@pytest.mark.parametrize("text", ["投诉进度", "how long does a complaint take", "complaint status"])
def test_questions_about_complaints_are_questions(text: str) -> None:
    assert detect(text).intent is None


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("my case C240518000123", "C240518000123"),
        ("查一下 CP240518000123", "CP240518000123"),
        ("d 240518 000123 status?", None),
        ("what about d240518000123", "D240518000123"),
        ("case c-240518000123 please", "C240518000123"),
        ("my phone is 13800138000", None),
        ("C2405180001234", None),
    ],
)
def test_case_numbers(text: str, number: str | None) -> None:
    assert detect(text).case_number == number


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("English", "en"),
        ("english please", "en"),
        ("speak english", "en"),
        ("说英文", "en"),
        ("说中文", "zh-CN"),
        ("中文", "zh-CN"),
        ("chinese please", "zh-CN"),
        ("zhongwen", "zh-CN"),
        ("englsh", "en"),
    ],
)
def test_language_switch(text: str, target: str) -> None:
    assert _intent(text) == ("language", target)


@pytest.mark.parametrize(
    "text",
    [
        "账单里有个看不懂的英文名扣了我68块",
        "can I get my statement in English or only Chinese?",
        "英文名字填错了",
    ],
)
def test_words_about_language_are_not_switches(text: str) -> None:
    assert detect(text).intent != "language"


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("thanks", "thanks"),
        ("thank you so much!", "thanks"),
        ("谢谢", "thanks"),
        ("bye", "bye"),
        ("ok thanks bye", "bye"),
        ("再见", "bye"),
        ("hi", "greeting"),
        ("你好", "greeting"),
        ("在吗", "greeting"),
    ],
)
def test_small_talk(text: str, intent: str) -> None:
    assert detect(text).intent == intent


@pytest.mark.parametrize(
    "text", ["hi, my transfer is stuck", "thanks, but how do I close my account", "你好，退款没到账"]
)
def test_small_talk_around_a_question_is_a_question(text: str) -> None:
    assert detect(text).intent is None


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("where is my refund", "en"),
        ("退款没到账", "zh-CN"),
        ("转账一直processing，朋友说没收到", "zh-CN"),
        ("zhuan rengong", "zh-CN"),
        ("ok", None),
        ("agent", None),
    ],
)
def test_the_language_a_message_is_written_in(text: str, locale: str | None) -> None:
    assert detect(text).locale == locale


def test_traditional_characters_and_full_width_text_are_understood() -> None:
    assert detect("轉人工").intent == "handoff"
    assert detect("ＡＧＥＮＴ").intent == "handoff"
    assert detect("手機被偷了").intent == "emergency"


def test_nothing_to_read() -> None:
    assert detect("").empty
    assert detect("🙂").empty
    assert not detect("?").whole or detect("?").empty
