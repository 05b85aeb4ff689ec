"""The assistant end to end over a real help center (kefu's starter articles, lexical search)."""

from __future__ import annotations

import json

import pytest

from kefu.assistant import Assistant, CaseStatus, Context, Reply
from kefu.errors import InvalidInput
from kefu.search.engine import SearchEngine

from .conftest import FOREIGN_CASE, OWN_CASE
from .helpcenter import HelpCenterTools


def _next(reply: Reply, channel: str = "chat") -> Context:
    """The context of the turn after ``reply``, as a caller storing Reply.state would build it."""
    return Context(reply.locale, channel=channel, state=reply.state)


def _payloads(reply: Reply) -> list[str]:
    return [q.payload for q in reply.quick_replies]


# ---------------------------------------------------------------------------------------------- menus
@pytest.mark.parametrize("locale", ["zh-CN", "en"])
def test_greeting_offers_the_problem_types_and_a_person(
    assistant: Assistant, tools: HelpCenterTools, locale: str
) -> None:
    reply = assistant.greet(Context(locale))
    assert reply.intent == "greeting" and reply.locale == locale
    categories = [c.key for c in tools.categories(locale)]
    assert _payloads(reply) == [f"category:{key}" for key in categories] + ["human"]
    assert not reply.handoff and json.loads(json.dumps(reply.state)) == reply.state


def test_hello_typed_is_a_greeting(assistant: Assistant) -> None:
    reply = assistant.respond("你好", Context("zh-CN"))
    assert reply.intent == "greeting" and "human" in _payloads(reply)


def test_choosing_a_category_lists_its_articles(assistant: Assistant, tools: HelpCenterTools) -> None:
    reply = assistant.choose("category:security", Context("en"))
    assert reply.intent == "category_menu" and reply.topic == "security"
    expected = [f"article:{a.slug}" for a in tools.articles_in_category("security", "en")]
    assert _payloads(reply) == [*expected, "other", "human"]
    assert reply.quick_replies[0].label == tools.articles_in_category("security", "en")[0].title


def test_choosing_an_article_answers_with_it(assistant: Assistant) -> None:
    reply = assistant.choose("article:track-a-case", Context("zh-CN"))
    assert reply.intent == "answer"
    assert reply.article is not None and reply.article.slug == "track-a-case"
    assert reply.article.locale == "zh-CN" and reply.article.link.endswith("/zh-CN/articles/track-a-case")
    assert "1. " in reply.text and reply.article.link in reply.text
    assert _payloads(reply) == ["helpful:yes:track-a-case", "helpful:no:track-a-case"]


def test_an_article_that_is_gone_and_an_unknown_button(assistant: Assistant) -> None:
    gone = assistant.choose("article:no-such-article", Context("en"))
    assert gone.intent == "no_answer" and gone.article is None and "human" in _payloads(gone)
    unknown = assistant.choose("dance", Context("en"))
    assert unknown.intent == "menu"


def test_other_and_menu(assistant: Assistant) -> None:
    other = assistant.choose("other", Context("en"))
    assert other.intent == "describe" and _payloads(other) == ["human"]
    menu = assistant.choose("menu", Context("en"))
    assert menu.intent == "menu" and _payloads(menu)[-1] == "human"


# ---------------------------------------------------------------------------------------------- answers
@pytest.mark.parametrize(
    ("text", "locale", "slug"),
    [
        ("refund not received", "en", "shop-refund"),
        ("退款还没到账", "zh-CN", "shop-refund"),
        ("how do I track my case", "en", "track-a-case"),
        ("how can I send a screenshot in chat", "en", "send-screenshots"),
    ],
)
def test_a_clear_question_is_answered_from_the_best_article(
    assistant: Assistant, text: str, locale: str, slug: str
) -> None:
    reply = assistant.respond(text, Context(locale))
    assert reply.intent == "answer" and not reply.handoff
    assert reply.article is not None and reply.article.slug == slug
    assert reply.article.title in reply.text and reply.article.link in reply.text
    assert _payloads(reply) == [f"helpful:yes:{slug}", f"helpful:no:{slug}"]
    assert reply.state["article"] == slug and reply.topic is not None


def test_an_ambiguous_question_asks_which(assistant: Assistant, engine: SearchEngine) -> None:
    response = engine.search("chat history", "en")
    assert response.confidence == "ambiguous"  # what this test is about
    reply = assistant.respond("chat history", Context("en"))
    assert reply.intent == "clarify" and reply.article is None
    candidates = [f"article:{slug}" for slug in response.candidates]
    assert 2 <= len(candidates) <= 3
    assert _payloads(reply) == [*candidates, "other", "human"]
    picked = assistant.choose(candidates[1], _next(reply))
    assert picked.intent == "answer" and picked.article is not None
    assert picked.article.slug == response.candidates[1]


def test_no_answer_offers_rephrasing_the_menu_and_a_person(assistant: Assistant) -> None:
    reply = assistant.respond("what is the weather like on mars", Context("en"))
    assert reply.intent == "no_answer" and not reply.handoff and not reply.human_offered
    assert _payloads(reply)[-1] == "human" and any(p.startswith("category:") for p in _payloads(reply))
    assert reply.state["failures"] == 1


