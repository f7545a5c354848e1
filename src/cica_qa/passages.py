"""A passage's sentences and list items, each with the label it sits under (pure): the units
an answer is quoted from. Ingest embeds them (index/spans.py) so that answering a question
compares it with them without calling the model."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cica_qa.sentences import sentences
from cica_qa.types import Chunk

_CLAUSE_END = re.compile(r"(?<=;)\s+")  # a span ends with its sentence, or at a semicolon
LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")


def candidate_spans(text: str, headings: Sequence[str] = ()) -> list[str]:
    """Sentences and list items of a passage, each label joined to what it labels.

    Labels are the passage's own headings, upper-case titles without a full stop, and lines
    ending in a colon. A label before a list is joined to every item of the list.
    """
    units: list[_Unit] = []
    for paragraph in re.split(r"\n\s*\n", text):
        units.extend(_paragraph_units(paragraph))
    titles = frozenset(headings)
    return [span for span in _attach_labels(units, titles) if span not in titles]


@dataclass(frozen=True)
class _Unit:
    text: str
    list_item: bool


def _paragraph_units(paragraph: str) -> list[_Unit]:
    lines: list[_Unit] = []
    for line in paragraph.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        item = LIST_ITEM.match(stripped)
        if item or not lines:
            lines.append(_Unit(stripped[item.end() :] if item else stripped, bool(item)))
        else:  # a wrapped line continues the sentence or item above it
            lines[-1] = _Unit(f"{lines[-1].text} {stripped}", lines[-1].list_item)
    units: list[_Unit] = []
    for line in lines:
        if line.list_item:  # list items are short; "1." must not become a sentence
            units.append(line)
        else:
            clauses = (c for s in sentences(line.text) for c in _CLAUSE_END.split(s))
            units += [_Unit(c.strip(), False) for c in clauses if c.strip()]
    return units


def _is_label(unit: _Unit, headings: frozenset[str]) -> bool:
    # Titles say nothing alone: they need what follows them.
    text = unit.text
    return (
        text in headings
        or text.endswith(":")
        or (not unit.list_item and text.isupper() and not text.endswith((".", "!", "?")))
    )


def _join(label: str, text: str) -> str:
    return f"{label.rstrip(':').rstrip()}: {text}"


def _attach_labels(units: list[_Unit], headings: frozenset[str]) -> list[str]:
    attached: list[str] = []
    list_label = ""  # the label the current run of list items shares
    previous: _Unit | None = None
    for unit in units:
        if unit.list_item and list_label:
            attached.append(_join(list_label, unit.text))
        elif (
            previous is not None and _is_label(previous, headings) and not _is_label(unit, headings)
        ):
            label = attached.pop()
            list_label = label if unit.list_item else ""
            attached.append(_join(label, unit.text))
        else:
            list_label = ""
            attached.append(unit.text)
        previous = unit
    return attached


def spans_of_chunk(chunk: Chunk) -> list[str]:
    """A table row is one span (its fields mean nothing apart); prose splits into sentences."""
    if chunk.cells:
        return [chunk.text]
    return candidate_spans(chunk.text, section_titles(chunk.section))


def section_titles(section: str) -> list[str]:
    """The headings in a section path ('A › B' or 'A / B')."""
    return [part.strip() for part in re.split(r" › | / ", section) if part.strip()]


def list_of(passage: str, item: str) -> str | None:
    """Every item of the list that `item` (a span, its label joined) belongs to, under the
    span's label; None when it is not a list item of the passage."""
    for paragraph in re.split(r"\n\s*\n", passage):
        lines = [line.strip() for line in paragraph.splitlines() if line.strip()]
        if len(lines) < 2 or not all(LIST_ITEM.match(line) for line in lines):
            continue
        items = [LIST_ITEM.sub("", line) for line in lines]
        own = next((each for each in items if item.endswith(each)), None)
        if own is not None:
            label = item[: -len(own)].rstrip().rstrip(":").strip()
            listed = "; ".join(each.rstrip(";.") for each in items)
            return f"{label}: {listed}" if label else listed
    return None


def whole_list(chunk: Chunk, span: str) -> str | None:
    """Every item of the list a span of the chunk (spans_of_chunk) belongs to, under the
    span's label; or, for a clause ending in a semicolon, the clauses after it to the end of
    its sentence ("six priorities: dialogue …; cultural exchange …; people-to-people
    contacts.")."""
    listed = list_of(chunk.text, span)
    if listed or not span.endswith(";") or chunk.cells:
        return listed
    label = span[: -len(span.rsplit(": ", 1)[-1])]
    spans = spans_of_chunk(chunk)
    clauses = [span]
    for text in spans[spans.index(span) + 1 :] if span in spans else []:
        clauses.append(text.removeprefix(label) if label else text)
        if not text.endswith(";"):
            break
    return " ".join(clauses) if len(clauses) > 1 else None


def texts_to_embed(chunk: Chunk) -> list[str]:
    """What answering compares with a question beside the passage itself: its sentences and
    list items (labels joined) and its whole lists. A table row is compared whole."""
    if chunk.cells:
        return []
    found: dict[str, None] = {}
    for span in spans_of_chunk(chunk):
        found[span] = None
        listed = whole_list(chunk, span)
        if listed:
            found[listed] = None
    return [text for text in found if text != chunk.text]
