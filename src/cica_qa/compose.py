"""Pure text steps that turn retrieved passages into a short, cited, extractive answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from cica_qa.errors import QuestionError
from cica_qa.types import Answer, Citation, Hit

NO_ANSWER = "The documents don't say."
LEXICAL_WEIGHT = 0.3
SPAN_SOURCES = 3  # how many top hits the answer span may come from

_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=\S)")
_WORD = re.compile(r"[^\W_]+")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+•]|\d+[.)])\s+")
_STOPWORDS = frozenset(
    "a an and are as at be by did do does for from has have how in is it its of on or "
    "the their there this to was were what when where which who whom whose why with "
    "can could many much often tell me about please".split()
)


@dataclass(frozen=True)
class Span:
    """A candidate answer: a sentence or line of one retrieved hit."""

    hit: Hit
    text: str


def check_question(question: str, max_chars: int) -> str:
    """The question with whitespace folded; QuestionError when empty or too long."""
    folded = " ".join(question.split())
    if not folded:
        raise QuestionError("the question is empty: type a question about CICA")
    if len(folded) > max_chars:
        raise QuestionError(
            f"the question is {len(folded)} characters; the limit is {max_chars} "
            "(CICA_MAX_QUESTION_CHARS): ask a shorter question"
        )
    return folded


def normalise(text: str) -> str:
    """Case-, accent- and punctuation-insensitive form for matching words."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def content_words(text: str) -> set[str]:
    """The words of a text that carry meaning (normalised, stopwords dropped)."""
    return {w for w in _WORD.findall(normalise(text)) if len(w) > 1 and w not in _STOPWORDS}


def lexical_overlap(question: str, span: str) -> float:
    """Share of the question's content words that the span contains (0..1)."""
    wanted = content_words(question)
    return len(wanted & content_words(span)) / len(wanted) if wanted else 0.0


def candidate_spans(text: str, headings: Sequence[str] = ()) -> list[str]:
    """Sentences, list items and label lines of a passage, a label joined to what it labels.

    Labels are upper-case titles without a full stop, and the passage's own headings.
    """
    units: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        units.extend(_paragraph_units(paragraph))
    return _attach_labels(units, frozenset(headings))


def _paragraph_units(paragraph: str) -> list[str]:
    units: list[str] = []
    for line in paragraph.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        if _LIST_ITEM.match(stripped) or not units:
            units.append(stripped)
        else:
            units[-1] = f"{units[-1]} {stripped}"
    return [s.strip() for unit in units for s in _SENTENCE_END.split(unit) if s.strip()]


def _is_label(unit: str, headings: frozenset[str]) -> bool:
    # Titles (headings, upper-case table cells) say nothing alone: they need what follows them.
    return unit in headings or (unit.isupper() and not unit.endswith((".", "!", "?")))


def _attach_labels(units: list[str], headings: frozenset[str]) -> list[str]:
    attached: list[str] = []
    for unit in units:
        if attached and _is_label(attached[-1], headings) and not _is_label(unit, headings):
            attached[-1] = f"{attached[-1]}: {unit}"
        else:
            attached.append(unit)
    return attached


def spans_of(hits: Sequence[Hit], min_score: float) -> list[Span]:
    """Candidate spans from the best hits that clear the threshold."""
    usable = [h for h in hits[:SPAN_SOURCES] if h.score >= min_score]
    return [
        Span(hit, text)
        for hit in usable
        for text in candidate_spans(hit.chunk.text, section_titles(hit.chunk.section))
    ]


def section_titles(section: str) -> list[str]:
    """The headings in a section path ('A › B' or 'A / B')."""
    return [part.strip() for part in re.split(r" › | / ", section) if part.strip()]


def best_span(question: str, spans: Sequence[Span], similarities: Sequence[float]) -> Span:
    """The span whose meaning and words are closest to the question."""
    scored = [
        (similarity + LEXICAL_WEIGHT * lexical_overlap(question, span.text), index)
        for index, (span, similarity) in enumerate(zip(spans, similarities, strict=True))
    ]
    return spans[max(scored)[1]]


def cite(span: Span, number: int = 1) -> Citation:
    """The citation of the passage a span was taken from."""
    chunk = span.hit.chunk
    return Citation(
        number=number,
        document=chunk.document,
        section=chunk.section,
        location=chunk.location,
        text=chunk.text,
        score=span.hit.score,
    )


def extractive_answer(question: str, span: Span) -> Answer:
    """An answer that quotes one span and cites its passage as [1]."""
    return Answer(
        question=question, text=f"{span.text} [1]", abstained=False, citations=(cite(span),)
    )


def abstention(question: str) -> Answer:
    """The honest answer when no passage is close enough."""
    return Answer(question=question, text=NO_ANSWER, abstained=True)
