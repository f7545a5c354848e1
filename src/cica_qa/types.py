"""The values that pass between stages: documents, chunks, hits, citations, answers."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One line of a document, with its 1-based line number in the original file."""

    number: int
    text: str


@dataclass(frozen=True)
class Location:
    """Where a passage sits: a range of lines (text formats), pages (PDF) or paragraphs (DOCX)."""

    unit: str  # "line" | "page" | "paragraph"
    start: int
    end: int

    def __post_init__(self) -> None:
        if self.unit not in ("line", "page", "paragraph"):
            raise ValueError(f"unknown location unit {self.unit!r}")
        if not 1 <= self.start <= self.end:
            raise ValueError(f"bad location range {self.start}-{self.end}")

    def __str__(self) -> str:
        if self.start == self.end:
            return f"{self.unit} {self.start}"
        return f"{self.unit}s {self.start}-{self.end}"

    def spanning(self, other: Location) -> Location:
        """The smallest location covering both (same unit)."""
        return Location(self.unit, min(self.start, other.start), max(self.end, other.end))


Cells = tuple[tuple[str, str], ...]  # (column header, cell value) in column order


@dataclass(frozen=True)
class Place:
    """Where a retrieved passage sits: document, heading path and table row label."""

    document: str
    section: str
    row: str = ""


@dataclass(frozen=True)
class Chunk:
    """A passage of a document, ready to embed: where it came from and what it says.

    A table row is a chunk of its own with its cells; `original` names the document an
    edition replaces (empty for ordinary documents).
    """

    id: str
    document: str
    section: str
    location: Location
    text: str
    cells: Cells = ()
    original: str = ""
    glossary: bool = False  # from a glossary document: vocabulary, not evidence of facts

    @property
    def row(self) -> str:
        """The row's label (its first cell), or empty for prose."""
        return self.cells[0][1] if self.cells else ""


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
    original: str = ""
    row: str = ""

    def to_json(self) -> dict[str, object]:
        """Plain data for the CLI's --json and the HTTP API."""
        return {
            "number": self.number,
            "document": self.document,
            "section": self.section,
            "location": self.location,
            "text": self.text,
            "score": round(self.score, 4),
            "original": self.original,
            "row": self.row,
        }

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
    standalone_question: str = (
        ""  # the question rewritten from the conversation, if it leaned on it
    )
    related: tuple[Citation, ...] = ()  # closest passages when abstaining (not citations)
    basis: str = ""  # what decided it: "rows", "passage" or "unknown-terms"
    written_by: str = "extractive"  # or "llm" when an LLM wrote the text (verified)
    notice: str = ""  # what the user should know: LLM unreachable, sentences removed
    retrieved: tuple[Place, ...] = ()  # the passages retrieval ranked, best first (for evals)
    confidence: float = 0.0  # best cosine among the passages considered (what CICA_MIN_SCORE cuts)
    coverage: float = 0.0  # most of the question's words one span holds (0..1)

    def to_json(self) -> dict[str, object]:
        """The documented JSON shape of `cica-qa ask --json`."""
        return {
            "question": self.question,
            "standalone_question": self.standalone_question or self.question,
            "answer": self.text,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "related": [c.to_json() for c in self.related],
            "written_by": self.written_by,
            "notice": self.notice,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