def test_two_failures_bring_a_person_forward(assistant: Assistant) -> None:
    first = assistant.respond("天气怎么样", Context("zh-CN"))
    second = assistant.respond("今天吃什么好呢", _next(first))
    assert second.intent == "no_answer" and second.human_offered
    assert _payloads(second)[0] == "human" and _payloads(second).count("human") == 1
    assert second.state["failures"] == 2


def test_unhelpful_answers_count_as_failures(assistant: Assistant) -> None:
    answer = assistant.respond("how do I track my case", Context("en"))
    no = assistant.choose("helpful:no:track-a-case", _next(answer))
    assert no.intent == "feedback_no" and not no.human_offered and "human" in _payloads(no)
    nothing = assistant.respond("what is the weather like on mars", _next(no))
    assert nothing.intent == "no_answer" and nothing.human_offered


def test_a_helpful_answer_resets_the_failures(assistant: Assistant) -> None:
    first = assistant.respond("what is the weather like on mars", Context("en"))
    answer = assistant.respond("how do I track my case", _next(first))
    yes = assistant.choose("helpful:yes:track-a-case", _next(answer))
    assert yes.intent == "feedback_yes" and yes.state["failures"] == 0


# ---------------------------------------------------------------------------------------------- requests
def test_asking_for_a_person_hands_off(assistant: Assistant) -> None:
    reply = assistant.respond("我要agent", Context("zh-CN"))
    assert reply.intent == "handoff" and reply.handoff and not reply.priority
    assert reply.locale == "zh-CN" and reply.article is None


def test_a_person_asked_for_within_a_question_also_gets_the_answer(assistant: Assistant) -> None:
    reply = assistant.respond("how do I contact a human agent about my refund", Context("en"))
    assert reply.handoff and reply.article is not None
    assert reply.article.title in reply.text


def test_the_human_button_hands_off(assistant: Assistant) -> None:
    reply = assistant.choose("human", Context("en"))
    assert reply.intent == "handoff" and reply.handoff


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("I lost my phone", "en"),
        ("手机被偷了怎么办", "zh-CN"),
        ("someone used my wallet, it wasn't me!!!", "en"),
    ],
)
def test_an_emergency_gives_freeze_steps_first_then_a_priority_handoff(
    assistant: Assistant, text: str, locale: str
) -> None:
    reply = assistant.respond(text, Context(locale))
    assert reply.intent == "emergency" and reply.handoff and reply.priority
    assert reply.topic == "security"
    first_sentence = reply.text.split("。" if locale == "zh-CN" else ". ")[0].lower()
    assert ("冻结" if locale == "zh-CN" else "freeze") in first_sentence
    connecting = "转接" if locale == "zh-CN" else "connecting you"
    assert reply.text.index("400-100-2025") < reply.text.index(connecting)


def test_an_emergency_links_the_freeze_article_the_search_finds(assistant: Assistant) -> None:
    reply = assistant.respond("my phone was stolen", Context("en"))
    assert reply.article is not None and reply.article.slug == "emergency-freeze"


def test_a_receipt_lost_is_not_an_emergency(assistant: Assistant) -> None:
    reply = assistant.respond("I lost my receipt", Context("en"))
    assert reply.intent != "emergency" and not reply.priority and not reply.handoff


def test_scam_warning(assistant: Assistant) -> None:
    reply = assistant.respond("someone asked me to move my money to a safe account", Context("en"))
    assert reply.intent == "scam_warning" and not reply.handoff
    assert _payloads(reply) == ["emergency", "human"]
    already = assistant.choose("emergency", _next(reply))
    assert already.intent == "emergency" and already.priority and already.handoff


def test_complaint(assistant: Assistant) -> None:
    reply = assistant.respond("我要投诉", Context("zh-CN"))
    assert reply.intent == "complaint" and reply.complaint and reply.topic == "complaints"


def test_bye_and_thanks(assistant: Assistant) -> None:
    thanks = assistant.respond("thanks!", Context("en"))
    assert thanks.intent == "thanks" and not thanks.end and not thanks.upset
    bye = assistant.respond("再见", Context("zh-CN"))
    assert bye.intent == "bye" and bye.end


# ---------------------------------------------------------------------------------------------- cases
def test_case_status_of_the_customers_own_case(assistant: Assistant) -> None:
    reply = assistant.respond(f"my case {OWN_CASE.number.lower()}", Context("en", signed_in=True))
    assert reply.intent == "case_status" and reply.case_number == OWN_CASE.number
    assert "In progress" in reply.text and "25 May 2026" in reply.text
    zh = assistant.respond(f"查一下 {OWN_CASE.number}", Context("zh-CN", signed_in=True))
    assert "处理中" in zh.text and "2026年5月25日" in zh.text


def test_an_unknown_case_and_someone_elses_get_the_same_answer(assistant: Assistant) -> None:
    unknown = assistant.respond("查一下 CP260518000777", Context("zh-CN", signed_in=True))
    foreign = assistant.respond(f"查一下 {FOREIGN_CASE.number}", Context("zh-CN", signed_in=True))
    assert unknown.intent == foreign.intent == "case_status"
    assert unknown.text == foreign.text and unknown.quick_replies == foreign.quick_replies
    assert FOREIGN_CASE.status not in foreign.text


