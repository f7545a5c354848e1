"""Pure helpers for table rows, shared by every reader that finds tables."""

from __future__ import annotations

from collections.abc import Sequence

from cica_qa.ingest.blocks import Block
from cica_qa.types import Cells, Location

EMPTY_CELL = "—"


def clean_cell(value: object) -> str:
    """A cell's text with whitespace folded; empty cells read as an em dash."""
    text = " ".join(str(value or "").split())
    return text or EMPTY_CELL


def cells_of(headers: Sequence[object], values: Sequence[object]) -> Cells:
    """Pair each cell with its column header; unnamed columns are 'Column N'."""
    names = [" ".join(str(h or "").split()) or f"Column {i}" for i, h in enumerate(headers, 1)]
    names += [f"Column {i}" for i in range(len(names) + 1, len(values) + 1)]
    padded = [*values, *[""] * (len(names) - len(values))]
    return tuple((name, clean_cell(value)) for name, value in zip(names, padded, strict=True))


def is_blank_row(values: Sequence[object]) -> bool:
    """True when every cell is empty."""
    return not any(str(v or "").strip() for v in values)


def row_block(
    headers: Sequence[object], values: Sequence[object], location: Location, caption: str = ""
) -> Block | None:
    """A table row as a block (cells paired with headers), or None for a blank row."""
    if is_blank_row(values):
        return None
    cells = cells_of(headers, values)
    text = " | ".join(value for _, value in cells)
    return Block("row", text, location, cells=cells, caption=caption)


def row_blocks(rows: Sequence[Sequence[object]], location: Location) -> list[Block]:
    """Rows of a table whose first row is its header, all at one location (a page, a paragraph)."""
    if not rows:
        return []
    headers, *body = rows
    return [b for values in body if (b := row_block(headers, values, location)) is not None]
