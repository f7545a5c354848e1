"""Split cleaned lines into sections, and sections into chunks that remember their lines."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cica_qa.types import Chunk, Line

# Bump when chunk boundaries or texts change: the manifest then asks for a rebuild.
CHUNKER_VERSION = "1"

Tokenize = Callable[[str], Sequence[int]]
SplitText = Callable[[str], list[str]]

_MARKDOWN_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*$")
_MAX_PLAIN_HEADING_WORDS = 8


@dataclass(frozen=True)
class Section:
    """A heading path and the lines under it (heading lines included)."""

    heading: str
    lines: tuple[Line, ...]


def markdown_heading(text: str) -> tuple[int, str] | None:
    """(level, title) of a `#` heading line, or None."""
    match = _MARKDOWN_HEADING.match(text)
    return (len(match.group(1)), match.group(2)) if match else None


def is_plain_heading(line: Line, previous_number: int) -> bool:
    """A short upper-case line after two or more blank lines (how extractions mark titles)."""
    words = line.text.split()
    return (
        line.number - previous_number >= 3
        and 0 < len(words) <= _MAX_PLAIN_HEADING_WORDS
        and line.text.isupper()
        and not any(ch.isdigit() for ch in line.text)
    )


def split_sections(lines: Sequence[Line], markdown: bool) -> list[Section]:
    """Group lines under their nearest heading; a heading with no body joins the next section."""
    sections: list[Section] = []
    path: list[tuple[int, str]] = []
    heading, current, previous_number = "", [], 0
    pending: list[Line] = []  # heading lines still waiting for a body
    pending_titles: list[str] = []
    for line in lines:
        title = _heading_title(line, previous_number, markdown, path)
        previous_number = line.number
        if title is None:
            current.append(line)
            continue
        if current:
            sections.append(Section(heading, tuple(pending + current)))
            pending, pending_titles, current = [], [], []
        pending.append(line)
        pending_titles.append(title)
        heading = title if markdown else " / ".join(pending_titles)
    if current or pending:
        sections.append(Section(heading, tuple(pending + current)))
    return sections


def _heading_title(
    line: Line, previous_number: int, markdown: bool, path: list[tuple[int, str]]
) -> str | None:
    if not markdown:
        return line.text if is_plain_heading(line, previous_number) else None
    found = markdown_heading(line.text)
    if found is None:
        return None
    level, title = found
    while path and path[-1][0] >= level:
        path.pop()
    path.append((level, title))
    return " › ".join(t for _, t in path)


def display_text(line: Line) -> str:
    """A line as it reads in a chunk: markdown heading markers dropped."""
    found = markdown_heading(line.text)
    return found[1] if found else line.text


def section_text(lines: Sequence[Line]) -> tuple[str, list[int]]:
    """Lines joined (paragraph breaks kept as blank lines) and each line's start offset."""
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for index, line in enumerate(lines):
        if index:
            separator = "\n" if line.number == lines[index - 1].number + 1 else "\n\n"
            parts.append(separator)
            position += len(separator)
        offsets.append(position)
        text = display_text(line)
        parts.append(text)
        position += len(text)
    return "".join(parts), offsets


def chunk_id(document: str, line_start: int, line_end: int, text: str) -> str:
    """Stable id from document path, position and content: same input, same id."""
    key = f"{document}\n{line_start}-{line_end}\n{text}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def chunk_section(document: str, section: Section, split_text: SplitText) -> list[Chunk]:
    """Split one section's text and map each piece back to its line range."""
    text, offsets = section_text(section.lines)
    chunks: list[Chunk] = []
    cursor = 0
    for piece in split_text(text):
        start = text.find(piece, cursor)
        if start < 0:  # the splitter altered the text; fall back to the whole section
            start, end = 0, len(text)
        else:
            end = start + len(piece)
            cursor = start + 1
        covered = [
            line.number
            for line, offset in zip(section.lines, offsets, strict=True)
            if offset < end and offset + len(display_text(line)) > start
        ]
        first, last = covered[0], covered[-1]
        chunks.append(
            Chunk(
                id=chunk_id(document, first, last, piece),
                document=document,
                section=section.heading,
                line_start=first,
                line_end=last,
                text=piece,
            )
        )
    return chunks


def chunk_lines(document: str, lines: Sequence[Line], split_text: SplitText) -> list[Chunk]:
    """Every chunk of one document, in reading order."""
    markdown = document.lower().endswith(".md")
    return [
        chunk
        for section in split_sections(lines, markdown)
        for chunk in chunk_section(document, section, split_text)
    ]


def sentence_splitter(chunk_size: int, chunk_overlap: int, tokenize: Tokenize) -> SplitText:
    """llama-index's SentenceSplitter, counting tokens with the embedding model's tokenizer."""
    from llama_index.core.node_parser import SentenceSplitter

    splitter = SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=tokenize,
        paragraph_separator="\n\n",
    )
    return splitter.split_text
