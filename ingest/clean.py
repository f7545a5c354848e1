"""Pure text cleaning that keeps every surviving line's original line number."""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Line:
    """One line of a document, with its 1-based line number in the original file."""

    number: int
    text: str


_EMPHASIS = re.compile(r"(\*\*|__|\*)(?=\S)(.+?)(?<=\S)\1")
_SPACES = re.compile(r"[ \t\u00a0]+")


def clean_lines(text: str) -> tuple[Line, ...]:
    """Non-blank lines with markdown emphasis stripped and spaces folded.

    Blank runs collapse away: a paragraph break is a gap in the line numbers.
    """
    cleaned: list[Line] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = strip_emphasis(_SPACES.sub(" ", raw).strip())
        if line:
            cleaned.append(Line(number=number, text=line))
    return tuple(cleaned)


def strip_emphasis(line: str) -> str:
    """Remove emphasis markers (`**x**`, `__x__`, `*x*`), keeping the words."""
    return _EMPHASIS.sub(r"\2", line)
