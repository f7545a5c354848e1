"""Source cards under an answer, as HTML: where each passage is, and the part that supports
the answer highlighted (pure). Every piece of text is escaped: documents are data, not markup."""

from __future__ import annotations

import re
from dataclasses import dataclass

from cica_qa.answering.answer import Answer, Citation
from cica_qa.normalize import STOPWORDS, content_stems
from cica_qa.sentences import split_sentences
from cica_qa.web.templates import render

SUPPORT_OVERLAP = 0.5  # share of a passage part's words the claim must hold to highlight it
_MARKER = re.compile(r"\[(\d+)\]")
_LINE_BREAKS = re.compile(r"(\n+)")
_FIELD_END = re.compile(r"(;\s+)")  # the '; ' between the fields of a table row
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
    facts = _facts(claim)
    return [
        Part(piece, not between and _supports(piece, wanted, facts))
        for piece, between in _pieces(passage)
        if piece
    ]


def _pieces(passage: str) -> list[tuple[str, bool]]:
    """The passage as (text, is what lies between parts): lines, their sentences, and the
    sentences' row fields, each followed by the breaks, white space or '; ' after it."""
    pieces: list[tuple[str, bool]] = []
    for index, line in enumerate(_LINE_BREAKS.split(passage)):
        if index % 2:  # the line breaks themselves
            pieces.append((line, True))
            continue
        for sentence in split_sentences(line):
            body = sentence.rstrip()
            fields = _FIELD_END.split(body)
            pieces += [(f, bool(i % 2)) for i, f in enumerate(fields)]
            pieces.append((sentence[len(body) :], True))
    return pieces


def _supports(piece: str, wanted: set[str], facts: set[str]) -> bool:
    words = content_stems(piece)
    if not words or piece.strip().isupper():  # a heading line is where, not what
        return False
    shared = len(words & wanted) / len(words)
    own_facts = _facts(piece)
    return shared >= SUPPORT_OVERLAP or bool(own_facts and own_facts <= facts and len(words) > 1)


def _facts(text: str) -> set[str]:
    """Its numbers and names: capitalised words, but not a capitalised "The" or "It"."""
    return {fact for fact in _FACT.findall(text) if fact.casefold() not in STOPWORDS}


def source_cards(answer: Answer | None) -> str:
    """The cards for an answer's citations, or for an abstention's closest passages: each
    says where its passage is (document, section, row, location, edition) and shows it, the
    parts that support the answer marked."""
    if answer is None:
        return render("cards.html", empty="Sources of the latest answer appear here.")
    if answer.abstained:
        if not answer.related:
            return render("cards.html", empty="No passage came close to the question.")
        cards = [_card(c, "", "related") for c in answer.related]
        return render("cards.html", empty="", related=True, cards=cards)
    claims = claims_by_number(f"{answer.text} {answer.earlier}")
    cards = [_card(c, claims.get(c.number, ""), "source") for c in answer.citations]
    return render("cards.html", empty="", related=False, cards=cards)


def _card(citation: Citation, claim: str, kind: str) -> dict[str, object]:
    parts = passage_parts(citation.text, claim) if claim else [Part(citation.text, False)]
    return {"citation": citation, "kind": kind, "parts": parts}
