"""What the question pins down and asks for, held against what passages mention (pure).

A question that names a date, an ordinal or a number ("the meeting of 5 March 2024", "the
fifth summit") is answered from the passages that hold those values, whatever their
spelling; a question asking "who", "where", "when" or "how many" wants a sentence that
names a person, organisation or country, a place, a date or a number it does not already
give itself.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Sequence
from dataclasses import replace
from functools import lru_cache

from cica_qa.index.mentions import (
    NAME_KINDS,
    PIN_KINDS,
    VALUE_KINDS,
    asked_keys,
    mention_keys,
    pins_of,
)
from cica_qa.normalize import contains_phrase, normalise, stem
from cica_qa.types import Chunk, Hit, Mention, MentionKind

_YEAR = re.compile(r"\d{4}")
# what each kind of question wants the answer to name ("who": a person, an organisation
# or a country), and the likeliest of them (a person)
ANSWER_KINDS: dict[str, frozenset[MentionKind]] = {
    "who": frozenset({"person", "org", "place"}),
    "where": frozenset({"place"}),
    "when": frozenset({"date"}),
    "how_many": frozenset({"number"}),
}
LIKELIEST: dict[str, frozenset[MentionKind]] = {"who": frozenset({"person"})}


def counted_as_written(
    mentions: Sequence[Mention], spelt: Callable[[str], str], common: Collection[str] = ()
) -> tuple[Mention, ...]:
    """The mentions, with what an ordinal counts in the corpus's own words (`spelt` gives its
    stem for a misspelt one): "the first to arive" asks for the first to arrive, whether or
    not the passages found for it hold the word it stands for. A word of a name the whole
    corpus is about (`common`, normalised) counts nothing: "the seventh Lumen summit" is the
    seventh summit, not any seventh thing the Lumen Forum held."""
    shared = {stem(w) for name in common for w in name.split()}

    def counts(of: str) -> str:
        words = [spelt(w) for w in of.split()]
        return " ".join([w for w in words if w not in shared] or words)

    return tuple(replace(m, of=counts(m.of)) if m.of else m for m in mentions)


def pinned(question: Sequence[Mention]) -> tuple[frozenset[str], ...]:
    """The dates and ordinals the question pins down: for each, the keys any of which a
    passage must hold to match it."""
    return asked_keys(pins_of(question), PIN_KINDS)


def keys_in(mentions: Sequence[Mention]) -> frozenset[str]:
    """Every key these mentions are found by (remembered for a passage's own mentions)."""
    if isinstance(mentions, tuple):
        return _keys_in(mentions)
    return frozenset(key for mention in mentions for key in mention_keys(mention))


@lru_cache(maxsize=4096)
def _keys_in(mentions: tuple[Mention, ...]) -> frozenset[str]:
    return frozenset(key for mention in mentions for key in mention_keys(mention))


def pins_held(pins: Sequence[frozenset[str]], mentions: Sequence[Mention]) -> int:
    """How many of the pinned values these mentions hold."""
    held = keys_in(mentions)
    return sum(1 for keys in pins if keys & held)


def mentions_in(chunk: Chunk, text: str) -> tuple[Mention, ...]:
    """The chunk's mentions that lie in this part of it (a sentence, a span)."""
    return tuple(m for m in chunk.mentions if m.text in text)


def holding_pins(hits: Sequence[Hit], pins: Sequence[frozenset[str]]) -> list[Hit]:
    """The hits holding the most of the pinned values (all hits when none holds any)."""
    held = [pins_held(pins, hit.chunk.mentions) for hit in hits]
    most = max(held, default=0)
    if not most:
        return list(hits)
    return [hit for hit, count in zip(hits, held, strict=True) if count == most]


def share_of_pins(pins: Sequence[frozenset[str]], mentions: Sequence[Mention]) -> float:
    """Share of the pinned values these mentions hold (0..1)."""
    return pins_held(pins, mentions) / len(pins) if pins else 0.0


def names_what_is_asked(
    wanted: frozenset[MentionKind],
    mentions: Sequence[Mention],
    question: Sequence[Mention],
    common: frozenset[str] = frozenset(),
) -> bool:
    """Whether the mentions hold something of a wanted kind that the question does not give
    itself (see what_is_asked)."""
    return bool(what_is_asked(wanted, mentions, question, common))


def what_is_asked(
    wanted: frozenset[MentionKind],
    mentions: Sequence[Mention],
    question: Sequence[Mention],
    common: frozenset[str] = frozenset(),
) -> list[Mention]:
    """The mentions of a wanted kind that the question does not give itself (a name by its
    value, whatever kind the reader took it for in either, in any spelling `unnamed`
    accepts), and that are not a name the whole corpus is about (`common`)."""
    given = {(_kind(m), m.value) for m in question}
    names = [m.value for m in question if m.kind in NAME_KINDS]
    return [
        m
        for m in mentions
        if m.kind in wanted
        and (_kind(m), m.value) not in given
        and not (m.kind in NAME_KINDS and any(_names(m.value, name) for name in names))
        and not (m.kind in NAME_KINDS and m.value in common)
    ]


def _kind(mention: Mention) -> str:
    return "name" if mention.kind in NAME_KINDS else mention.kind


def without_values(question: str, mentions: Sequence[Mention], years: bool = True) -> str:
    """The question without the dates, ordinals and numbers it mentions (matched by value,
    never by their words); with years=False, dates finer than a year only ("on 5 March
    2024"): a year stays, since a table cell holding it is named by it."""
    for mention in mentions:
        finer = mention.kind == "date" and not _YEAR.fullmatch(mention.value)
        if finer or (years and mention.kind in VALUE_KINDS):
            question = question.replace(mention.text, " ")
    return " ".join(question.split())


def unheld(question: Sequence[Mention], hits: Sequence[Hit]) -> str:
    """Why no passage can answer: a date or an ordinal the question pins down that none of
    them holds ('' when every one is held somewhere)."""
    held = keys_in([m for hit in hits for m in hit.chunk.mentions])
    for mention in pins_of(question):
        if not asked_keys([mention], PIN_KINDS)[0] & held:
            if mention.kind == "date":
                return f"no passage found is about {mention.text}"
            return f"no passage found says which is the {mention.text} one"
    return ""


# the kinds of name a passage about something else never names: a person, a place (an
# organisation is too often named otherwise: "the Forum", "the Lumen Forum of Experts")
PLACED_KINDS = frozenset({"person", "place"})
FUZZY_LEAST = 5  # letters a word needs before a misspelling of it ("Cindermor") still matches,
FUZZY_LETTERS = 4  # with a letter wrong for each this many letters
_DIGIT = re.compile(r"\d")
_CLAUSE = re.compile(r"[,;]|\b(that|which|who|whom|whose|whether|because|while|although)\b", re.I)
_QUOTED = re.compile(r"[\"“«][^\"”»]*[\"”»]")


def as_written(
    question: str, mentions: Sequence[Mention], hits: Sequence[Hit]
) -> tuple[Mention, ...]:
    """The question's mentions, with the names the passages hold that it writes as they do,
    capitals and all (the reader, seeing a question of a few words, misses some it finds in
    a passage; "the draft" is not the heading "Draft")."""
    values = {m.value for m in mentions}
    extra: dict[str, Mention] = {}
    for hit in hits:
        for m in hit.chunk.mentions:
            if m.kind in NAME_KINDS and m.value not in values and _writes(question, m.text):
                extra.setdefault(m.value, m)
    return (*mentions, *extra.values())


def _writes(text: str, name: str) -> bool:
    if name not in text:  # most are not: no pattern to build
        return False
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) is not None


