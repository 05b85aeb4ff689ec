"""Text normalisation shared by documents and queries.

NFKC (full-width letters, digits and punctuation become half-width), Traditional → Simplified Chinese
(OpenCC), mainland variant spellings from ``data/variants.tsv``, lower case, emoji removed, runs of
repeated punctuation collapsed to one mark, whitespace collapsed.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import emoji
import opencc

from kefu.search.lexicon import load_variants

__all__ = ["has_han", "normalize", "to_simplified"]

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# A run of two or more punctuation marks (after NFKC, so ！ is already !) becomes its first mark.
_PUNCT_RUN = re.compile(r"([^\w\s])(?:[^\w\s]|\s+(?=[^\w\s]))+")
_SPACE = re.compile(r"\s+")
# Where emoji live (symbols, pictographs, joiners, variation selectors, keycaps); text without any of these
# skips the emoji library's scan, which is most of normalisation's cost on long articles.
_MAYBE_EMOJI = re.compile(
    "[\u00a9\u00ae\u203c-\u2bff\u3030\u303d\u3297\u3299\ufe0f\u200d\u20e3\U0001f000-\U0001faff]"
)


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


def to_simplified(text: str) -> str:
    """Traditional → Simplified, then mainland spellings (帐号 → 账号)."""
    if not has_han(text):
        return text
    text = _converter().convert(text)
    for variant, standard in load_variants():
        if variant in text:
            text = text.replace(variant, standard)
    return text


@lru_cache(maxsize=4096)
def normalize(text: str) -> str:
    """The canonical form of ``text`` that every analysis step starts from."""
    text = unicodedata.normalize("NFKC", text)
    if _MAYBE_EMOJI.search(text):
        text = emoji.replace_emoji(text, replace=" ")
    text = to_simplified(text).lower()
    text = _PUNCT_RUN.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()
