"""PDF via pdfplumber: table rows from its table finder, prose lines around them, by page."""

from __future__ import annotations

import io
import re
import statistics

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.rows import row_blocks
from cica_qa.types import Location
from cica_qa.values import iso_day

HEADING_SIZE_RATIO = 1.2  # a line this much larger than the page's body text is a heading
_MAX_HEADING_WORDS = 12
_PDF_DATE = re.compile(r"\s*(?:D:)?(\d{4})(\d{2})(\d{2})")


def read_pdf(data: bytes) -> tuple[Block, ...]:
    """Blocks of every page, in order; each block's location is its page."""
    import pdfplumber

    blocks: list[Block] = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            blocks.extend(_page_blocks(page, number))
    return tuple(blocks)


def _page_blocks(page: object, number: int) -> list[Block]:
    location = Location("page", number, number)
    tables = page.find_tables()
    boxes = [table.bbox for table in tables]
    prose = page.filter(lambda obj: not any(_inside(obj, box) for box in boxes))
    body_size = _body_size(prose)
    items: list[tuple[float, list[Block]]] = [
        (line["top"], [_line_block(line, body_size, location)])
        for line in prose.extract_text_lines()
    ]
    items += [(table.bbox[1], row_blocks(table.extract(), location)) for table in tables]
    items.sort(key=lambda item: item[0])
    return _merge_text([block for _, group in items for block in group])


def _inside(obj: dict, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_x = (obj.get("x0", 0) + obj.get("x1", 0)) / 2
    middle_y = (obj.get("top", 0) + obj.get("bottom", 0)) / 2
    return x0 <= middle_x <= x1 and top <= middle_y <= bottom


def _body_size(page: object) -> float:
    sizes = [round(char["size"], 1) for char in page.chars if char.get("text", "").strip()]
    return statistics.median(sizes) if sizes else 0.0


def _line_block(line: dict, body_size: float, location: Location) -> Block:
    text = " ".join(line["text"].split())
    sizes = [char["size"] for char in line.get("chars", []) if char.get("text", "").strip()]
    size = statistics.mean(sizes) if sizes else 0.0
    if (
        body_size
        and size >= body_size * HEADING_SIZE_RATIO
        and len(text.split()) <= _MAX_HEADING_WORDS
    ):
        return Block("heading", text, location, level=1)
    return Block("text", text, location)


def _merge_text(blocks: list[Block]) -> list[Block]:
    # Consecutive prose lines of a page form one text block; the chunker splits it by sentence.
    merged: list[Block] = []
    for block in blocks:
        if merged and block.kind == "text" and merged[-1].kind == "text":
            previous = merged[-1]
            merged[-1] = Block("text", f"{previous.text}\n{block.text}", previous.location)
        else:
            merged.append(block)
    return merged


def pdf_dates(data: bytes) -> tuple[str, ...]:
    """The ISO dates the PDF's document information records: created, then modified."""
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        info = pdf.metadata
    found = (_pdf_date(info.get(key)) for key in ("CreationDate", "ModDate"))
    return tuple(value for value in found if value)


def _pdf_date(raw: object) -> str:
    """'D:20250227103000+05'00'' -> '2025-02-27'; '' for anything else."""
    if isinstance(raw, bytes):
        raw = raw.decode("latin-1")
    return iso_day(_PDF_DATE.match(raw)) if isinstance(raw, str) else ""
