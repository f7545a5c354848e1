"""Plain text: paragraphs are runs of lines; a short upper-case line after a break is a heading."""

from __future__ import annotations

from collections.abc import Sequence

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.clean import Line, clean_lines
from cica_qa.types import Location

_MAX_HEADING_WORDS = 8


def is_plain_heading(line: Line, previous_number: int) -> bool:
    """A short upper-case line after two or more blank lines (how extractions mark titles)."""
    words = line.text.split()
    return (
        line.number - previous_number >= 3
        and 0 < len(words) <= _MAX_HEADING_WORDS
        and line.text.isupper()
        and not any(ch.isdigit() for ch in line.text)
    )


def read_plain_text(text: str) -> tuple[Block, ...]:
    """Headings and paragraphs of a plain-text file, with their line ranges."""
    blocks: list[Block] = []
    paragraph: list[Line] = []
    previous = 0
    for line in clean_lines(text):
        heading = is_plain_heading(line, previous)
        if paragraph and (heading or line.number != previous + 1):
            blocks.append(_paragraph(paragraph))
            paragraph = []
        if heading:
            blocks.append(
                Block("heading", line.text, Location("line", line.number, line.number), 1)
            )
        else:
            paragraph.append(line)
        previous = line.number
    if paragraph:
        blocks.append(_paragraph(paragraph))
    return tuple(blocks)


def _paragraph(lines: Sequence[Line]) -> Block:
    location = Location("line", lines[0].number, lines[-1].number)
    return Block("text", "\n".join(line.text for line in lines), location)
