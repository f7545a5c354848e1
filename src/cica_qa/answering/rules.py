"""The hand-set answer rules of the first engine, kept as one opinion among the answer
model's features (pure but for `similarities`): which candidate they would quote, and
whether they would abstain and why.

In order: a question naming things the documents never mention, or mostly in words they
never use, cannot be answered (a rare word they never use, alone, is left for the answer
model to weigh when it decides: "slogan" where a passage says "motto"); an
abbreviation spelled out in a passage answers what it stands for; table rows the question
names answer from their cells; otherwise the sentence or list item of the top passages
closest to the question in meaning and words, of the kind asked for (with the next sentence
when that one says who, or what a few words naming the event leave out). The answer must give
what the question asks for (a date, a name, "the first", a cell a table does not leave
blank), and its document must name every person and place the question names; when it does
not, the rules fall back on their other candidate (rows or sentence).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from cica_qa.answering.answer_type import unmet_answer_type, unmet_restriction
from cica_qa.answering.candidates import Candidate
from cica_qa.answering.intent import Intent
from cica_qa.answering.mentioned import (
    as_written,
    documents_found,
    holding_pins,
    pinned,
    placed_apart,
    unheld,
    unnamed,
    without_values,
)
from cica_qa.answering.roles import untitled
from cica_qa.answering.spans import (
    SPAN_SOURCES,
    Span,
    acronym_expansion,
    best_span,
    body_of,
    lexical_overlap,
    likeliest_kind,
    of_the_kind_asked,
    said_next,
    spans_of,
    told_next,
    whole_list,
)
from cica_qa.answering.tables import answer_from_rows, leaves_blank, unlisted_row
from cica_qa.answering.vocabulary import (
    Frequency,
    mostly_unknown,
    never_mentioned,
    never_used,
    unknown_terms,
)
from cica_qa.index.mentions import NAME_KINDS
from cica_qa.normalize import content_stems
from cica_qa.retrieval.hybrid import Retrieved
from cica_qa.types import Hit, Mention

SpanCloseness = Callable[[Sequence[Span]], list[float]]
CLOSE_ENOUGH = 0.35  # the rules' cosine under which a passage is too far from the question
BLANK = "the table found leaves what is asked blank"
LEXICAL_EVIDENCE = 0.75  # share of the question's content words that stands in for closeness


@dataclass(frozen=True)
class Verdict:
    """What the rules would quote (None: nothing) and why they would abstain ('' if not)."""

    choice: Candidate | None
    unknown_terms: str = ""
    unmet: str = ""
    too_far: bool = False
    unnamed: bool = False  # unmet only because the choice's document lacks a name asked about
    # rare words the documents never use, left for the answer model to weigh (not counted
    # in `abstains`): "slogan" where a passage says "motto"
    unknown_words: str = ""

    @property
    def abstains(self) -> bool:
        return self.choice is None or bool(self.unknown_terms or self.unmet or self.too_far)


def rules_verdict(
    intent: Intent,
    standalone: str,
    retrieved: Retrieved,
    vocabulary: frozenset[str],
    frequency: Frequency,
    closeness: SpanCloseness,
    common: frozenset[str] = frozenset(),
    close_enough: float = CLOSE_ENOUGH,
    words_decide: bool = True,
) -> Verdict:
    """What the rules make of the question (`intent` read from it as the composer reads it).
    Without `words_decide`, a rare word the documents never use does not decide alone: the
    verdict is the rules' on the rest, with those words in `unknown_words`."""
    verdict, *others = _verdicts(
        intent,
        standalone,
        retrieved,
        vocabulary,
        frequency,
        closeness,
        common,
        close_enough,
        words_decide,
    )
    if not words_decide:
        unused = never_used(without_values(standalone, retrieved.mentions), vocabulary, frequency)
        verdict, *others = (replace(v, unknown_words=unused) for v in (verdict, *others))
    found = documents_found(retrieved.hits)
    question = as_written(standalone, retrieved.mentions, retrieved.hits)

    def named(verdict: Verdict) -> Verdict:
        if verdict.abstains or verdict.choice is None:
            return verdict
        texts = [found.get(hit.chunk.document, "") for hit in verdict.choice.hits]
        missing = unnamed(question, texts, intent.aliases, common)
        return replace(verdict, unmet=missing, unnamed=True) if missing else verdict

    # table rows from a document that never names the place asked about give way to the
    # sentence, and the other way round
    checked = [named(v) for v in (verdict, *others)]
    return next((v for v in checked if not v.abstains), checked[0])


