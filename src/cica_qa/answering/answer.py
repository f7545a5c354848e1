"""What the assistant says: the answer, its numbered citations, and the decision behind it."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from cica_qa.types import Location, Place

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
