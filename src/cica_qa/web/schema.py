"""The JSON of `POST /api/ask` and `cica-qa ask --json`, as pydantic models: FastAPI checks
requests against them, and both print answers through them."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from cica_qa.answering.answer import Answer, Citation
from cica_qa.types import Location


class Turn(BaseModel):
    """One earlier turn of the conversation."""

    model_config = ConfigDict(strict=True)

    role: Literal["user", "assistant"]
    content: str


class AskRequest(BaseModel):
    """What to ask, after which turns."""

    model_config = ConfigDict(strict=True)

    question: str
    history: list[Turn] = Field(default_factory=list)
    # continue this saved conversation (its earlier turns come from the server; no history)
    conversation_id: str | None = Field(default=None, max_length=64)

    def turns(self) -> list[dict[str, str]]:
        """The history as the assistant takes it."""
        return [turn.model_dump() for turn in self.history]


class CitationJSON(BaseModel):
    """A numbered source."""

    number: int
    document: str
    section: str
    location: str  # "lines 3-7", "page 2", "paragraph 4"
    text: str
    score: float
    original: str
    row: str
    date: str  # its document's date, ISO ("2025-02-27", "2025-02", "2025"); "" undated
    date_source: str  # the rule that found it: front matter, metadata, dateline, title, file name

    @classmethod
    def of(cls, citation: Citation) -> CitationJSON:
        """The citation as JSON shows it."""
        return cls(
            number=citation.number,
            document=citation.document,
            section=citation.section,
            location=str(citation.location),
            text=citation.text,
            score=round(citation.score, 4),
            original=citation.original,
            row=citation.row,
            date=citation.date,
            date_source=citation.date_source,
        )

    def to_citation(self) -> Citation:
        """The citation again, as the chat shows it (ValueError for a location that is
        none)."""
        return Citation(
            number=self.number,
            document=self.document,
            section=self.section,
            location=Location.parse(self.location),
            text=self.text,
            score=self.score,
            original=self.original,
            row=self.row,
            date=self.date,
            date_source=self.date_source,
        )


class AnswerJSON(BaseModel):
    """An answer, its citations (or, abstaining, the closest passages) and timings."""

    id: str  # the answer's permalink is /a/<id>; GET /api/answers/<id> gives it again
    conversation_id: str  # the saved conversation it belongs to ("" when not saved)
    question: str
    standalone_question: str
    answer: str
    # what older documents said instead, when the newest evidence replaced it ("Earlier
    # documents said: … [2] (document, date)."), or ""
    earlier: str
    abstained: bool
    citations: list[CitationJSON]
    related: list[CitationJSON]
    written_by: str
    notice: str
    timings_ms: dict[str, float]

    @classmethod
    def of(cls, answer: Answer, conversation_id: str = "") -> AnswerJSON:
        """The answer as JSON shows it."""
        return cls(
            id=answer.id,
            conversation_id=conversation_id,
            question=answer.question,
            standalone_question=answer.standalone_question or answer.question,
            answer=answer.text,
            earlier=answer.earlier,
            abstained=answer.abstained,
            citations=[CitationJSON.of(c) for c in answer.citations],
            related=[CitationJSON.of(c) for c in answer.related],
            written_by=answer.written_by,
            notice=answer.notice,
            timings_ms={k: round(v, 1) for k, v in answer.timings_ms.items()},
        )

    def to_answer(self) -> Answer:
        """The answer again, as the chat shows it (a saved answer reopened): its text,
        citations, related passages and id (ValueError for a citation's bad location)."""
        return Answer(
            question=self.question,
            text=self.answer,
            abstained=self.abstained,
            citations=tuple(c.to_citation() for c in self.citations),
            earlier=self.earlier,
            timings_ms=dict(self.timings_ms),
            standalone_question=self.standalone_question,
            related=tuple(c.to_citation() for c in self.related),
            written_by=self.written_by,
            notice=self.notice,
            id=self.id,
        )