def _verdicts(
    intent: Intent,
    standalone: str,
    retrieved: Retrieved,
    vocabulary: frozenset[str],
    frequency: Frequency,
    closeness: SpanCloseness,
    common: frozenset[str],
    close_enough: float,
    words_decide: bool = True,
) -> tuple[Verdict, ...]:
    """The rules' verdict, then any other they would fall back on."""
    hits = retrieved.hits
    confidence = max((h.score for h in hits[:SPAN_SOURCES]), default=-1.0)
    valueless = without_values(standalone, retrieved.mentions)
    if words_decide:
        reason = unknown_terms(valueless, vocabulary, frequency)
    else:
        reason = never_mentioned(valueless, vocabulary) or mostly_unknown(valueless, vocabulary)
    if reason:
        return (Verdict(None, unknown_terms=reason),)
    if intent.about_a_name and intent.only_acronyms:
        spelled = acronym_expansion(intent.acronyms[0], hits)
        if spelled is not None:
            return (Verdict(Candidate("spelled-out", spelled[1], (spelled[0],))),)
    hits = tuple(holding_pins(hits, pinned(retrieved.mentions)))
    missing = unheld(retrieved.mentions, hits)
    # "was it held in Saltmarsh?" is answered by saying where it was held
    if not missing and intent.kind != "yes_no":
        missing = placed_apart(standalone, retrieved.mentions, hits, common)
    # "the lamp safety priority area" when the priority areas found hold none such
    missing = missing or unlisted_row(standalone, retrieved.hits)
    # "when was Ann Lee appointed Chief Warden?" when the passages name her Deputy Chief Warden
    people = [m.text for m in retrieved.mentions if m.kind == "person"]
    missing = missing or untitled(standalone, people, retrieved.hits)
    if missing:
        return (Verdict(None, unmet=missing),)
    rows = answer_from_rows(intent, hits)
    if rows is not None:
        passages = "\n".join(hit.chunk.text for hit in rows.hits)
        unmet = unmet_answer_type(intent, rows.text, named=None, passage=passages)
        if not unmet and leaves_blank(intent, rows.hits):
            unmet = BLANK
        from_rows = Verdict(Candidate("rows", rows.text, rows.hits), unmet=unmet)
        sentence = _from_passages(
            intent, retrieved, hits, confidence, closeness, common, close_enough
        )
        if not unmet and not _says_more(intent, sentence, rows.hits, hits):
            return from_rows, sentence
        return (sentence, from_rows) if not sentence.abstains else (from_rows, sentence)
    return (_from_passages(intent, retrieved, hits, confidence, closeness, common, close_enough),)


def _from_passages(
    intent: Intent,
    retrieved: Retrieved,
    hits: Sequence[Hit],
    confidence: float,
    closeness: SpanCloseness,
    common: frozenset[str],
    close_enough: float,
) -> Verdict:
    spans = spans_of(hits, intent)
    if not spans:
        return Verdict(None, unmet="no passage found holds the number, date or thing asked for")
    worded = max(lexical_overlap(intent.stems, s.text) for s in spans)
    if confidence < close_enough and worded < LEXICAL_EVIDENCE:
        return Verdict(None, too_far=True)
    question = as_written(intent.asked, retrieved.mentions, hits)
    spans = of_the_kind_asked(intent.kind, spans, question, common)
    restricted = [s for s in spans if not unmet_restriction(intent.text, s.text, "", intent.asked)]
    spans = restricted or spans
    likelier = likeliest_kind(intent.kind, spans, question, common)
    best = best_span(intent, spans, closeness(spans), likelier)
    listed = whole_list(best) if intent.wants_all else None
    told = (
        None
        if listed
        else told_next(intent.kind, best, question, common) or said_next(intent, best)
    )
    if told:
        text = f"{best.text} {told}"
        unmet = unmet_answer_type(
            intent, text, text, best.hit.chunk.text, _entities(best.hit.chunk.mentions)
        )
        pair = Candidate("pair", text, (best.hit,), parts=(best.text, told))
        return Verdict(pair, unmet=unmet)
    chosen = replace(best, text=listed) if listed else best
    unmet = unmet_answer_type(
        intent,
        chosen.text,
        body_of(chosen),
        chosen.hit.chunk.text,
        _entities(chosen.hit.chunk.mentions),
    )
    if not unmet and leaves_blank(intent, [chosen.hit]):
        unmet = BLANK
    form = "list" if listed else "sentence"
    return Verdict(Candidate(form, chosen.text, (chosen.hit,), best), unmet=unmet)


def _says_more(intent: Intent, sentence: Verdict, rows: Sequence[Hit], hits: Sequence[Hit]) -> bool:
    """Whether the sentence the rules would quote accounts for more of the question's words
    than the table rows do: rows that only share a year and a body's name with the question
    ("the summit of 1990") lose to a sentence about what it asks ("the keynote speech").
    Words at least half the top passages hold ("summit", the organisation's name) tell
    none of them apart and are not counted."""
    if sentence.abstains or sentence.choice is None:
        return False
    span = sentence.choice.span
    said = content_stems(f"{span.hit.chunk.section} {span.text}") if span else set()
    held = content_stems(" ".join(f"{h.chunk.section} {h.chunk.text}" for h in rows))
    top = [content_stems(f"{h.chunk.section} {h.chunk.text}") for h in hits[:SPAN_SOURCES]]
    asked = {s for s in intent.stems if 2 * sum(s in t for t in top) < len(top)}
    return len(asked & said) > len(asked & held)


def _entities(mentions: Sequence[Mention]) -> list[str]:
    """The names reading found in a passage."""
    return [m.text for m in mentions if m.kind in NAME_KINDS]
