"""What the answer model knows about a candidate answer (pure): numbers from 0 to 1 that say
how close it is to the question, whether it holds what the question pins down and names what
it asks for, and how far the documents could be about the question at all.

The checks that used to decide alone (words the documents never use, a date no passage
holds, an answer of the wrong type, a restricting word the answer lacks) are features here:
the model weighs them against the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from cica_qa.answering.answer_type import unmet_answer_type, unmet_restriction
from cica_qa.answering.candidates import Candidate
from cica_qa.answering.intent import Intent
from cica_qa.answering.mentioned import (
    ANSWER_KINDS,
    LIKELIEST,
    documents_found,
    names_what_is_asked,
    pinned,
    share_of_pins,
    unheld,
    what_is_asked,
)
from cica_qa.answering.roles import asks_for_a_person, titles_in
from cica_qa.answering.spans import (
    SPAN_SOURCES,
    lexical_overlap,
    names_in,
    section_titles,
    spans_of_chunk,
)
from cica_qa.answering.vocabulary import (
    RARE_ZIPF,
    Frequency,
    content_words,
    unknown_names,
    unknown_words,
)
from cica_qa.index.mentions import NAME_KINDS
from cica_qa.normalize import (
    contains_phrase,
    content_stems,
    normalise,
    stem,
    words,
)
from cica_qa.passages import whole_list as _whole_list
from cica_qa.types import UNDATED, Chunk, DocumentDate, Hit, Mention, MentionKind
from cica_qa.values import find_values, value_keys

FEATURES: tuple[str, ...] = (
    "similarity",  # cosine of the candidate to the question
    "similarity_gap",  # how far below the closest candidate (0 for the closest)
    "passage_score",  # cosine of its passage to the question
    "rank",  # 1 / retrieval rank of its passage
    "confidence",  # the best passage's cosine: is any passage close at all
    "overlap",  # share of the question's content words the candidate holds
    "overlap_gap",  # how far below the candidate holding the most
    "asking_overlap",  # share of the question's words beyond the names it gives ("chaired")
    "asking_gap",  # how far below the candidate holding the most of those
    "similarity_rank",  # 1 / its place among the candidates by closeness
    "overlap_rank",  # 1 / its place among them by the question's words held
    "passage_overlap",  # share its passage and headings hold
    "window_overlap",  # share it, its headings and the two sentences before it hold
    "window_asking",  # the same, for the question's words beyond the names it gives
    "focus",  # share of the question's words it holds and no other sentence of its passage
    "position",  # 1 / its place among the sentences of its passage
    "name_match",  # share of the question's multi-word names in its passage
    "unknown_names",  # the question names something the documents never mention
    "unknown_rare",  # it uses a rare word the documents never use
    "unknown_share",  # share of its content words the documents never use
    "pins_unheld",  # a date or ordinal it pins down is in no passage retrieved
    "pins_missing",  # share of those pins its passage lacks
    "pins_missing_here",  # share of them the candidate itself lacks
    "pin_precision",  # 1 / years spanned by the narrowest of its own dates holding a pin
    "pins_nearby",  # a sentence of its passage holding them is at most two before it
    "pins_missing_document",  # share of them no passage found of its document holds
    "names_unheld",  # share of the names the question gives that no passage retrieved holds
    "names_missing",  # share of them its passage and headings lack
    "names_missing_here",  # share of them the candidate itself lacks
    "type_unmet",  # it is not the kind of thing asked for (a date, a name, "the first")
    "restriction_unmet",  # it lacks a restricting word of the question ("next", "fifth")
    "restriction_unmet_here",  # it lacks it itself (its passage may hold it elsewhere)
    "kind_missing",  # it names no person, place, date or number where one is asked for
    "row_kind_missing",  # the same, for table rows (whose names the reader misses more)
    "likeliest",  # it names the likeliest kind asked for ("who": a person)
    "answer_near",  # share of the question's words beside a name of the kind asked for
    "person_asked",  # the question asks "which <a title people hold>" and it names a person
    "number_missing",  # "how many" or "when" and no number in it
    "counts_asked",  # "how many lamps": it says "<a number> lamps"
    "named_key",  # it is the item the question names ("Phone: …" for "the phone number")
    "is_rows",
    "is_list",
    "is_spelled_out",
    "is_pair",  # two sentences of a passage, for a question asking two things
    "list_wanted",  # the question asks for every item and this is a list or rows
    "glossary",  # from a glossary, for a question not about a name
    "new_words",  # share of its content words the question does not have
    "length",  # its length in words, up to 60
    "label_share",  # share of it that is a label joined before the sentence
    "title_like",  # it reads as a title: mostly capitals, or no sentence after its label
    "unfinished",  # a sentence without a closing stop: a headline, a heading, a label
    "yes_no",  # the question asks yes or no
    "rule_choice",  # the first engine's hand-set rules would quote it
    "rule_abstains",  # those rules would say the documents don't say
    "rule_answer",  # those rules would quote it and stand by it
    "rule_unknown_terms",  # because the question uses words the documents never use
    "item_unfocused",  # one item of a list whose own words hold none of the question's
    # for a question about how things are (recency.about_now), where no date pins it down:
    "newest_document",  # its document is the newest dated one among the candidates'
    "newer_elsewhere",  # a candidate comes from a document dated later than its own
    "undated",  # its document carries no date
    "dated_as_pinned",  # the question pins a date its document's date falls in ("in 2016")
)
# Which way a feature may push a candidate, where that is known: the ranker is fitted with
# these signs (evals/train.py), so that features which overlap one another (the overlaps by
# candidate, window and passage; the pins and names missing at each level) cannot end up
# with weights of the wrong sign, as they did fitted freely (a lacking "first" counted for a
# candidate). The rest (forms, length, question-wide facts) may go either way.
RAISING: frozenset[str] = frozenset(
    {
        "similarity",
        "passage_score",
        "rank",
        "overlap",
        "asking_overlap",
        "similarity_rank",
        "overlap_rank",
        "passage_overlap",
        "window_overlap",
        "window_asking",
        "focus",
        "name_match",
        "pins_nearby",
        "pin_precision",
        "likeliest",
        "person_asked",
        "counts_asked",
        "answer_near",
        "named_key",
        "list_wanted",
        "rule_choice",
        "rule_answer",
        "newest_document",
        "dated_as_pinned",
    }
)
LOWERING: frozenset[str] = frozenset(
    {
        "similarity_gap",
        "overlap_gap",
        "asking_gap",
        "pins_missing",
        "pins_missing_here",
        "pins_missing_document",
        "names_missing",
        "names_missing_here",
        "type_unmet",
        "restriction_unmet",
        "restriction_unmet_here",
        "kind_missing",
        "row_kind_missing",
        "number_missing",
        "unfinished",
        "title_like",
        "item_unfocused",
        "newer_elsewhere",
    }
)
# What the judge weighs, beside the best candidate's utility and lead: whether the documents
# could answer at all, and whether the best candidate gives what is asked. Fewer features
# than the ranker's, since it learns from one example per question, not one per candidate.
JUDGED_FEATURES: tuple[str, ...] = (
    "similarity",
    "confidence",
    "asking_overlap",
    "unknown_names",
    "unknown_rare",
    "unknown_share",
    "pins_unheld",
    "pins_missing",
    "names_unheld",
    "names_missing",
    "names_missing_here",
    "type_unmet",
    "restriction_unmet",
    "kind_missing",
    "is_rows",
    "rule_choice",
    "rule_abstains",
    "rule_answer",
)
_NUMERIC = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|half|dozen)\b", re.I
)
_STOP = re.compile(r"[.!?;)\"”’]\s*$")  # how a sentence, or a list item in brackets, ends
PERSON: frozenset[MentionKind] = frozenset({"person"})
MAX_WORDS = 60
NEAR_WORDS = 6  # words either side of an answer's name that count as beside it
NEARBY = 2  # sentences before a candidate that may say what it is about
COUNTED_REACH = 3  # words after a number that may name what it counts ("28 member states")
LABEL_WORDS = 8  # a label is a few words before a colon, without a digit
TITLE_CAPITALS = 0.5  # share of capital letters above which a text is a title


@dataclass(frozen=True)
class Asked:
    """What is known of the question before any candidate is looked at."""

    intent: Intent
    mentions: tuple[Mention, ...]  # what the reader found in it
    common: frozenset[str]  # names the whole corpus is about: they never answer "who"
    unknown_names: float
    unknown_rare: float
    unknown_share: float
    pins: tuple[frozenset[str], ...]
    asking: frozenset[str]  # the question's stems beyond the names and values it gives
    names: tuple[str, ...]  # the people, bodies and places it names (not the corpus's own)
    names_unheld: float
    pins_unheld: float
    confidence: float
    documents: Mapping[str, str] = field(default_factory=dict)  # retrieved text by document
    # what the retrieved passages of each document mention
    document_mentions: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)
    rule_abstains: float = 0.0
    rule_unknown_terms: float = 0.0
    wants_person: bool = False  # "which minister …": a title people hold (roles.py)
    now: bool = False  # it asks how things are, and pins no date (recency.about_now)
    dates: Mapping[str, DocumentDate] = field(default_factory=dict)  # by document


def asked_of(
    intent: Intent,
    worded: str,
    mentions: Sequence[Mention],
    hits: Sequence[Hit],
    vocabulary: Collection[str],
    frequency: Frequency,
    common: frozenset[str] = frozenset(),
) -> Asked:
    """The question-wide facts; `worded` is the question without its values."""
    names = unknown_names(worded, vocabulary)
    names_given = tuple(
        sorted({m.value for m in mentions if m.kind in NAME_KINDS and m.value not in common})
    )
    unknown = unknown_words(worded, vocabulary)
    rare = [w for w in unknown if max(frequency(w), frequency(stem(w))) < RARE_ZIPF]
    content = content_words(worded)
    return Asked(
        intent=intent,
        mentions=tuple(mentions),
        common=common,
        unknown_names=float(bool(names)),
        unknown_rare=float(bool(rare)),
        unknown_share=len(unknown) / len(content) if content else 0.0,
        pins=pinned(mentions),
        names=names_given,
        names_unheld=_missing(names_given, [f"{h.chunk.section} {h.chunk.text}" for h in hits]),
        documents=documents_found(hits),
        document_mentions=_mentions_by_document(hits),
        asking=frozenset(intent.stems - content_stems(" ".join(m.text for m in mentions))),
        pins_unheld=float(bool(unheld(mentions, hits))),
        confidence=max((h.score for h in hits[:8]), default=0.0),
        wants_person=asks_for_a_person(intent, titles_in(hits[:SPAN_SOURCES])),
    )


def _entities(mentions: Sequence[Mention]) -> list[str]:
    """The names reading found among the mentions."""
    return [m.text for m in mentions if m.kind in NAME_KINDS]


def pin_precision(pins: Sequence[frozenset[str]], mentions: Sequence[Mention]) -> float:
    """How closely the candidate's own dates hold what the question pins: 1 / the years
    spanned by the narrowest date holding a pin ("2019" or "3 May 2019": 1; "2018-2020":
    1/3; a heading's "2006-2025": 1/20), 0 when none holds one. A table headed "Heads,
    2006-2025" holds 2019 in every row; the row of 2018-2020 holds it closer."""
    spans = [
        _years_spanned(m.value)
        for m in mentions
        if m.kind == "date" and any(keys & date_keys(m.value) for keys in pins)
    ]
    return 1.0 / min(spans) if spans else 0.0


def _years_spanned(value: str) -> int:
    first, _, last = value.partition("/")
    try:
        return max(1, int((last or first)[:4]) - int(first[:4]) + 1)
    except ValueError:
        return 1


def date_keys(iso: str) -> frozenset[str]:
    """The keys a passage holding this date is found by ("date:2016-10-28", "date:2016", …)."""
    return value_keys("date", iso)


def features_of(
    asked: Asked,
    candidates: Sequence[Candidate],
    similarities: Sequence[float],
    rank_of: Callable[[Hit], int],
    ruled: Candidate | None = None,
) -> list[dict[str, float]]:
    """The features of each candidate, in FEATURES order (a dict per candidate); `ruled` is
    the candidate the hand-set rules would quote."""
    own = [_own(asked, c, s, rank_of) for c, s in zip(candidates, similarities, strict=True)]
    for values, candidate in zip(own, candidates, strict=True):
        values["rule_choice"] = float(ruled is not None and candidate.key == ruled.key)
        values["rule_answer"] = values["rule_choice"] * (1.0 - asked.rule_abstains)
    for name, gap, rank in (
        ("similarity", "similarity_gap", "similarity_rank"),
        ("overlap", "overlap_gap", "overlap_rank"),
        ("asking_overlap", "asking_gap", ""),
    ):
        ordered = sorted({values[name] for values in own}, reverse=True)
        for values in own:
            values[gap] = ordered[0] - values[name]
            if rank:
                values[rank] = 1.0 / (1 + ordered.index(values[name]))
    _recency(asked, candidates, own)
    return [{name: values[name] for name in FEATURES} for values in own]


def _recency(
    asked: Asked, candidates: Sequence[Candidate], own: Sequence[dict[str, float]]
) -> None:
    """The features that place each candidate's document in time (see FEATURES)."""
    dates = [asked.dates.get(c.hits[0].chunk.document, UNDATED) for c in candidates]
    newest = max((d.value for d in dates if d.dated), default="")
    for values, when in zip(own, dates, strict=True):
        now = asked.now and when.dated
        values["newest_document"] = float(now and when.value == newest)
        values["newer_elsewhere"] = float(now and when.value < newest)
        values["undated"] = float(not when.dated)
        values["dated_as_pinned"] = float(
            when.dated and any(keys & date_keys(when.value) for keys in asked.pins)
        )


def _own(
    asked: Asked, candidate: Candidate, similarity: float, rank_of: Callable[[Hit], int]
) -> dict[str, float]:
    intent = asked.intent
    hit = candidate.hits[0]
    text = candidate.plain
    rows = candidate.form == "rows" or bool(hit.chunk.cells)
    label, body = _label_and_body(candidate)
    passage = "\n".join(h.chunk.text for h in candidate.hits)
    heads = " ".join(h.chunk.section for h in candidate.hits)
    mentioned = tuple(m for h in candidate.hits for m in h.chunk.mentions)
    in_body = tuple(m for m in mentioned if m.text in body)
    wanted = ANSWER_KINDS.get(intent.kind)
    likeliest = LIKELIEST.get(intent.kind)
    if asked.wants_person:
        wanted = likeliest = PERSON
    question_names = names_in(intent.asked)
    stems = content_stems(text)
    answers = (
        what_is_asked(wanted, in_body, asked.mentions, asked.common) if wanted is not None else []
    )
    kind_missing = wanted is not None and not answers
    return {
        "similarity": similarity,
        "passage_score": hit.score,
        "rank": 1.0 / (1 + rank_of(hit)),
        "confidence": asked.confidence,
        "overlap": lexical_overlap(intent.stems, text),
        "asking_overlap": lexical_overlap(asked.asking, text),
        "passage_overlap": lexical_overlap(intent.stems, f"{heads}\n{passage}"),
        **_window_features(asked, candidate, _with_headers(candidate, heads)),
        "name_match": (
            sum(contains_phrase(f"{heads} {passage}", n) for n in question_names)
            / len(question_names)
            if question_names
            else 0.0
        ),
        "unknown_names": asked.unknown_names,
        "unknown_rare": asked.unknown_rare,
        "unknown_share": asked.unknown_share,
        "pins_unheld": asked.pins_unheld,
        "pins_missing": 1.0 - share_of_pins(asked.pins, mentioned) if asked.pins else 0.0,
        "pins_nearby": float(bool(asked.pins) and _pins_nearby(asked, candidate)),
        "pins_missing_document": (
            1.0
            - share_of_pins(
                asked.pins,
                [
                    m
                    for document in {h.chunk.document for h in candidate.hits}
                    for m in asked.document_mentions.get(document, ())
                ],
            )
            if asked.pins
            else 0.0
        ),
        "names_unheld": asked.names_unheld,
        "names_missing": names_missing(asked, candidate),
        "names_missing_here": _missing(asked.names, [text]),
        "pins_missing_here": (
            1.0 - share_of_pins(asked.pins, [m for m in mentioned if m.text in text])
            if asked.pins
            else 0.0
        ),
        "pin_precision": pin_precision(asked.pins, [m for m in mentioned if m.text in body]),
        "type_unmet": float(
            bool(
                unmet_answer_type(
                    intent, text, None if rows else body, passage, _entities(mentioned)
                )
            )
        ),
        "restriction_unmet": float(
            bool(unmet_restriction(intent.text, text, passage, intent.asked))
        ),
        "restriction_unmet_here": float(
            bool(unmet_restriction(intent.text, text, "", intent.asked))
        ),
        "kind_missing": float(not rows and kind_missing),
        "row_kind_missing": float(rows and kind_missing),
        "answer_near": _near(intent.stems, body, answers),
        "likeliest": float(
            likeliest is not None
            and names_what_is_asked(likeliest, in_body, asked.mentions, asked.common)
        ),
        "person_asked": float(
            asked.wants_person
            and names_what_is_asked(PERSON, in_body, asked.mentions, asked.common)
        ),
        "counts_asked": float(counts_asked(intent, body)),
        "number_missing": float(
            (intent.kind in ("how_many", "when") and not _NUMERIC.search(body))
            or (bool(intent.counted) and intent.counted not in stems)
        ),
        "named_key": float(_names_key(intent, candidate, label)),
        "is_rows": float(candidate.form == "rows"),
        "is_list": float(candidate.form == "list"),
        "is_spelled_out": float(candidate.form == "spelled-out"),
        "is_pair": float(candidate.form == "pair"),
        "list_wanted": float(intent.wants_all and candidate.form in ("list", "rows")),
        "glossary": float(hit.chunk.glossary and not intent.about_a_name),
        "new_words": len(stems - intent.stems) / len(stems) if stems else 0.0,
        "length": min(len(text.split()), MAX_WORDS) / MAX_WORDS,
        "label_share": len(label) / len(text) if text else 0.0,
        "title_like": float(_title_like(body)),
        "unfinished": float(
            candidate.form in ("sentence", "pair") and not rows and not _STOP.search(text)
        ),
        "yes_no": float(intent.kind == "yes_no"),
        "rule_abstains": asked.rule_abstains,
        "rule_unknown_terms": asked.rule_unknown_terms,
        "item_unfocused": float(
            candidate.form == "sentence"
            and not rows
            and not intent.stems & content_stems(body)
            and _whole_list(hit.chunk, text) is not None
        ),
    }


def _mentions_by_document(hits: Sequence[Hit]) -> dict[str, tuple[Mention, ...]]:
    found: dict[str, list[Mention]] = {}
    for hit in hits:
        found.setdefault(hit.chunk.document, []).extend(hit.chunk.mentions)
    return {document: tuple(mentions) for document, mentions in found.items()}


def _near(stems: frozenset[str], text: str, answers: Sequence[Mention]) -> float:
    """The largest share of these stems within NEAR_WORDS words of one of the answers'
    mentions in the text: "chaired by Ann Lee" holds "chaired" beside the name asked for."""
    if not stems or not answers:
        return 0.0
    tokens = words(text)
    best = 0.0
    for mention in answers:
        name = words(mention.text)
        for start in range(len(tokens) - len(name) + 1):
            if name and tokens[start : start + len(name)] == name:
                window = tokens[max(0, start - NEAR_WORDS) : start + len(name) + NEAR_WORDS]
                best = max(best, len(stems & content_stems(" ".join(window))) / len(stems))
    return best


def _pins_nearby(asked: Asked, candidate: Candidate) -> bool:
    """The candidate, or one of the two sentences before it in its passage, holds what the
    question pins down ("The SOC met on 5 March. The meeting was chaired by …")."""
    if candidate.form != "sentence" or candidate.hits[0].chunk.cells:
        return False
    chunk = candidate.hits[0].chunk
    spans = _spans(chunk)
    if candidate.plain not in spans:
        return False
    at = spans.index(candidate.plain)
    return any(
        share_of_pins(asked.pins, [m for m in chunk.mentions if m.text in span]) > 0
        for span in spans[max(0, at - NEARBY) : at + 1]
    )


def counts_asked(intent: Intent, text: str) -> bool:
    """Whether the text puts a number right before what "how many" counts ("28 member
    states" for "how many member states"), a number the question does not give itself."""
    if not intent.counted:
        return False
    given = {f.value for f in find_values(intent.asked) if f.kind == "number"}
    for found in find_values(text):
        if found.kind != "number" or found.value in given:
            continue
        after = text[found.end :].split()[:COUNTED_REACH]
        if intent.counted in {stem(normalise(w)) for w in after}:
            return True
    return False


def _with_headers(candidate: Candidate, heads: str) -> str:
    """The headings of an answer read from table rows, with its columns' headers: "Tourism;
    Finance", read from rows under "Priority area", says which priority areas."""
    if candidate.form != "rows":
        return heads
    headers = dict.fromkeys(header for hit in candidate.hits for header, _ in hit.chunk.cells)
    return " ".join([heads, *headers])


def _window_features(asked: Asked, candidate: Candidate, heads: str) -> dict[str, float]:
    """How the candidate reads with what comes before it: the headings and the sentences
    before it often say what it is about ("The SOC met on 5 March. It was chaired by …"),
    while the candidate alone says what is asked."""
    stems = asked.intent.stems
    spans = _spans(candidate.hits[0].chunk) if candidate.form == "sentence" else []
    at = spans.index(candidate.plain) if candidate.plain in spans else None
    if at is None:
        window = f"{heads}\n{candidate.plain}"
        return {
            "window_overlap": lexical_overlap(stems, window),
            "window_asking": lexical_overlap(asked.asking, window),
            "focus": 0.0,
            "position": 1.0,
        }
    window = "\n".join([heads, *spans[max(0, at - NEARBY) : at + 1]])
    elsewhere = content_stems("\n".join([heads, *spans[:at], *spans[at + 1 :]]))
    own = stems & content_stems(candidate.plain)
    return {
        "window_overlap": lexical_overlap(stems, window),
        "window_asking": lexical_overlap(asked.asking, window),
        "focus": len(own - elsewhere) / len(stems) if stems else 0.0,
        "position": 1.0 / (1 + at),
    }


@lru_cache(maxsize=256)
def _spans(chunk: Chunk) -> list[str]:
    return spans_of_chunk(chunk)


def names_missing(asked: Asked, candidate: Candidate) -> float:
    """Share of the names the question gives that the candidate's documents lack, as far as
    retrieval brought them (a passage about the Goals need not repeat the organisation's
    name; a press release about another city's meeting never names this one)."""
    texts = [asked.documents.get(h.chunk.document, "") for h in candidate.hits]
    texts += [f"{h.chunk.section} {h.chunk.text}" for h in candidate.hits]
    return _missing(asked.names, texts)


def missing_names(asked: Asked, candidate: Candidate) -> list[str]:
    """The names (as the question writes them) that names_missing counts."""
    texts = [asked.documents.get(h.chunk.document, "") for h in candidate.hits]
    texts += [f"{h.chunk.section} {h.chunk.text}" for h in candidate.hits]
    return [
        m.text
        for m in asked.mentions
        if m.value in asked.names and not any(contains_phrase(t, m.value) for t in texts)
    ]


def _missing(names: Sequence[str], texts: Sequence[str]) -> float:
    """Share of the names that none of the texts holds (0 when there are none)."""
    if not names:
        return 0.0
    return sum(not any(contains_phrase(t, n) for t in texts) for n in names) / len(names)


def _label_and_body(candidate: Candidate) -> tuple[str, str]:
    """A sentence's label joined before it ('Goals: …', 'History: 2021: …' keeps its date in
    the body), and the rest: the leading parts of a few words without a digit."""
    text = candidate.plain
    if candidate.form in ("rows", "spelled-out") or candidate.hits[0].chunk.cells:
        return "", text
    parts = text.split(": ")
    labels = 0
    while labels < len(parts) - 1 and _is_label(parts[labels]):
        labels += 1
    return ": ".join(parts[:labels]), ": ".join(parts[labels:])


def _is_label(part: str) -> bool:
    return len(part.split()) <= LABEL_WORDS and not any(ch.isdigit() for ch in part)


@lru_cache(maxsize=4096)
def _title_like(body: str) -> bool:
    """Mostly capitals ('TOURISM: A PRIORITY AREA …'), or no verb-bearing lower-case run."""
    letters = [ch for ch in body if ch.isalpha()]
    capitals = sum(ch.isupper() for ch in letters)
    return bool(letters) and capitals / len(letters) > TITLE_CAPITALS


def _names_key(intent: Intent, candidate: Candidate, label: str) -> bool:
    """'Phone: +7 …' answers 'What is the phone number?': the question names the item's key."""
    if not label:
        return False
    titles = set(section_titles(candidate.hits[0].chunk.section))
    keys = [k for k in label.split(": ") if 1 < len(k) <= 40 and k not in titles]
    return any((stems := content_stems(key)) and stems <= intent.stems for key in keys)
