"""Upset customers: what counts as upset, and the apology and earlier offer of a person they get."""

from __future__ import annotations

import pytest

from kefu.assistant import Assistant, Context, detect
from kefu.assistant.mood import shouting


@pytest.mark.parametrize(
    "text",
    [
        "where is my refund!!!",
        "钱呢？？？",
        "why?!!",
        "I've requested the code 10 times and NOTHING arrives",
        "WHY IS THIS SO SLOW",
        "this app is useless",
        "you are stupid",
        "垃圾软件",
        "什么破app",
        "简直离谱",
    ],
)
def test_upset(text: str) -> None:
    assert detect(text).upset


@pytest.mark.parametrize(
    "text",
    [
        "where is my refund?",
        "is that legit??",
        "How do I add a SWIFT code for ICBC?",
        "my KYC was rejected",
        "I did NOT get the OTP",
        "thanks!",
        "退款没到账？",
    ],
)
def test_not_upset(text: str) -> None:
    assert not detect(text).upset


def test_acronyms_are_not_shouting() -> None:
    assert not shouting("Send it by SWIFT to HSBC via the APP")
    assert shouting("HELP")


def test_an_upset_question_gets_an_apology_an_answer_and_a_person_first(assistant: Assistant) -> None:
    reply = assistant.respond("HOW DO I TRACK MY CASE???", Context("en"))
    assert reply.upset and reply.human_offered
    assert reply.intent == "answer" and reply.article is not None
    assert reply.text.startswith("I'm sorry")
    assert reply.quick_replies[0].payload == "human"
    assert reply.state["upset"] is True


def test_an_upset_message_with_nothing_to_answer_offers_a_person_at_once(assistant: Assistant) -> None:
    reply = assistant.respond("你们这个垃圾东西！！！", Context("zh-CN"))
    assert reply.upset and reply.intent == "no_answer"
    assert reply.human_offered and reply.quick_replies[0].payload == "human"


def test_an_upset_customer_is_offered_a_person_after_one_failure(assistant: Assistant) -> None:
    first = assistant.respond("this is ridiculous!!!", Context("en"))
    assert first.state["failures"] == 1
    second = assistant.respond("what is the weather like on mars", Context("en", state=first.state))
    assert not second.upset  # this message is calm, but the conversation remembers
    assert second.human_offered and second.quick_replies[0].payload == "human"