def documents_found(hits: Sequence[Hit]) -> dict[str, str]:
    """What the hits show of each document: their headings and text, joined."""
    joined: dict[str, list[str]] = {}
    for hit in hits:
        joined.setdefault(hit.chunk.document, []).append(f"{hit.chunk.section}\n{hit.chunk.text}")
    return {document: "\n".join(texts) for document, texts in joined.items()}


def unnamed(
    question: Sequence[Mention],
    texts: Sequence[str],
    aliases: Collection[str] = frozenset(),
    common: frozenset[str] = frozenset(),
) -> str:
    """Why a passage cannot answer: a person or place the question names that none of the
    texts (what was found of the passage's documents) names, by any name the glossary gives
    the question's terms (`aliases`) or with a letter wrong ('' when each is named). A name
    the whole corpus is about (`common`), or one holding a digit (a date read as a name), is
    not held against it."""
    plain = [normalise(text) for text in texts]
    for mention in question:
        name = _without_possessive(mention.value)
        if mention.kind not in PLACED_KINDS or name in common or _DIGIT.search(name):
            continue
        glossed = any(contains_phrase(a, name) or contains_phrase(name, a) for a in aliases)
        variants = {name, *aliases} if glossed else {name}
        if not any(_names(text, variant) for text in plain for variant in variants):
            return f"no passage found mentions {_written_plain(mention.text)}"
    return ""


