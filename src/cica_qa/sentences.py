"""Where sentences end (pure): the one rule that chunking, answer spans, the source cards'
highlighting and the check of LLM-written answers share.

A sentence ends after `.`, `!` or `?` (and one closing quote or bracket) where white space
follows, unless the full stop closes an initial ("N. Lee"), a title ("Mr. Lee") or a month
before its day ("Dec. 12"), or the next word starts in lower case ("e.g. the", "approx.
five"): a sentence starts with a capital, a digit, a quote or a bracket.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"'”’)\]]))\s++(?![a-zà-ÿ])")
_INITIAL = re.compile(r"(?:^|[\s(])[A-Z]\.$")
# "Mr. Lee", "Dec. 12": a title before a name, a month before its day
_TITLE = re.compile(r"(?:^|[\s(])(?:Mr|Mrs|Ms|Dr|Prof|Amb|St|No)\.$")
_MONTH = re.compile(r"(?:^|[\s(])(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.$")
_DIGIT = re.compile(r"\d")


def sentence_ends(text: str) -> Iterator[re.Match[str]]:
    """The white space after each sentence of the text, in order."""
    for end in _END.finditer(text):
        before = text[max(0, end.start() - 6) : end.start()]
        month = _MONTH.search(before) and _DIGIT.match(text, end.end())
        if not (_INITIAL.search(before) or _TITLE.search(before) or month):
            yield end


def split_sentences(text: str) -> list[str]:
    """The text cut after each sentence, the white space kept with the sentence before it:
    the pieces join back into the text."""
    pieces, start = [], 0
    for end in sentence_ends(text):
        pieces.append(text[start : end.end()])
        start = end.end()
    return [*pieces, text[start:]] if start < len(text) else pieces


def sentences(text: str) -> list[str]:
    """The sentences of the text, stripped, empty ones left out."""
    return [s.strip() for s in split_sentences(text) if s.strip()]
