"""Blocks -> chunks: a table row is a chunk; prose is split by section on sentence boundaries."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from cica_qa.ingest.blocks import Block
from cica_qa.sentences import split_sentences
from cica_qa.types import Chunk, Location

# Bump when chunk boundaries or texts change: the manifest then asks for a rebuild.
CHUNKER_VERSION = "3"
PATH_SEPARATOR = " › "

Tokenize = Callable[[str], Sequence[int]]
SplitText = Callable[[str], list[str]]


@dataclass(frozen=True)
class Section:
    """Consecutive prose blocks under one heading path (heading blocks included as text)."""

    path: str
    blocks: tuple[Block, ...]


class HeadingPath:
    """The headings above the current block; same-level headings with no body between join."""

    def __init__(self) -> None:
        self._levels: list[tuple[int, str]] = []
        self._open_heading = False  # the last block was a heading (nothing under it yet)

    def enter(self, block: Block) -> None:
        """Take a heading block into the path."""
        if self._open_heading and self._levels and self._levels[-1][0] == block.level:
            level, title = self._levels.pop()
            self._levels.append((level, f"{title} / {block.text}"))
        else:
            while self._levels and self._levels[-1][0] >= block.level:
                self._levels.pop()
            self._levels.append((block.level, block.text))
        self._open_heading = True

    def content(self) -> None:
        """Note that non-heading content followed."""
        self._open_heading = False

    def __str__(self) -> str:
        return PATH_SEPARATOR.join(title for _, title in self._levels)


def chunk_blocks(
    document: str, blocks: Sequence[Block], split_text: SplitText, original: str = ""
) -> list[Chunk]:
    """Every chunk of one document, in reading order."""
    chunks: list[Chunk] = []
    path = HeadingPath()
    pending: list[Block] = []
    for block in blocks:
        if block.kind == "heading":
            if pending and any(b.kind != "heading" for b in pending):
                chunks += chunk_section(document, Section(str(path), tuple(pending)), split_text)
                pending = []
            path.enter(block)
            pending.append(block)
        elif block.kind == "row":
            path.content()
            if any(b.kind != "heading" for b in pending):
                chunks += chunk_section(document, Section(str(path), tuple(pending)), split_text)
            pending = []  # a heading right above a table lives on in the rows' path
            chunks.append(row_chunk(document, str(path), block))
        else:
            path.content()
            pending.append(block)
    if pending:
        chunks += chunk_section(document, Section(str(path), tuple(pending)), split_text)
    return [_with_original(chunk, original) for chunk in chunks]


def row_text(path: str, block: Block) -> str:
    """A row as one self-explaining line: 'Path — Caption: Header: cell; Header: cell'."""
    fields = "; ".join(f"{header}: {value}" for header, value in block.cells)
    lead = " — ".join(part for part in (path, block.caption) if part)
    return f"{lead} — {fields}" if lead else fields


def row_chunk(document: str, path: str, block: Block) -> Chunk:
    """The chunk of one table row, with its cells kept as metadata."""
    text = row_text(path, block)
    return Chunk(
        id=chunk_id(document, block.location, text),
        document=document,
        section=path,
        location=block.location,
        text=text,
        cells=block.cells,
    )


def section_text(blocks: Sequence[Block]) -> tuple[str, list[int]]:
    """Blocks joined by blank lines, and the start offset of each block."""
    offsets, position = [], 0
    for block in blocks:
        offsets.append(position)
        position += len(block.text) + 2
    return "\n\n".join(block.text for block in blocks), offsets


def chunk_section(document: str, section: Section, split_text: SplitText) -> list[Chunk]:
    """Split one section's prose and give each piece the location of the blocks it covers."""
    text, offsets = section_text(section.blocks)
    chunks: list[Chunk] = []
    cursor = 0
    for piece in split_text(text):
        start = text.find(piece, cursor)
        if start < 0:  # the splitter altered the text; fall back to the whole section
            start, end = 0, len(text)
        else:
            end, cursor = start + len(piece), start + 1
        covered = [
            block.location
            for block, offset in zip(section.blocks, offsets, strict=True)
            if offset < end and offset + len(block.text) > start
        ] or [section.blocks[0].location]
        location = covered[0]
        for other in covered[1:]:
            location = location.spanning(other)
        chunks.append(
            Chunk(
                id=chunk_id(document, location, piece),
                document=document,
                section=section.path,
                location=location,
                text=piece,
            )
        )
    return chunks


def chunk_id(document: str, location: Location, text: str) -> str:
    """Stable id from document path, position and content: same input, same id."""
    key = f"{document}\n{location}\n{text}".encode()
    return hashlib.sha256(key).hexdigest()[:32]


def _with_original(chunk: Chunk, original: str) -> Chunk:
    if not original:
        return chunk
    from dataclasses import replace

    return replace(chunk, original=original)


def sentence_splitter(chunk_size: int, chunk_overlap: int, tokenize: Tokenize) -> SplitText:
    """llama-index's SentenceSplitter, counting tokens with the embedding model's tokenizer.

    Its sentences are the project's (cica_qa.sentences, as its `chunking_tokenizer_fn`): its
    default, nltk's Punkt with no training, costs 1.9 s to import in every ingest and looks
    for nltk data at run time; on the corpus, the tiny test corpus and 200 synthetic
    documents both make the same chunks, id for id.
    """
    from llama_index.core.node_parser import SentenceSplitter

    splitter = SentenceSplitter(
        chunk_size=chunk_size,
        chunk_overlap=chunk_overlap,
        tokenizer=tokenize,
        paragraph_separator="\n\n",
        chunking_tokenizer_fn=split_sentences,
    )
    return splitter.split_text
