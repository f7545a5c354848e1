"""DOCX via python-docx: heading styles, paragraphs, list paragraphs and table rows, in order."""

from __future__ import annotations

import functools
import io
import re
import zipfile
from datetime import UTC, datetime
from xml.etree import ElementTree

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.readers import TooLongError
from cica_qa.ingest.rows import row_blocks
from cica_qa.types import Location

_HEADING_STYLE = re.compile(r"^Heading (\d)$")
_CORE_PART = "docProps/core.xml"
MAX_CORE_BYTES = 65_536
_CORE_DATES = (  # created, then modified
    "{http://purl.org/dc/terms/}created",
    "{http://purl.org/dc/terms/}modified",
)
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


def docx_dates(data: bytes) -> tuple[str, ...]:
    """The ISO dates the DOCX's core properties record (created, then modified), without
    the ones python-docx's own template carries: a file it made with no dates set has those,
    whoever wrote it and whenever. Only the small core-properties part is read."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if archive.getinfo(_CORE_PART).file_size > MAX_CORE_BYTES:
                return ()  # a few hundred bytes in any real file
            root = ElementTree.fromstring(archive.read(_CORE_PART))
    except (KeyError, zipfile.BadZipFile, ElementTree.ParseError):
        return ()
    stamped = _template_dates()
    found = (_when(root.findtext(tag, "")) for tag in _CORE_DATES)
    return tuple(when.date().isoformat() for when in found if when and when not in stamped)


def _when(text: str) -> datetime | None:
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


@functools.cache
def _template_dates() -> frozenset[datetime]:
    import docx

    properties = docx.Document().core_properties
    return frozenset(when for when in (properties.created, properties.modified) if when)
