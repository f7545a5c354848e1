"""Markdown via markdown-it-py: headings, paragraphs, lists and table rows with line ranges."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any

from cica_qa.ingest.blocks import Block
from cica_qa.ingest.clean import strip_emphasis
from cica_qa.ingest.rows import row_block
from cica_qa.types import Location

_LIST_OPEN = ("bullet_list_open", "ordered_list_open")


@functools.cache
def _parser() -> Any:
    """One CommonMark parser with tables (building one costs more than parsing a page)."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark").enable("table")


def read_markdown(text: str) -> tuple[Block, ...]:
    """Blocks of a Markdown document (front matter already removed), in reading order."""
    tokens = _parser().parse(text)
    lines = text.splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        end = _matching_close(tokens, index)
        if token.level == 0 and token.map:
            blocks.extend(_top_level_block(tokens[index : end + 1], lines))
        index = end + 1
    return tuple(blocks)


def _matching_close(tokens: Sequence, index: int) -> int:
    if tokens[index].nesting != 1:
        return index
    depth = 0
    for position in range(index, len(tokens)):
        depth += tokens[position].nesting
        if depth == 0:
            return position
    return len(tokens) - 1


def _location(token_map: Sequence[int]) -> Location:
    return Location("line", token_map[0] + 1, max(token_map[0] + 1, token_map[1]))


def _top_level_block(tokens: Sequence, lines: Sequence[str]) -> list[Block]:
    first = tokens[0]
    location = _location(first.map)
    if first.type == "heading_open":
        return [Block("heading", inline_text(tokens[1]), location, int(first.tag[1:]))]
    if first.type == "paragraph_open":
        return [Block("text", inline_text(tokens[1]), location)]
    if first.type in _LIST_OPEN:
        return [Block("text", list_text(tokens), location)]
    if first.type == "table_open":
        return table_rows(tokens)
    if first.type == "hr":
        return []
    # Code, quotes, raw HTML: the source lines as they are (shown escaped, never rendered).
    source = "\n".join(lines[first.map[0] : first.map[1]]).strip()
    return [Block("text", strip_emphasis(source), location)] if source else []


def inline_text(token: object) -> str:
    """The words of an inline token: emphasis and link markup dropped, line breaks kept."""
    parts: list[str] = []
    for child in token.children or []:
        if child.type in ("text", "code_inline", "html_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append("\n")
        elif child.type == "image":
            parts.append(child.content)
    return "".join(parts).strip()


def list_text(tokens: Sequence) -> str:
    """A (nested) list as '- item' / '1. item' lines, indented by depth."""
    lines: list[str] = []
    kinds: list[list] = []  # per open list: [ordered?, next number]
    for position, token in enumerate(tokens):
        if token.type in _LIST_OPEN:
            start = int(token.attrGet("start") or 1) if token.type == "ordered_list_open" else 0
            kinds.append([token.type == "ordered_list_open", start])
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            kinds.pop()
        elif token.type == "inline" and kinds:
            ordered, number = kinds[-1]
            marker = f"{number}." if ordered else "-"
            if ordered:
                kinds[-1][1] += 1
            # A second paragraph of the same item continues it instead of making a new item.
            item_start = tokens[position - 2].type == "list_item_open"
            indent = "  " * (len(kinds) - 1)
            text = inline_text(token)
            lines.append(f"{indent}{marker} {text}" if item_start else f"{indent}  {text}")
    return "\n".join(lines)


def table_rows(tokens: Sequence) -> list[Block]:
    """One row block per body row, with header → cell pairs."""
    headers: list[str] = []
    rows: list[Block] = []
    current: list[str] = []
    row_map = None
    for token in tokens:
        if token.type == "tr_open":
            current, row_map = [], token.map
        elif token.type == "inline":
            current.append(inline_text(token))
        elif token.type == "tr_close":
            if not headers:
                headers = current
                continue
            block = row_block(headers, current, _location(row_map))
            if block is not None:
                rows.append(block)
    return rows
