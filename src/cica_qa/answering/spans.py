"""Candidate answers inside retrieved passages (pure): sentences and list items with the
labels they sit under, and how close each is to what the question asks."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from cica_qa.answering.answer_type import gives_a_count
from cica_qa.answering.intent import Intent
from cica_qa.answering.mentioned import (
    ANSWER_KINDS,
    LIKELIEST,
    mentions_in,
    names_what_is_asked,
)
from cica_qa.normalize import contains_phrase, content_stems, normalise
from cica_qa.passages import section_titles, spans_of_chunk
from cica_qa.passages import whole_list as whole_list_of
from cica_qa.types import Hit, Mention, MentionKind

LEXICAL_WEIGHT = 0.4
ANSWER_TYPE_WEIGHT = 0.15
NEXT_REACH = 1  # how many sentences after a span may name who it asks for
HEADING_WORDS = 8  # a span this short may only say which event the next sentence is about
NAMED_KEY_WEIGHT = 0.3
NAME_WEIGHT = 0.1
_NAME_JOINERS = frozenset({"of", "and", "the", "for", "in", "on", "to"})
SPAN_SOURCES = 8  # how many top hits the answer span may come from

_NUMERIC = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|dozen)\b", re.I
)
# capitalised words, possibly joined by "of", "and", "the"… ("Council of Wardens")
_PHRASE = re.compile(r"\b[A-Z][\w'’-]*(?:\s+(?:(?:of|and|the|for|in|on|to)\s+)*[A-Z][\w'’-]*)*")


@dataclass(frozen=True)
class Span:
    """A candidate answer: a sentence or line of one retrieved hit."""

    hit: Hit
    text: str


def lexical_overlap(wanted: frozenset[str] | set[str], span: str) -> float:
    """Share of the question's content stems that the span contains (0..1)."""
    return len(wanted & content_stems(span)) / len(wanted) if wanted else 0.0


def spans_of(hits: Sequence[Hit], intent: Intent) -> list[Span]:
    """Candidate spans from the best hits that can hold the answer.

    Glossary entries only answer questions about a name; "how many" and "when" need a number.
    """
    usable = [h for h in hits[:SPAN_SOURCES] if intent.about_a_name or not h.chunk.glossary]
    spans = [Span(hit, text) for hit in usable for text in spans_of_chunk(hit.chunk)]
    if intent.kind == "when":
        spans = [span for span in spans if _NUMERIC.search(span.text)]
    if intent.kind == "how_many":  # a count the question does not give (a year is none)
        spans = [span for span in spans if gives_a_count(intent.asked, span.text)]
    if intent.counted:  # "how many people …": the span must count people
        spans = [span for span in spans if intent.counted in content_stems(span.text)]
    return spans


@lru_cache(maxsize=256)
def names_in(question: str) -> tuple[str, ...]:
    """Multi-word names in a question, normalised ('the Payload Council' -> 'payload council').

    A single capitalised word is often the organisation every passage is about ("CICA",
    "Secretariat"); a name of two or more words picks out one body, act or office.
    """
    names = []
    for match in _PHRASE.finditer(question):
        words = match.group().split()
        while words and words[-1].lower() in _NAME_JOINERS:
            words.pop()
        capitalised = [w for w in words if w[:1].isupper()]
        if match.start() == 0 and words:  # the question's first word is capitalised anyway
            capitalised = capitalised[1:]
        if len(capitalised) >= 2:
            names.append(normalise(" ".join(words)))
    return tuple(names)


def _name_bonus(intent: Intent, span: Span) -> float:
    """A passage mentioning the names the question uses ("the Payload Council") beats one
    about a neighbour (the Council of Wardens)."""
    names = names_in(intent.asked)
    if not names:
        return 0.0
    where = f"{span.hit.chunk.section} {span.hit.chunk.text}"
    return NAME_WEIGHT * sum(contains_phrase(where, n) for n in names) / len(names)


def body_of(span: Span) -> str:
    """A span without the label joined before it (a row is all body)."""
    return span.text if span.hit.chunk.cells else span.text.rsplit(": ", 1)[-1]


def of_the_kind_asked(
    kind: str, spans: Sequence[Span], question: Sequence[Mention], common: frozenset[str]
) -> list[Span]:
    """The spans that name what the question asks for in their own words (not in the label
    before them), and table rows; all of them when no sentence names anything of the kind
    (the reader misses some names)."""
    wanted = ANSWER_KINDS.get(kind)
    if not wanted:
        return list(spans)
    typed = [
        span
        for span in spans
        # a table row's cells are read as a whole: the recogniser misses names in them
        if span.hit.chunk.cells or _names(wanted, span, question, common)
    ]
    return typed if any(not span.hit.chunk.cells for span in typed) else list(spans)


def likeliest_kind(
    kind: str, spans: Sequence[Span], question: Sequence[Mention], common: frozenset[str]
) -> list[float]:
    """A bonus for each span naming the likeliest kind of answer ("who": a person)."""
    likeliest = LIKELIEST.get(kind)
    if not likeliest:
        return [0.0] * len(spans)
    return [ANSWER_TYPE_WEIGHT * _names(likeliest, s, question, common) for s in spans]