def test_a_customer_not_signed_in_is_told_to_sign_in(assistant: Assistant) -> None:
    reply = assistant.respond("status of C260518000777?", Context("en"))
    assert reply.intent == "case_status" and "sign in" in reply.text


# ---------------------------------------------------------------------------------------------- language
def test_switching_language_by_typing(assistant: Assistant) -> None:
    reply = assistant.respond("English", Context("zh-CN"))
    assert reply.intent == "language" and reply.locale == "en" and reply.kind == "en"
    back = assistant.respond("说中文", _next(reply))
    assert back.locale == "zh-CN"
    answer = assistant.respond("how do I track my case", _next(reply))
    assert answer.locale == "en" and answer.article is not None and answer.article.locale == "en"


def test_switching_language_by_button(assistant: Assistant) -> None:
    reply = assistant.choose("lang:zh-CN", Context("en"))
    assert reply.intent == "language" and reply.locale == "zh-CN"
    same = assistant.choose("lang:en", Context("en"))
    assert same.locale == "en" and same.text.startswith("We're already")


def test_the_reply_follows_the_language_of_a_clear_message(assistant: Assistant) -> None:
    assert assistant.respond("退款还没到账", Context("en")).locale == "zh-CN"
    assert assistant.respond("thanks", Context("zh-CN")).locale == "zh-CN"


# ---------------------------------------------------------------------------------------------- state
def test_state_round_trips_through_json(assistant: Assistant) -> None:
    """The caller stores Reply.state as JSON and passes it back: the conversation goes on where it was."""
    reply = assistant.respond("what is the weather like on mars", Context("en"))
    for text in ["!!!", "how do I track my case"]:
        stored = json.loads(json.dumps(reply.state))
        reply = assistant.respond(text, Context("en", state=stored))
    assert reply.intent == "answer"
    assert reply.state["failures"] == 1 and reply.state["upset"] is True
    assert reply.human_offered and _payloads(reply)[-1] == "human"


def test_a_number_picks_an_option_on_channels_without_buttons(assistant: Assistant) -> None:
    menu = assistant.greet(Context("en", channel="sms"))
    assert "1. " in menu.text and "Reply with a number." in menu.text
    picked = assistant.respond("1", _next(menu, "sms"))
    assert picked.intent == "category_menu" and picked.topic == menu.quick_replies[0].payload.split(":")[1]


def test_state_from_an_unknown_release_is_ignored(assistant: Assistant) -> None:
    reply = assistant.respond("agent", Context("en", state={"v": 99, "failures": "lots", "choices": 3}))
    assert reply.intent == "handoff"


@pytest.mark.parametrize("channel", ["chat", "sms", "wechat", "voice"])
def test_every_channel_gets_an_answer(assistant: Assistant, channel: str) -> None:
    reply = assistant.respond("how do I track my case", Context("en", channel=channel))
    assert reply.intent == "answer" and reply.article is not None
    if channel != "chat":
        assert "**" not in reply.text
    if channel == "voice":
        assert "http" not in reply.text


def test_a_long_message_is_searched_within_the_search_limit(
    assistant: Assistant, tools: HelpCenterTools
) -> None:
    text = "I want to track my case. " + "It has been a long story, " * 60
    reply = assistant.respond(text, Context("en"))
    assert reply.intent in ("answer", "clarify", "no_answer")
    assert tools.searched and all(len(q) <= 500 for q in tools.searched)


def test_a_search_that_refuses_the_query_finds_nothing(assistant: Assistant, tools: HelpCenterTools) -> None:
    def refuse(query: str, locale: str | None) -> None:
        raise InvalidInput("no", "不行")

    tools.search = refuse  # type: ignore[method-assign]
    reply = assistant.respond("how do I track my case", Context("en"))
    assert reply.intent == "no_answer"


@pytest.mark.parametrize(
    ("status", "due", "expected"),
    [
        ("received", True, "nothing is needed from you yet"),
        ("waiting", False, "We need something from you"),
        ("resolved", False, "reopen the case within 30 days"),
        ("closed", False, "open a new case and quote this number"),
    ],
)
def test_each_status_says_what_the_customer_can_do(
    assistant: Assistant, tools: HelpCenterTools, status: str, due: bool, expected: str
) -> None:
    tools.cases[OWN_CASE.number] = CaseStatus(OWN_CASE.number, "complaint", status, OWN_CASE.due_date)
    reply = assistant.respond(OWN_CASE.number, Context("en", signed_in=True))
    assert reply.text.startswith(f"Complaint {OWN_CASE.number}:")
    assert expected in reply.text
    assert ("25 May 2026" in reply.text) is due


def test_on_the_phone_an_emergency_is_short(assistant: Assistant) -> None:
    reply = assistant.respond("手机丢了", Context("zh-CN", channel="voice"))
    assert reply.priority and reply.handoff
    assert "400-100-2025" in reply.text and "http" not in reply.text and len(reply.text) < 120
