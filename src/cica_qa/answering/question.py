"""A question, and the conversation before it, as the assistant accepts them (pure).

Text is checked once, here, whichever way it came (the chat, the API, the command line):
a lone surrogate (what `\\ud800` in JSON or bytes that are not UTF-8 on a command line
become) is refused before it reaches the tokenizer; control and invisible characters (NUL,
zero-width spaces, direction marks) are not text, so a question of only those is empty.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence

from cica_qa.errors import QuestionError

MAX_TURNS = 20  # the latest earlier turns a follow-up is read against
MAX_TURN_CHARS = 4000  # of each: what a follow-up points back at is near an answer's start
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def check_question(question: str, max_chars: int) -> str:
    """The question with whitespace folded and invisible characters dropped; QuestionError
    when it holds no text, is too long or is not valid Unicode."""
    if _SURROGATE.search(question):
        raise QuestionError(
            "the question holds bytes that are not text (input that is not UTF-8, or a lone "
            "surrogate): type it again"
        )
    folded = " ".join(visible(question).split())
    if not folded:
        raise QuestionError("the question is empty: type a question about CICA")
    if len(folded) > max_chars:
        raise QuestionError(
            f"the question is {len(folded)} characters; the limit is {max_chars} "
            "characters: ask a shorter question"
        )
    return folded


def recent_turns(history: Sequence[Mapping[str, str]]) -> list[dict[str, str]]:
    """The latest MAX_TURNS turns, each cut to MAX_TURN_CHARS of visible, valid text: one
    long or endless conversation costs no more to read than a short one."""
    return [
        {
            "role": str(turn.get("role", "")),
            "content": visible(_SURROGATE.sub("", str(turn.get("content", ""))[:MAX_TURN_CHARS])),
        }
        for turn in history[-MAX_TURNS:]
    ]


def visible(text: str) -> str:
    """The text without format characters (zero-width, direction marks, byte-order marks),
    control characters read as spaces."""
    return "".join(
        " " if category == "Cc" else char
        for char in text
        if (category := unicodedata.category(char)) != "Cf"
    )
