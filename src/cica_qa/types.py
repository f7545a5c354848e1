"""The values the index holds and retrieval returns: locations, chunks, hits, places."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Unit = Literal["line", "page", "paragraph"]
Cells = tuple[tuple[str, str], ...]  # (column header, cell value) in column order


@dataclass(frozen=True)
class Location:
    """Where a passage sits: a range of lines (text formats), pages (PDF) or paragraphs (DOCX)."""

    unit: Unit
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

    @classmethod
    def parse(cls, text: str) -> Location:
        """The location `str()` wrote ("line 3", "lines 3-7", "pages 2-3"); ValueError for
        anything else."""
        unit, _, numbers = text.strip().partition(" ")
        unit = unit[:-1] if unit.endswith("s") else unit
        first, dash, last = numbers.partition("-")
        last = last if dash else first
        if unit not in ("line", "page", "paragraph") or not (first.isdigit() and last.isdigit()):
            raise ValueError(f"not a location: {text!r}")
        return cls(unit, int(first), int(last))  # type: ignore[arg-type]

    def spanning(self, other: Location) -> Location:
        """The smallest location covering both (same unit)."""
        return Location(self.unit, min(self.start, other.start), max(self.end, other.end))

    def overlaps(self, other: Location) -> bool:
        """True when both are in the same unit and share at least one line, page or paragraph."""
        return self.unit == other.unit and self.start <= other.end and other.start <= self.end


@dataclass(frozen=True)
class Place:
    """Where a retrieved passage sits: document, heading path and table row label."""

    document: str
    section: str
    row: str = ""


DateRule = Literal["front matter", "metadata", "dateline", "title", "file name"]
DATE_RULES: tuple[DateRule, ...] = ("front matter", "metadata", "dateline", "title", "file name")


@dataclass(frozen=True)
class DocumentDate:
    """A document's date (ISO: '2025-02-27', '2025-02' or '2025') and the rule that found
    it; both empty when no rule did."""

    value: str = ""
    rule: DateRule | Literal[""] = ""

    def __post_init__(self) -> None:
        if bool(self.value) != bool(self.rule):
            raise ValueError("a document date needs both a value and the rule that found it")
        if self.rule and self.rule not in DATE_RULES:
            raise ValueError(f"unknown date rule {self.rule!r}")

    @property
    def dated(self) -> bool:
        return bool(self.value)


UNDATED = DocumentDate()


@dataclass(frozen=True)
class FileStamp:
    """What a corpus file was when last read: its size, modification time (ns) and sha256."""

    size: int
    mtime_ns: int
    sha256: str


MentionKind = Literal["person", "org", "place", "date", "ordinal", "number"]


@dataclass(frozen=True)
class Mention:
    """Something a passage names or states, as found by reading it: a person, organisation
    or place (value: the name, normalised), or a date, ordinal or number (value: what it
    stands for, as cica_qa.values writes it)."""

    kind: MentionKind
    text: str
    value: str
    of: str = ""  # for an ordinal, what it counts: the words after it ("fifth meeting")


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
    mentions: tuple[Mention, ...] = ()  # what reading it found (ingest/read.py), in order

    @property
    def row(self) -> str:
        """The row's label (its first cell), or empty for prose."""
        return self.cells[0][1] if self.cells else ""

    @property
    def place(self) -> Place:
        """Document, section and row, without the text."""
        return Place(self.document, self.section, self.row)


@dataclass(frozen=True)
class Hit:
    """A chunk returned by retrieval, with its cosine similarity to the question."""

    chunk: Chunk
    score: float
