"""Whether a message sounds upset: shouting punctuation, ALL CAPS, or insults (in either language).

Signals, any one of which is enough:

* a run of punctuation with two or more "!" ("!!", "?!!", "！！！") or three or more "?" ("？？？");
* shouting: a word of four or more capital letters that is not a name from ``mood.acronyms`` ("NOTHING",
  "HELP", but not "SWIFT" or "ICBC"), or a message of eight or more letters written almost all in capitals;
* an insult or expression of exasperation from ``mood.insults`` (found by the intent reader, so typos and
  Traditional characters count too).

An upset customer gets an apology first and is offered a person sooner (:mod:`kefu.assistant.dialogue`).
"""

from __future__ import annotations

import re
import unicodedata

from kefu.assistant.lexicon import load_lexicon

__all__ = ["is_upset", "shouting"]

_MARKS = re.compile(r"[!?](?:\s*[!?])+")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


def is_upset(raw: str, insulted: bool) -> bool:
    text = unicodedata.normalize("NFKC", raw)
    return insulted or _marks(text) or shouting(text)


def _marks(text: str) -> bool:
    return any(run.count("!") >= 2 or run.count("?") >= 3 for run in _MARKS.findall(text))


def shouting(text: str) -> bool:
    acronyms = load_lexicon().acronyms
    words = _WORD.findall(text)
    for word in words:
        letters = re.sub(r"['’]", "", word)
        if len(letters) >= 4 and letters.isupper() and letters.lower() not in acronyms:
            return True
    letters = "".join(words).replace("'", "").replace("’", "")
    capitals = sum(1 for ch in letters if ch.isupper())
    return len(letters) >= 8 and capitals >= 0.8 * len(letters)
