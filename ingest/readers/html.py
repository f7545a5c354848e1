"""HTML via BeautifulSoup: headings, paragraphs, list items and table rows, with source lines."""

from __future__ import annotations

import re

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.rows import row_block
from cica_qa.types import Location
from cica_qa.values import iso_day

_HEADINGS = {f"h{level}": level for level in range(1, 7)}
_TEXT_TAGS = {"p", "li", "pre", "blockquote", "dt", "dd", "figcaption", "address"}
_SKIPPED = {"script", "style", "noscript", "template", "head", "svg", "iframe", "object"}
# <meta> names and properties that say when a page was published, then modified
_PUBLISHED = (
    "article:published_time",
    "date",
    "dc.date",
    "dcterms.created",
    "dc.date.issued",
    "dcterms.issued",
    "pubdate",
    "publish-date",
    "publication_date",
)
_MODIFIED = ("article:modified_time", "dcterms.modified", "last-modified")
_META = re.compile(r"<meta\b[^>]{0,2000}>", re.IGNORECASE)
_ISO_DAY = re.compile(r"\s*(\d{4})-(\d{2})-(\d{2})")


def read_html(text: str) -> tuple[Block, ...]:
    """Blocks of an HTML page in document order; scripts and styles are not content."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(text, "html.parser")  # html.parser records source line numbers
    root = soup.body or soup
    blocks: list[Block] = []
    _walk(root, blocks, text.count("\n") + 1)
    return tuple(blocks)


def _walk(element: object, blocks: list[Block], last_line: int) -> None:
    from bs4 import NavigableString, Tag
    from bs4.element import Comment, Declaration, Doctype, ProcessingInstruction

    for child in element.children:
        if isinstance(child, Comment | Declaration | Doctype | ProcessingInstruction):
            continue
        if isinstance(child, NavigableString):
            words = " ".join(child.split())
            if words:  # loose text in a container is content too
                blocks.append(Block("text", words, _line_of(child.parent, last_line)))
            continue
        if not isinstance(child, Tag) or child.name in _SKIPPED:
            continue
        if child.name in _HEADINGS:
            title = _text(child)
            if title:
                blocks.append(
                    Block("heading", title, _line_of(child, last_line), _HEADINGS[child.name])
                )
        elif child.name == "table":
            blocks.extend(_table_rows(child, last_line))
        elif child.name in _TEXT_TAGS and not child.find(["table", *_HEADINGS]):
            words = _text(child)
            if words:
                prefix = "- " if child.name == "li" else ""
                blocks.append(Block("text", prefix + words, _line_of(child, last_line)))
        else:
            _walk(child, blocks, last_line)


def _text(tag: object) -> str:
    return " ".join(tag.get_text(" ").split())


def _line_of(tag: object, last_line: int) -> Location:
    line = getattr(tag, "sourceline", None) or 1
    return Location("line", min(line, last_line), min(line, last_line))


def _table_rows(table: object, last_line: int) -> list[Block]:
    caption_tag = table.find("caption")
    caption = _text(caption_tag) if caption_tag else ""
    headers: list[str] = []
    blocks: list[Block] = []
    for row in table.find_all("tr"):
        # its own cells only: html.parser nests a row left open in the one before it, and
        # every cell below would be read once per row above (20,000 open rows: minutes)
        cells = row.find_all(["th", "td"], recursive=False)
        values = [_text(cell) for cell in cells]
        if not headers:
            headers = values
            continue
        block = row_block(headers, values, _line_of(row, last_line), caption)
        if block is not None:
            blocks.append(block)
    return blocks


def html_dates(text: str) -> tuple[str, ...]:
    """The ISO dates a page's <meta> tags give for when it was published, then modified."""
    from bs4 import BeautifulSoup

    said: dict[str, str] = {}
    for tag in _META.findall(text):
        meta = BeautifulSoup(tag, "html.parser").meta
        if meta is None:
            continue
        key = str(meta.get("name") or meta.get("property") or meta.get("itemprop") or "")
        said.setdefault(key.strip().lower(), str(meta.get("content") or ""))
    found = (_iso_day(said.get(key, "")) for key in (*_PUBLISHED, *_MODIFIED))
    return tuple(dict.fromkeys(value for value in found if value))


def _iso_day(text: str) -> str:
    return iso_day(_ISO_DAY.match(text))
