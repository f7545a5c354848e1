"""What a reader makes of a file: headings, text blocks and table rows, each with a location."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from cica_qa.types import UNDATED, Cells, DocumentDate, Location

BlockKind = Literal["heading", "text", "row"]


@dataclass(frozen=True)
class Block:
    """One structural piece of a document, in reading order."""

    kind: BlockKind
    text: str
    location: Location
    level: int = 0  # heading depth, 1 = top
    cells: Cells = ()  # for rows: (header, value) pairs
    caption: str = ""  # for rows: the table's caption, when it has one


@dataclass(frozen=True)
class ParsedDocument:
    """A corpus file read into blocks, with its provenance and what the reader noticed."""

    name: str
    sha256: str
    blocks: tuple[Block, ...]
    edition_of: str = ""
    edition_of_sha256: str = ""
    glossary: bool = False  # its table rows are groups of interchangeable names
    warnings: tuple[str, ...] = ()
    date: DocumentDate = UNDATED  # when it was written, and the rule that found it (dating.py)
    supersedes: tuple[str, ...] = ()  # corpus files whose facts it replaces (front matter)
