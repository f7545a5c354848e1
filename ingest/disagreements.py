"""Facts that documents state differently, found at ingest for maintainers (pure).

A table row is a fact with a name: "Lamp safety — Coordinator: Ruritania", "Member States —
Number: 28". When two documents hold a row of the same label and the same column with
different values, one of them is out of date, or the label means two things: either way a
maintainer should know, and may date the documents or mark one as superseding the other.
Placeholder values ("not named", "—") and rows labelled by a number or an ordinal (tables
of different meetings share "1st", "2022") are left out; prose is not compared.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from cica_qa.normalize import normalise
from cica_qa.types import UNDATED, Chunk, DocumentDate
from cica_qa.values import find_dates, ordinal_value, spoken_date

MEMO = 65_536  # labels and values remembered: tables repeat them across documents
MAX_VALUE_CHARS = 80  # a longer cell is a description, not a value to compare
_CONTENT = re.compile(r"\d|\b[^\W\d_]*[A-Z]")  # a digit or a capitalised word: not a placeholder
_NUMBERS_ONLY = re.compile(r"[\d\s/.,–—-]+")


@dataclass(frozen=True)
class Said:
    """What one document gives for a row's field."""

    document: str
    value: str
    date: str = ""  # the document's date, ISO ('' undated)


@dataclass(frozen=True)
class Disagreement:
    """A row's field that documents give different values for, newest document first."""

    row: str
    field: str
    said: tuple[Said, ...]

    def line(self) -> str:
        """'Member States › Number: 28 (a.md, 2 July 2025); 24 (b.html, 12 September 2012)'."""
        sayings = "; ".join(
            f"{s.value} ({s.document}, {spoken_date(s.date) or 'undated'})" for s in self.said
        )
        return f"{self.row} › {self.field}: {sayings}"


def find_disagreements(
    chunks: Iterable[Chunk], dates: Mapping[str, DocumentDate]
) -> tuple[Disagreement, ...]:
    """Every row field two or more documents give different values for, in row order."""
    said: dict[tuple[str, str], dict[str, tuple[str, str, str]]] = {}
    for chunk in chunks:
        if chunk.glossary or len(chunk.cells) < 2 or not _names_a_thing(chunk.row):
            continue
        for header, value in chunk.cells[1:]:
            value = " ".join(value.split())
            if not header.strip() or not _is_a_value(value):
                continue
            key = (_key(chunk.row), _key(header))
            said.setdefault(key, {}).setdefault(chunk.document, (chunk.row, header, value))
    found = []
    for by_document in said.values():
        if len({_key(value) for _, _, value in by_document.values()}) < 2:
            continue
        sayings = [
            Said(document, value, dates.get(document, UNDATED).value)
            for document, (_, _, value) in by_document.items()
        ]
        sayings.sort(key=lambda s: (s.date, s.document), reverse=True)
        row, header, _ = next(iter(by_document.values()))
        found.append(Disagreement(row, header, tuple(sayings)))
    return tuple(found)


@functools.lru_cache(maxsize=MEMO)
def _names_a_thing(label: str) -> bool:
    """A row label that names something: not a number, a date or an ordinal."""
    label = label.strip()
    if not label or _NUMBERS_ONLY.fullmatch(label) or ordinal_value(label) is not None:
        return False
    dates = find_dates(label)
    return not (dates and dates[0].start == 0 and dates[0].end == len(label))


@functools.lru_cache(maxsize=MEMO)
def _is_a_value(value: str) -> bool:
    """A short cell holding a name or a number ("not named", "—" are placeholders)."""
    return bool(value) and len(value) <= MAX_VALUE_CHARS and bool(_CONTENT.search(value))


@functools.lru_cache(maxsize=MEMO)
def _key(text: str) -> str:
    return normalise(text)