def placed_apart(
    asked: str,
    question: Sequence[Mention],
    pinned: Sequence[Hit],
    common: frozenset[str] = frozenset(),
) -> str:
    """Why the passages holding what the question (`asked`) pins down (a date, an ordinal)
    cannot answer it: a place it says something happened in or at that none of them names
    ('' when one does, or when the question pins nothing or places nothing). "The meeting of
    5 March in Saltmarsh" is a false premise when the passages about 5 March name another
    city; "the chair's plans for Ruritania" places nothing."""
    if not pinned or not any(m.kind in PIN_KINDS for m in question):
        return ""
    plain = [normalise(f"{hit.chunk.section}\n{hit.chunk.text}") for hit in pinned]
    unquoted = _QUOTED.sub(" ", asked)  # "in Asia" in a title places nothing
    for mention in question:
        name = _without_possessive(mention.value)
        if mention.kind != "place" or name in common or _DIGIT.search(name):
            continue
        placed = re.search(rf"\b(in|at)\s+(the\s+)?{re.escape(mention.text)}\b", unquoted, re.I)
        if not placed or not _one_clause(unquoted, placed.start(), question):
            continue
        if not any(_names(text, name) for text in plain):
            return f"no passage found about {_pinned_phrase(question)} mentions {mention.text}"
    return ""


def _one_clause(asked: str, at: int, question: Sequence[Mention]) -> bool:
    """Whether the place at `at` and what the question pins are in one clause: "warned at
    the first summit that the situation in Ruritania …" says where nothing happened."""
    pin = next(m for m in question if m.kind in PIN_KINDS)
    where = asked.find(pin.text)
    if where < 0:
        return True
    between = asked[where + len(pin.text) : at] if where < at else asked[at:where]
    return not _CLAUSE.search(between)


def _pinned_phrase(question: Sequence[Mention]) -> str:
    """'25 June 2024', 'the 8th one': what the question pins, as it says it."""
    pin = next(m for m in question if m.kind in PIN_KINDS)
    return f"the {pin.text} one" if pin.kind == "ordinal" else pin.text


def _written_plain(name: str) -> str:
    """A name as the question writes it, without a possessive ("Ann Lee's" -> "Ann Lee")."""
    return re.sub(r"['’]s?$", "", name)


def _without_possessive(name: str) -> str:
    """'lower ruritania s' (from "Lower Ruritania's") -> 'lower ruritania'."""
    return name[:-2] if name.endswith(" s") else name


def _names(text: str, name: str) -> bool:
    """Whether the (normalised) text names it: as a phrase, or with a letter wrong in every
    four of a word long enough to misspell (its shorter words as they are)."""
    if contains_phrase(text, name):
        return True
    words = name.split()
    edits = sum(len(word) // FUZZY_LETTERS for word in words if len(word) >= FUZZY_LEAST)
    short = [word for word in words if len(word) < FUZZY_LEAST]
    if not edits or not all(contains_phrase(text, word) for word in short):
        return False
    from rapidfuzz import fuzz

    cutoff = 100.0 * (1.0 - edits / len(name)) - 0.01
    return fuzz.partial_ratio(name, text, score_cutoff=cutoff) > 0
