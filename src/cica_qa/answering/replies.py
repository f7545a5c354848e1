"""Findings turned into the Answer a user sees: a quoted span, table rows, or an abstention,
each with its numbered citations (pure)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from cica_qa.answering.answer import Answer, Citation
from cica_qa.answering.spans import Span
from cica_qa.answering.tables import RowAnswer
from cica_qa.types import Hit

NO_ANSWER = "The documents don't say."


def cite(hit: Hit, number: int = 1) -> Citation:
    """The citation of a retrieved passage."""
    chunk = hit.chunk
    return Citation(
        number=number,
        document=chunk.document,
        section=chunk.section,
        location=chunk.location,
        text=chunk.text,
        score=hit.score,
        original=chunk.original,
        row=chunk.row,
    )


def quoted_answer(question: str, span: Span) -> Answer:
    """An answer that quotes one span and cites its passage as [1]."""
    return Answer(question, f"{span.text} [1]", False, (cite(span.hit),))


def spelled_out_answer(question: str, hit: Hit, text: str) -> Answer:
    """What an abbreviation stands for, cited to the passage that spells it out."""
    return Answer(question, f"{text} [1]", False, (cite(hit),))


def row_answer(question: str, rows: RowAnswer) -> Answer:
    """An answer read from table rows; each {n} placeholder becomes the citation [n]."""
    text = re.sub(r"\{(\d+)\}", r"[\1]", rows.text)
    citations = tuple(cite(hit, number) for number, hit in enumerate(rows.hits, start=1))
    return Answer(question, text, False, citations)


def abstention(question: str, reason: str = "", related: Sequence[Hit] = ()) -> Answer:
    """The honest answer when the documents do not cover the question."""
    text = f"{NO_ANSWER[:-1]}: {reason}." if reason else NO_ANSWER
    closest = tuple(cite(hit, number) for number, hit in enumerate(related, start=1))
    return Answer(question, text, True, related=closest)


def other_language(question: str, language: str, related: Sequence[Hit] = ()) -> Answer:
    """The reply to a question not in English: the documents are, and so is the search."""
    seems = f", and this question seems to be in {language}" if language else ""
    text = (
        f"The documents are in English{seems}. Ask it in English and I will search them; "
        "the closest passages to it as written are below."
    )
    closest = tuple(cite(hit, number) for number, hit in enumerate(related, start=1))
    return Answer(question, text, True, related=closest)
