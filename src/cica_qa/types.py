"""The values that pass between stages: documents, chunks, hits, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of a document, with its 1-based line number in the original file."""

    number: int
    text: str


@dataclass(frozen=True)
class Document:
    """A corpus file as read from disk: its name relative to the corpus and its text."""

    name: str
    text: str
    sha256: str


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, ready to embed: where it came from and what it says."""

    id: str
    document: str
    section: str
    line_start: int
    line_end: int
    text: str

    @property
    def location(self) -> str:
        """Human-readable position in the document, e.g. 'lines 12-18'."""
        if self.line_start == self.line_end:
            return f"line {self.line_start}"
        return f"lines {self.line_start}-{self.line_end}"


@dataclass(frozen=True)
class Hit:
    """A chunk returned by retrieval, with its cosine similarity to the question."""

    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Citation:
    """A numbered source of an answer: the passage that supports the text marked [number]."""

    number: int
    document: str
    section: str
    location: str
    text: str
    score: float


@dataclass(frozen=True)
class Answer:
    """What the assistant says: text with [n] markers, the cited passages, and timings."""

    question: str
    text: str
    abstained: bool
    citations: tuple[Citation, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)

    def to_json(self) -> dict[str, object]:
        """The documented JSON shape of `cica-qa ask --json`."""
        return {
            "question": self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [
                {
                    "number": c.number,
                    "document": c.document,
                    "section": c.section,
                    "location": c.location,
                    "text": c.text,
                    "score": round(c.score, 4),
                }
                for c in self.citations
            ],
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
