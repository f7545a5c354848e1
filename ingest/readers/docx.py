"""DOCX via python-docx: heading styles, paragraphs, list paragraphs and table rows, in order."""

from __future__ import annotations

import io
import re

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.readers import TooLongError
from cica_qa.ingest.rows import row_blocks
from cica_qa.types import Location

_HEADING_STYLE = re.compile(r"^Heading (\d)$")
CHARS_PER_ITEM = 4  # fewest characters of text a paragraph or table is taken to hold


def read_docx(data: bytes, max_chars: int | None = None) -> tuple[Block, ...]:
    """Blocks of the document body; the location is the paragraph number (tables count as one).

    A body of more paragraphs and tables than `max_chars` characters could fill (a few
    characters each) is refused before they are read: 80 KB of empty paragraphs, compressed,
    had taken 49 s and 1.3 GB.
    """
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
    items = len(document.element.body)
    if max_chars is not None and items > max_chars // CHARS_PER_ITEM:
        raise TooLongError(
            f"its body holds {items:,} paragraphs and tables, more than a document of "
            f"{max_chars:,} characters (CICA_MAX_DOCUMENT_CHARS) can fill: split it"
        )
    blocks: list[Block] = []
    for number, item in enumerate(document.iter_inner_content(), start=1):
        location = Location("paragraph", number, number)
        if isinstance(item, Table):
            blocks.extend(row_blocks([[c.text for c in row.cells] for row in item.rows], location))
        else:
            block = _paragraph_block(item, location)
            if block is not None:
                blocks.append(block)
    return tuple(blocks)


def _paragraph_block(paragraph: object, location: Location) -> Block | None:
    text = " ".join(paragraph.text.split())
    if not text:
        return None
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.match(style)
    if heading or style == "Title":
        return Block("heading", text, location, int(heading.group(1)) if heading else 1)
    if style.startswith("List"):
        return Block("text", f"- {text}", location)
    return Block("text", text, location)
