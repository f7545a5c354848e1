"""What the assistant says: the answer, its numbered citations, and the decision behind it."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from enum import StrEnum
from typing import Any

from cica_qa.types import UNDATED, DocumentDate, Location, Place
from cica_qa.values import spoken_date

TOO_FAR = "no passage is close enough to the question"


class Basis(StrEnum):
    """What an answer rests on, or why there is none."""

    ROWS = "rows"  # table rows the question names
    SPELLED_OUT = "spelled-out"  # "Full Name (ABBR)" spells out what the question asks
    PASSAGE = "passage"  # a sentence, list item or list of the closest passages
    NO_CANDIDATE = "no-candidate"  # no passage holds anything that could answer


@dataclass(frozen=True)
class Decision:
    """Why the assistant answers or abstains, in values a threshold can be applied to.

    The one place the abstention rule lives: Assistant.ask applies the answer model's
    threshold (or CICA_MIN_SCORE) with `abstains`, and `cica-qa eval --calibrate` applies
    every threshold it tries the same way.
    """

    basis: Basis
    confidence: float = 0.0  # the answer model's probability that the answer answers
    unmet: str = ""  # what the documents seem to lack, said when it abstains

    def abstains(self, threshold: float) -> bool:
        """Whether the assistant says the documents don't say, at this threshold."""
        return self.basis is Basis.NO_CANDIDATE or self.confidence < threshold

    def reason(self, threshold: float) -> str:
        """Why it abstains at this threshold."""
        return self.unmet or TOO_FAR


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the passage that supports the text marked [number]."""

    number: int
    document: str
    section: str
    location: Location
    text: str
    score: float
    original: str = ""
    row: str = ""
    date: str = ""  # its document's date (ISO), '' when undated
    date_source: str = ""  # the rule that found it (cica_qa.types.DATE_RULES)

    @property
    def when(self) -> str:
        """Its document's date as people write it ('27 February 2025'), or 'undated'."""
        return spoken_date(self.date) or "undated"

    @property
    def where(self) -> str:
        """'doc.md › Section › Sub (row: X)' with the location, as the CLI and chat show it."""
        place = " › ".join(part for part in (self.document, self.section) if part)
        if self.row:
            place += f" (row: {self.row})"
        place += f", {self.location}"
        if self.original:
            place += f" — edition of {self.original}"
        return place


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text with [n] markers, the cited passages, and timings."""

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    # what older documents said instead, when the newest evidence replaced it: "Earlier
    # documents said …", cited like the text (shown as its own line after it)
    earlier: str = ""
    timings_ms: dict[str, float] = field(default_factory=dict)
    standalone_question: str = ""  # the question rewritten from the conversation
    related: tuple[Citation, ...] = ()  # closest passages when abstaining (not citations)
    decision: Decision = Decision(Basis.PASSAGE)
    written_by: str = "extractive"  # or "llm" when an LLM wrote the text (verified)
    notice: str = ""  # what the user should know: LLM unreachable, sentences removed
    retrieved: tuple[Place, ...] = ()  # the passages retrieval ranked, best first (for evals)
    # every candidate answer the model scored, best first (for training it; never shown)
    considered: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    # this answer as given once (feedback on it is one rating per user, however often sent)
    id: str = field(default_factory=lambda: uuid.uuid4().hex, repr=False, compare=False)

    @property
    def reply(self) -> str:
        """Everything the answer says, as one text: the answer, then what older documents
        said instead, on its own line."""
        return f"{self.text}\n{self.earlier}" if self.earlier else self.text


def with_dates(answer: Answer, dates: Mapping[str, DocumentDate]) -> Answer:
    """The answer with each citation and related passage carrying its document's date."""

    def dated(citation: Citation) -> Citation:
        found = dates.get(citation.document, UNDATED)
        return replace(citation, date=found.value, date_source=found.rule)

    return replace(
        answer,
        citations=tuple(map(dated, answer.citations)),
        related=tuple(map(dated, answer.related)),
    )
