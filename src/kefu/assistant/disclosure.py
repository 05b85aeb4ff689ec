"""Spotting a password, PIN or verification code the customer is about to give away, and taking it out.

Nobody at the wallet ever needs these, so the assistant never asks for them and warns when a customer types
one. The patterns work on normalised text (:func:`kefu.search.normalize.normalize`) and look for a keyword
from ``data/intents.yaml`` (``secrets``) next to a value:

    my pin is 1234 · 验证码是 482913 · otp: 5521 09 · 482913 is my code      (4–10 digits)
    password: hunter2 · 我的密码是abc123                                       (a password-like label)

while "my 6 digit PIN", "支付PIN输错5次", "the code never came" and "密码是多少" are ordinary questions.
:func:`find_secret` returns the text with the values removed, which is all that may be searched, logged or
stored afterwards; the warning itself never repeats what the customer typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from kefu.assistant.lexicon import load_lexicon
from kefu.search.normalize import normalize

__all__ = ["Disclosure", "find_secret"]

_NOT_HAN_SPACE = r"[^\s\u3400-\u9fff]"
_DIGITS = r"(?<!\d)(?P<{name}>\d(?:[ \-]?\d){{3,9}})(?!\d)"
_LINK = r"[\s:=]*(?:(?:is|was|are|是|为)[\s:=]*)?"
_BACK_LINK = r"\s*(?:is|was|=|是)\s*(?:my|the|我的)?\s*"


@dataclass(frozen=True)
class Disclosure:
    found: bool
    #: The normalised message with every secret value removed.
    masked: str


def _alternation(words: tuple[str, ...]) -> str:
    parts = []
    for word in sorted({normalize(w) for w in words}, key=len, reverse=True):
        pattern = re.escape(word).replace(r"\ ", r"\s*")
        if word[0].isascii():
            pattern = r"(?<![a-z0-9])" + pattern
        if word[-1].isascii():
            pattern += r"(?![a-z])"
        parts.append(pattern)
    return "(?:" + "|".join(parts) + ")"


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    lexicon = load_lexicon()
    digits_kw = _alternation(lexicon.secret_digits)
    label_kw = _alternation(lexicon.secret_labels)
    return (
        re.compile(digits_kw + _LINK + _DIGITS.format(name="value")),
        re.compile(
            _DIGITS.format(name="value") + r"\s*(?:is|was|=|是)\s*(?:my|the|我的|the)?\s*" + digits_kw
        ),
        re.compile(
            label_kw
            + r"\s*(?:[:=]\s*(?P<value>"
            + _NOT_HAN_SPACE
            + r"{4,})|(?:is|was|是|为)\s*(?P<value2>(?="
            + _NOT_HAN_SPACE
            + r"{4,})"
            + _NOT_HAN_SPACE
            + r"*\d"
            + _NOT_HAN_SPACE
            + r"*))"
        ),
    )


def find_secret(normalized: str) -> Disclosure:
    """Whether ``normalized`` gives away a secret, and the text without it."""
    spans: list[tuple[int, int]] = []
    for pattern in _patterns():
        for m in pattern.finditer(normalized):
            group = "value" if m.group("value") else "value2"
            spans.append(m.span(group))
    if not spans:
        return Disclosure(False, normalized)
    pieces, last = [], 0
    for start, end in sorted(spans):
        if start >= last:
            pieces.append(normalized[last:start])
        last = max(last, end)
    pieces.append(normalized[last:])
    return Disclosure(True, re.sub(r"\s+", " ", " ".join(pieces)).strip())
