"""Pure text steps that turn retrieved passages into a short, cited, extractive answer."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from cica_qa.errors import QuestionError
from cica_qa.types import Answer, Chunk, Citation, Hit

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
    """Sentences and list items of a passage, each label joined to what it labels.

    Labels are the passage's own headings, upper-case titles without a full stop, and lines
    ending in a colon. A label before a list is joined to every item of the list.
    """
    units: list[_Unit] = []
    for paragraph in re.split(r"\n\s*\n", text):
        units.extend(_paragraph_units(paragraph))
    titles = frozenset(headings)
    return [span for span in _attach_labels(units, titles) if span not in titles]


@dataclass(frozen=True)
class _Unit:
    text: str
    list_item: bool


def _paragraph_units(paragraph: str) -> list[_Unit]:
    lines: list[_Unit] = []
    for line in paragraph.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        item = _LIST_ITEM.match(stripped)
        if item or not lines:
            lines.append(_Unit(stripped[item.end() :] if item else stripped, bool(item)))
        else:  # a wrapped line continues the sentence or item above it
            lines[-1] = _Unit(f"{lines[-1].text} {stripped}", lines[-1].list_item)
    units: list[_Unit] = []
    for line in lines:
        if line.list_item:  # list items are short; "1." must not become a sentence
            units.append(line)
        else:
            units += [_Unit(s.strip(), False) for s in _SENTENCE_END.split(line.text) if s.strip()]
    return units


def _is_label(unit: _Unit, headings: frozenset[str]) -> bool:
    # Titles say nothing alone: they need what follows them.
    text = unit.text
    return (
        text in headings
        or text.endswith(":")
        or (not unit.list_item and text.isupper() and not text.endswith((".", "!", "?")))
    )


def _join(label: str, text: str) -> str:
    return f"{label.rstrip(':').rstrip()}: {text}"


def _attach_labels(units: list[_Unit], headings: frozenset[str]) -> list[str]:
    attached: list[str] = []
    list_label = ""  # the label the current run of list items shares
    previous: _Unit | None = None
    for unit in units:
        if unit.list_item and list_label:
            attached.append(_join(list_label, unit.text))
        elif (
            previous is not None and _is_label(previous, headings) and not _is_label(unit, headings)
        ):
            label = attached.pop()
            list_label = label if unit.list_item else ""
            attached.append(_join(label, unit.text))
        else:
            list_label = ""
            attached.append(unit.text)
        previous = unit
    return attached


def spans_of(hits: Sequence[Hit], min_score: float) -> list[Span]:
    """Candidate spans from the best hits that clear the threshold."""
    usable = [h for h in hits[:SPAN_SOURCES] if h.score >= min_score]
    return [Span(hit, text) for hit in usable for text in spans_of_chunk(hit.chunk)]


def spans_of_chunk(chunk: Chunk) -> list[str]:
    """A table row is one span (its fields mean nothing apart); prose splits into sentences."""
    if chunk.cells:
        return [chunk.text]
    return candidate_spans(chunk.text, section_titles(chunk.section))


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
        location=str(chunk.location),
        text=chunk.text,
        score=span.hit.score,
        original=chunk.original,
        row=chunk.row,
    )


def extractive_answer(question: str, span: Span) -> Answer:
    """An answer that quotes one span and cites its passage as [1]."""
    return Answer(
        question=question, text=f"{span.text} [1]", abstained=False, citations=(cite(span),)
    )


def abstention(question: str) -> Answer:
    """The honest answer when no passage is close enough."""
    return Answer(question=question, text=NO_ANSWER, abstained=True)
