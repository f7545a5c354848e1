"""Source cards under an answer, as HTML: where each passage is, and the part that supports
the answer highlighted (pure). Every piece of text is escaped: documents are data, not markup."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from cica_qa.normalize import content_stems
from cica_qa.types import Answer, Citation

SUPPORT_OVERLAP = 0.5  # share of a passage part's words the claim must hold to highlight it
_MARKER = re.compile(r"\[(\d+)\]")
# Passage parts: sentences, lines, and the '; '-separated fields of a table row.
_PART_END = re.compile(r"(?<=[.!?])\s+|\n+|;\s+")
_FACT = re.compile(r"\d[\d.,/-]*|\b[A-Z][\w'’-]+")


@dataclass(frozen=True)
class Part:
    """A piece of a passage and whether it supports the claim."""

    text: str
    supports: bool


def claims_by_number(text: str) -> dict[int, str]:
    """The answer text each citation number backs: the words before its marker."""
    claims: dict[int, str] = {}
    start = 0
    for match in _MARKER.finditer(text):
        number = int(match.group(1))
        claims[number] = (claims.get(number, "") + " " + text[start : match.start()]).strip()
        start = match.end()
    return claims


def passage_parts(passage: str, claim: str) -> list[Part]:
    """The passage cut into sentences, lines and row fields, each marked when it supports the claim.

    A part supports the claim when the claim holds most of its words, or every number and
    name in it. With no part close enough, nothing is highlighted (rather than a guess).
    """
    wanted = content_stems(claim)
    facts = set(_FACT.findall(claim))
    parts: list[Part] = []
    position = 0
    for match in [*_PART_END.finditer(passage), None]:
        end = match.start() if match else len(passage)
        piece = passage[position:end]
        if piece.strip():
            parts.append(Part(piece, _supports(piece, wanted, facts)))
        if match:
            parts.append(Part(match.group(), False))
            position = match.end()
    return parts


def _supports(piece: str, wanted: set[str], facts: set[str]) -> bool:
    words = content_stems(piece)
    if not words or piece.strip().isupper():  # a heading line is where, not what
        return False
    shared = len(words & wanted) / len(words)
    own_facts = set(_FACT.findall(piece))
    return shared >= SUPPORT_OVERLAP or bool(own_facts and own_facts <= facts and len(words) > 1)


def highlighted(passage: str, claim: str) -> str:
    """The passage as escaped HTML with its supporting parts in <mark>."""
    out = []
    for part in passage_parts(passage, claim):
        text = html.escape(part.text)
        out.append(f"<mark>{text}</mark>" if part.supports else text)
    return "".join(out).replace("\n", "<br>")


def card(citation: Citation, claim: str, kind: str = "source") -> str:
    """One card: number, document, section path, row, location, edition, and the passage."""
    label = f"[{citation.number}]" if kind == "source" else "•"
    section = " › ".join(p for p in (citation.section,) if p)
    details = [
        f'<span class="cica-doc">{html.escape(citation.document)}</span>',
        f'<span class="cica-section">{html.escape(section)}</span>' if section else "",
        f'<span class="cica-row">row: {html.escape(citation.row)}</span>' if citation.row else "",
        f'<span class="cica-loc">{html.escape(citation.location)}</span>',
        (
            f'<span class="cica-edition">edition of {html.escape(citation.original)}</span>'
            if citation.original
            else ""
        ),
    ]
    head = " · ".join(d for d in details if d)
    passage = highlighted(citation.text, claim) if claim else html.escape(citation.text)
    return (
        f'<div class="cica-card cica-{kind}" data-number="{citation.number}">'
        f'<div class="cica-card-head"><b>{label}</b> {head}</div>'
        f'<div class="cica-passage">{passage.replace(chr(10), "<br>")}</div></div>'
    )


def source_cards(answer: Answer | None) -> str:
    """The cards for an answer's citations, or for an abstention's closest passages."""
    if answer is None:
        return '<div class="cica-empty">Sources of the latest answer appear here.</div>'
    if answer.abstained:
        if not answer.related:
            return '<div class="cica-empty">No passage came close to the question.</div>'
        cards = "".join(card(c, "", kind="related") for c in answer.related)
        return (
            '<div class="cica-related-head">The documents don\'t answer this. Closest '
            f"passages (not sources of an answer):</div>{cards}"
        )
    claims = claims_by_number(answer.text)
    return "".join(card(c, claims.get(c.number, "")) for c in answer.citations)
