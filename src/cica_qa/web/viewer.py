"""A cited passage in the context of its whole document, as escaped HTML (pure).

The document is read again with the same readers ingest uses, so every format (text,
markdown, HTML, PDF, DOCX) shows as the headings, paragraphs and table rows the index was
built from; the blocks the citation's location covers are marked and scrolled to.
"""

from __future__ import annotations

import html
import re

from cica_qa.types import Citation

PASSAGE_ID = "cica-passage"
_LOCATION = re.compile(r"^(line|page|paragraph)s? (\d+)(?:-(\d+))?$")


def parse_location(location: str) -> tuple[str, int, int] | None:
    """'lines 3-7' -> ('line', 3, 7); None for anything else."""
    match = _LOCATION.match(location.strip())
    if not match:
        return None
    start = int(match.group(2))
    return match.group(1), start, int(match.group(3) or start)


def document_view(citation: Citation, blocks: tuple[object, ...], notice: str = "") -> str:
    """The document's blocks in order, the cited ones marked; `notice` says what to beware of."""
    place = parse_location(citation.location)
    head = [f"<h3>{html.escape(citation.document)}</h3>"]
    if citation.original:
        head.append(
            '<p class="cica-edition">A structured edition of '
            f"<b>{html.escape(citation.original)}</b> (the document as received).</p>"
        )
    if notice:
        head.append(f'<p class="cica-notice">{html.escape(notice)}</p>')
    body = []
    first = True
    for block in blocks:
        location = block.location
        cited = (
            place is not None
            and location.unit == place[0]
            and location.start <= place[2]
            and location.end >= place[1]
        )
        text = html.escape(block.text).replace("\n", "<br>")
        if block.kind == "heading":
            level = min(max(block.level, 1) + 3, 6)
            piece = f"<h{level}>{text}</h{level}>"
        elif block.kind == "row":
            cells = "; ".join(f"{html.escape(h)}: {html.escape(v)}" for h, v in block.cells)
            piece = f'<p class="cica-row">{cells or text}</p>'
        else:
            piece = f"<p>{text}</p>"
        if cited:
            anchor = f' id="{PASSAGE_ID}"' if first else ""
            first = False
            piece = f'<div class="cica-cited"{anchor}>{piece}</div>'
        body.append(piece)
    if first:
        head.append(
            '<p class="cica-notice">The cited location was not found in the document as it '
            "is now: it may have changed since the last ingest.</p>"
        )
    return f'<div class="cica-document">{"".join(head)}{"".join(body)}</div>'


def unavailable(citation: Citation, reason: str) -> str:
    """What the viewer shows when the document cannot be opened."""
    return (
        f'<div class="cica-document"><h3>{html.escape(citation.document)}</h3>'
        f'<p class="cica-notice">{html.escape(reason)}</p></div>'
    )
