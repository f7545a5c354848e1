"""The extractive answer: from retrieved passages to a quoted, cited answer and the decision
behind it (pure but for `similarities`, which embeds spans).

In order: a question naming things the documents never use cannot be answered; an
abbreviation spelled out in a passage answers what it stands for; table rows the question
names answer from their cells; otherwise the sentence or list item of the top passages
closest to the question in meaning and words. Whatever is found must give what the question
asks for (a date, a name, "the first"); the Decision says so, and how close it was.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cica_qa.answering.answer import Answer, Basis, Decision
from cica_qa.answering.answer_type import unmet_answer_type, unmet_restriction
from cica_qa.answering.intent import Intent, read_intent
from cica_qa.answering.mentioned import holding_pins, pinned, unheld, without_values
from cica_qa.answering.replies import quoted_answer, row_answer, spelled_out_answer
from cica_qa.answering.spans import (
    SPAN_SOURCES,
    Span,
    acronym_expansion,
    best_span,
    body_of,
    lexical_overlap,
    likeliest_kind,
    of_the_kind_asked,
    spans_of,
    whole_list,
)
from cica_qa.answering.tables import answer_from_rows
from cica_qa.answering.vocabulary import Frequency, unknown_terms
from cica_qa.index.glossary import Glossary
from cica_qa.retrieval.hybrid import Retrieved
from cica_qa.types import Hit

Similarities = Callable[[Sequence[float], Sequence[Span]], list[float]]


@dataclass(frozen=True)
class Composed:
    """The answer found (None when there is nothing to quote) and the decision on it."""

    answer: Answer | None
    decision: Decision


def compose_extractive(
    asked: str,
    standalone: str,
    retrieved: Retrieved,
    vocabulary: frozenset[str],
    glossary: Glossary,
    frequency: Frequency,
    similarities: Similarities,
    min_score: float,
    common: frozenset[str] = frozenset(),
    spelt: Callable[[str], str] = str,
) -> Composed:
    """The best extractive answer to `standalone` (asked as `asked`) and why it may stand.

    A passage answer below `min_score` that does not hold the question's words is not worth
    choosing a span for (span vectors cost time): it comes back without one, and its decision
    abstains at this threshold and above. Run with min_score=-1 to see every decision whole.
    `common` are the names the whole corpus is about, which never answer "who"; `spelt`
    gives the corpus's own stem for a misspelt one.
    """
    hits = retrieved.hits
    confidence = max((h.score for h in hits[:SPAN_SOURCES]), default=-1.0)
    # dates, ordinals and numbers are matched by value, not looked up as words
    reason = unknown_terms(without_values(standalone, retrieved.mentions), vocabulary, frequency)
    if reason:
        return Composed(None, Decision(Basis.UNKNOWN_TERMS, confidence, unmet=reason))
    # a date is matched by its value (below); read as words, "10/13/2022" would be "2022"
    # and a passage's dateline would count as evidence of what it says
    worded = without_values(standalone, retrieved.mentions, years=False)
    intent = read_intent(worded, glossary.aliases(standalone))
    # a misspelt word ("turism") counts as the corpus's word for it in the passages' words
    intent = replace(intent, asked=standalone, stems=frozenset(map(spelt, intent.stems)))
    if intent.about_a_name and intent.only_acronyms:
        spelled = acronym_expansion(intent.acronyms[0], hits)
        if spelled is not None:
            answer = spelled_out_answer(asked, *spelled)
            return Composed(answer, Decision(Basis.SPELLED_OUT, confidence))
    # a question pinning a date, ordinal or number is answered from passages holding them
    pins = pinned(retrieved.mentions)
    hits = tuple(holding_pins(hits, pins))
    missing = unheld(retrieved.mentions, hits)
    if missing:  # an answer about another date or another "fifth" answers another question
        return Composed(None, Decision(Basis.NO_CANDIDATE, confidence, unmet=missing))
    rows = answer_from_rows(intent, hits)
    if rows is not None:
        passages = "\n".join(hit.chunk.text for hit in rows.hits)
        unmet = unmet_answer_type(intent, rows.text, named=None, passage=passages)
        from_rows = Composed(row_answer(asked, rows), Decision(Basis.ROWS, confidence, unmet=unmet))
        if not unmet:
            return from_rows
        # rows that do not say what is asked ("which is the next one"): a sentence may
        sentence = _from_passages(
            asked, intent, retrieved, hits, confidence, similarities, min_score, common
        )
        stands = sentence.answer is not None and not sentence.decision.abstains(min_score)
        return sentence if stands else from_rows
    return _from_passages(
        asked, intent, retrieved, hits, confidence, similarities, min_score, common
    )


def _from_passages(
    asked: str,
    intent: Intent,
    retrieved: Retrieved,
    hits: Sequence[Hit],
    confidence: float,
    similarities: Similarities,
    min_score: float,
    common: frozenset[str],
) -> Composed:
    """The best sentence or list item of the top passages, and the decision on it."""
    spans = spans_of(hits, intent)
    if not spans:
        why = "no passage found holds the number, date or thing counted that is asked for"
        return Composed(None, Decision(Basis.NO_CANDIDATE, confidence, unmet=why))
    worded = max(lexical_overlap(intent.stems, s.text) for s in spans)
    decision = Decision(Basis.PASSAGE, confidence, worded)
    if decision.too_far(min_score):
        return Composed(None, decision)
    # the sentence must name what is asked: a person, a place, a date, a number
    spans = of_the_kind_asked(intent.kind, spans, retrieved.mentions, common)
    # and hold the question's restricting words ("the next meeting") when any sentence does
    restricted = [s for s in spans if not unmet_restriction(intent.text, s.text, "", intent.asked)]
    spans = restricted or spans
    likelier = likeliest_kind(intent.kind, spans, retrieved.mentions, common)
    best = best_span(intent, spans, similarities(retrieved.query_vector, spans), likelier)
    listed = whole_list(best) if intent.wants_all else None
    chosen = replace(best, text=listed) if listed else best
    unmet = unmet_answer_type(intent, chosen.text, body_of(chosen), chosen.hit.chunk.text)
    return Composed(quoted_answer(asked, chosen), replace(decision, unmet=unmet))
