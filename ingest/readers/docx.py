"""DOCX via python-docx: heading styles, paragraphs, list paragraphs and table rows, in order."""

from __future__ import annotations

import io
import re

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.rows import row_blocks
from cica_qa.types import Location

_HEADING_STYLE = re.compile(r"^Heading (\d)$")


def read_docx(data: bytes) -> tuple[Block, ...]:
    """Blocks of the document body; the location is the paragraph number (tables count as one)."""
    import docx
    from docx.table import Table

    document = docx.Document(io.BytesIO(data))
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
