"""Candidate answers inside the retrieved passages (pure): every sentence and list item of the
top passages, whole lists, the table reading of the question, and an abbreviation spelled out.

Nothing here decides: the answer model (model.py) scores each candidate on its features
(features.py) and the likeliest one answers, or none does.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Literal

from cica_qa.answering.answer import Answer
from cica_qa.answering.intent import Intent
from cica_qa.answering.replies import cite, quoted_answer, row_answer, spelled_out_answer
from cica_qa.answering.spans import (
    SPAN_SOURCES,
    Span,
    acronym_expansion,
    spans_of_chunk,
    whole_list,
)
from cica_qa.answering.tables import RowAnswer, answer_from_rows, row_groups
from cica_qa.types import Hit

Form = Literal["sentence", "list", "rows", "spelled-out", "pair"]
FORMS: tuple[Form, ...] = ("sentence", "list", "rows", "spelled-out", "pair")
# the top passages whose sentences are candidates (the rules read SPAN_SOURCES): the passage
# that answers is retrieved 9th to 12th for about one cica-web question in fifty
CANDIDATE_SOURCES = 12
PAIR_SOURCES = 3  # the top passages whose sentences pair up (two-part, list, yes-no questions)
PAIR_REACH = 2  # how far apart in its passage the second sentence of a pair may be
_PLACEHOLDER = re.compile(r"\s*\{\d+\}")


@dataclass(frozen=True)
class Candidate:
    """One possible answer: its words, the passages it cites, and what it was read as."""

    form: Form
    text: str  # with {1}, {2} … where the citations of hits[0], hits[1] … go
    hits: tuple[Hit, ...]
    span: Span | None = None  # the sentence or item it was quoted from
    parts: tuple[str, ...] = ()  # the sentences a pair joins

    @cached_property
    def plain(self) -> str:
        """The words alone, without citation places."""
        return _PLACEHOLDER.sub("", self.text).strip()

    @property
    def whole_passage(self) -> bool:
        """The candidate is its passage's whole text (its closeness is the passage's)."""
        return len(self.hits) == 1 and self.plain == self.hits[0].chunk.text

    @property
    def key(self) -> tuple[str, str, str]:
        """What makes two candidates the same answer."""
        return (self.form, self.text, self.hits[0].chunk.id)

    def answer(self, asked: str) -> Answer:
        """The answer a user sees when this candidate is chosen."""
        if self.form == "rows":
            return row_answer(asked, RowAnswer(self.hits, self.text))
        if self.form == "spelled-out":
            return spelled_out_answer(asked, self.hits[0], self.plain)
        if self.span is not None and self.form == "sentence":
            return quoted_answer(asked, self.span)
        return Answer(asked, f"{self.plain} [1]", False, (cite(self.hits[0]),))


def candidates_of(
    intent: Intent,
    hits: Sequence[Hit],
    pinned: Sequence[Hit],
    pins: Sequence[frozenset[str]] = (),
    neighbours: Sequence[Hit] = (),
) -> list[Candidate]:
    """Every candidate answer among `hits` (ranked): sentences and list items of the top
    ones, whole lists, the rows the question names among `pinned` (the hits holding the
    question's dates and ordinals, `pins`), rows of a table sharing a cell the question
    names, an abbreviation spelled out, and neighbouring sentences of a passage as a pair
    for a question asking two things, every item (a list spread over two sentences) or yes
    or no (the sentence after the one the question echoes often says which)."""
    found: list[Candidate] = []
    seen: set[tuple[str, str, str]] = set()

    def add(candidate: Candidate) -> None:
        if candidate.plain and candidate.key not in seen:
            seen.add(candidate.key)
            found.append(candidate)

    if intent.about_a_name and intent.acronyms:
        spelled = acronym_expansion(intent.acronyms[0], hits)
        if spelled is not None:
            hit, text = spelled
            add(Candidate("spelled-out", text, (hit,)))
    rows = answer_from_rows(intent, pinned)
    if rows is not None:
        add(Candidate("rows", rows.text, rows.hits))
    tops = {h.chunk.id: h for h in (*hits[:CANDIDATE_SOURCES], *pinned[:SPAN_SOURCES], *neighbours)}
    for group in row_groups(intent, list(tops.values()), pins):
        add(Candidate("rows", group.text, group.hits))
    for hit in tops.values():
        for text in spans_of_chunk(hit.chunk):
            span = Span(hit, text)
            add(Candidate("sentence", text, (hit,), span))
            listed = whole_list(span)
            if listed:
                add(Candidate("list", listed, (hit,), span))
    if intent.asks_two or intent.wants_all or intent.kind == "yes_no":
        for candidate in pairs_of(list(tops.values())[:PAIR_SOURCES]):
            add(candidate)
    return found


def pairs_of(hits: Sequence[Hit]) -> list[Candidate]:
    """Two sentences of one passage, close to each other, as one answer: a question asking
    two things ("where and when …") is often answered by two sentences."""
    pairs = []
    for hit in hits:
        if hit.chunk.cells:
            continue
        spans = spans_of_chunk(hit.chunk)
        for i, first in enumerate(spans):
            for second in spans[i + 1 : i + 1 + PAIR_REACH]:
                pairs.append(Candidate("pair", f"{first} {second}", (hit,), parts=(first, second)))
    return pairs