def told_next(
    kind: str, span: Span, question: Sequence[Mention], common: frozenset[str]
) -> str | None:
    """The sentence soon after the span, in its passage, that names the likeliest kind of
    answer when the span names none ("On 5 May the Council met online." + "It was chaired
    by Ann Lee."): the span says which event, the next one who."""
    likeliest = LIKELIEST.get(kind)
    if not likeliest or span.hit.chunk.cells or _names(likeliest, span, question, common):
        return None
    for text in _after(span)[:NEXT_REACH]:
        if _names(likeliest, Span(span.hit, text), question, common):
            return text
    return None


def said_next(intent: Intent, span: Span) -> str | None:
    """The next sentence of the span's passage when the span only says which one it is
    about, in a few words ("Ninth meeting, 5 May 2021."), and the next one holds words of
    the question it lacks ("Hosted by the Lumen Forum under the theme …")."""
    following = _after(span)[:1]
    if span.hit.chunk.cells or len(body_of(span).split()) > HEADING_WORDS or not following:
        return None
    lacking = intent.stems - content_stems(span.text)
    return following[0] if lacking & content_stems(following[0]) else None


def _after(span: Span) -> list[str]:
    """The spans after this one in its passage, in order (none when it is not one of them)."""
    spans = spans_of_chunk(span.hit.chunk)
    return spans[spans.index(span.text) + 1 :] if span.text in spans else []


def _names(
    kinds: frozenset[MentionKind], span: Span, question: Sequence[Mention], common: frozenset[str]
) -> bool:
    return names_what_is_asked(kinds, mentions_in(span.hit.chunk, body_of(span)), question, common)


def best_span(
    intent: Intent,
    spans: Sequence[Span],
    similarities: Sequence[float],
    bonuses: Sequence[float] = (),
) -> Span:
    """The span whose meaning and words are closest to the question (ties: the earlier);
    `bonuses` add to each span's score (likeliest_kind)."""
    bonuses = bonuses or [0.0] * len(spans)
    scored = [
        (
            similarity
            + LEXICAL_WEIGHT * lexical_overlap(intent.stems, _own_words(span))
            + _answer_type_bonus(intent, span)
            + _named_key_bonus(intent, span)
            + _name_bonus(intent, span)
            + bonus,
            -index,
        )
        for index, (span, similarity, bonus) in enumerate(
            zip(spans, similarities, bonuses, strict=True)
        )
    ]
    return spans[-max(scored)[1]]


def _own_words(span: Span) -> str:
    """The span without a label that is its document's title: every span under it shares
    the title's words, and the title line itself ("Lumen Fund: fact sheet: Prepared by …")
    would otherwise hold them all, or pass them for keys ("Lumen Fund")."""
    titles = section_titles(span.hit.chunk.section)[:1]
    lead = f"{titles[0]}: ".casefold() if titles else ""
    if lead and not span.hit.chunk.cells and span.text.casefold().startswith(lead):
        return span.text[len(lead) :]
    return span.text


def _named_key_bonus(intent: Intent, span: Span) -> float:
    """'Phone: +7 …' answers 'What is the phone number?': the question names the item's key."""
    if span.hit.chunk.cells:
        return 0.0
    titles = set(section_titles(span.hit.chunk.section))
    own = _own_words(span)
    keys = [k for k in own.split(": ")[:-1] if 1 < len(k) <= 40 and k not in titles]
    named = any((stems := content_stems(key)) and stems <= intent.stems for key in keys)
    return NAMED_KEY_WEIGHT if named else 0.0


def whole_list(span: Span) -> str | None:
    """Every item of the list a span's item belongs to (passages.whole_list)."""
    return whole_list_of(span.hit.chunk, span.text)


def acronym_expansion(acronym: str, hits: Sequence[Hit]) -> tuple[Hit, str] | None:
    """'Council of Lamp Wardens (CLW)' in a passage spells out CLW."""
    pattern = re.compile(rf"\(({re.escape(acronym)})\)")
    for hit in hits[:SPAN_SOURCES]:
        for match in pattern.finditer(hit.chunk.text):
            words = hit.chunk.text[: match.start()].rsplit("\n", 1)[-1].split()
            name: list[str] = []
            for word in reversed(words):
                capitalised = word[:1].isupper() and not word.endswith((":", ";", "."))
                if not (capitalised or (word in _NAME_JOINERS and name)):
                    break
                name.insert(0, word)
            while name and (name[0] in _NAME_JOINERS or name[0] in ("The", "A", "An")):
                name.pop(0)
            if len(name) >= 2:
                return hit, f"{acronym}: {' '.join(name)}"
    return None


def _answer_type_bonus(intent: Intent, span: Span) -> float:
    """A number asked for is better found in the span itself than in the label before it."""
    if intent.kind in ("how_many", "when") and _NUMERIC.search(body_of(span)):
        return ANSWER_TYPE_WEIGHT
    return 0.0
