"""What the assistant says: the answer, its numbered citations, and the decision behind it."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from cica_qa.types import Location, Place

# Share of the question's content words one span must hold to stand in for closeness.
LEXICAL_EVIDENCE = 0.75
TOO_FAR = "no passage is close enough to the question"


class Basis(StrEnum):
    """What an answer rests on, or why there is none."""

    ROWS = "rows"  # table rows the question names: they answer at any closeness
    SPELLED_OUT = "spelled-out"  # "Full Name (ABBR)" spells out what the question asks
    PASSAGE = "passage"  # a sentence or list item of the closest passages
    UNKNOWN_TERMS = "unknown-terms"  # the question names things the documents never use
    NO_CANDIDATE = "no-candidate"  # no passage holds the kind of thing asked for


@dataclass(frozen=True)
class Decision:
    """Why the assistant answers or abstains, in values a threshold can be applied to.

    The one place the abstention rule lives: Assistant.ask applies CICA_MIN_SCORE with
    `abstains`, and `cica-qa eval --calibrate` applies every threshold it tries the same way.
    """

    basis: Basis
    confidence: float = -1.0  # best cosine among the passages considered
    coverage: float = 0.0  # most of the question's content words one span holds (0..1)
    unmet: str = ""  # why the answer found does not give what is asked ("" when it does)

    def too_far(self, min_score: float) -> bool:
        """A passage answer below the threshold, and not holding the question's words either."""
        return (
            self.basis is Basis.PASSAGE
            and self.confidence < min_score
            and self.coverage < LEXICAL_EVIDENCE
        )

    def abstains(self, min_score: float) -> bool:
        """Whether the assistant says the documents don't say, at this threshold."""
        if self.basis in (Basis.UNKNOWN_TERMS, Basis.NO_CANDIDATE):
            return True
        return self.too_far(min_score) or bool(self.unmet)

    def reason(self, min_score: float) -> str:
        """Why it abstains at this threshold (closeness first: it is checked first)."""
        return TOO_FAR if self.too_far(min_score) else self.unmet


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
