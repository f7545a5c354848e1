"""A cited passage in the context of its whole document, as escaped HTML.

The document is read again with the same readers ingest uses, so every format (text,
markdown, HTML, PDF, DOCX) shows as the headings, paragraphs and table rows the index was
built from; the blocks the citation's location covers are marked and scrolled to.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from cica_qa.answering.answer import Citation
from cica_qa.ingest.blocks import Block
from cica_qa.ingest.load import Skipped, read_file
from cica_qa.ingest.readers import parse_file
from cica_qa.web.cards import passage_parts
from cica_qa.web.templates import render

PASSAGE_ID = "cica-passage"


def document_view(
    citation: Citation, blocks: Sequence[Block], notice: str = "", claim: str = ""
) -> str:
    """The document's blocks in order, the cited ones marked and the first of them anchored;
    within them, the sentences (or rows) that support `claim` (what the answer says with
    this citation) highlighted, or the whole cited passage when none does; `notice` says
    what to beware of."""
    items = []
    anchored = False
    for block in blocks:
        cited = block.location.overlaps(citation.location)
        parts = passage_parts(_text_of(block), claim) if cited and claim else []
        items.append(
            {
                "block": block,
                "cited": cited,
                "parts": parts if any(p.supports for p in parts) else [],
                "anchor": cited and not anchored,
                "level": min(max(block.level, 1) + 3, 6),
            }
        )
        anchored = anchored or cited
    return render(
        "document.html",
        citation=citation,
        items=items,
        notice=notice,
        found=anchored,
        whole=not any(item["parts"] for item in items),
        anchor_id=PASSAGE_ID,
    )


def _text_of(block: Block) -> str:
    """A block's text as the document view shows it (a row as 'header: value; …')."""
    if block.kind == "row" and block.cells:
        return "; ".join(f"{header}: {value}" for header, value in block.cells)
    return block.text


def unavailable(citation: Citation, reason: str) -> str:
    """What the viewer shows when the document cannot be opened."""
    return render("document.html", citation=citation, items=[], notice=reason, found=True)


def view_citation(corpus_dir: Path, citation: Citation | None, claim: str = "") -> str:
    """The cited passage inside its whole document, read from the corpus folder, the part
    supporting `claim` highlighted."""
    if citation is None:
        return '<div class="cica-empty">Choose a source, then View in document.</div>'
    root = corpus_dir.resolve()
    path = (root / citation.document).resolve()
    if root not in path.parents or not path.is_file():
        return unavailable(
            citation, f"{citation.document} is no longer in the corpus folder: re-ingest"
        )
    source = read_file(root, citation.document)
    parsed = parse_file(source) if not isinstance(source, Skipped) else source
    if isinstance(parsed, Skipped):
        return unavailable(citation, f"cannot open {citation.document}: {parsed.reason}")
    return document_view(citation, parsed.blocks, claim=claim)
