"""When documents disagree, the newest dated evidence answers, and what older documents said
is named beside it (pure).

Staff keep old documents on purpose, so the passages found for a question may hold several
versions of one fact: a coordinator before and after a rotation, a post before and after it
was renamed, a meeting as announced and as held. For a question about how things are (or
will be: `about_now`), among the candidate answers the model found nearly as likely as its
best (within RIVAL_MARGIN of its utility) and of the kind asked for, the one from the newest
dated document answers when it names something else, or the one from a document that
declares it supersedes the best one's; an older answer that names something else is given
as one cited line ("Earlier documents said …"), and the answer says the date of its
evidence ("As of 27 February 2025: …"). A question pinned to a date or ordinal, or asked in
the past tense, keeps the model's choice: "who chaired CICA in 2019" asks for the old fact.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Generic, Protocol, TypeVar

from cica_qa.answering.answer import Answer
from cica_qa.answering.candidates import Candidate
from cica_qa.answering.mentioned import ANSWER_KINDS, mentions_in, what_is_asked
from cica_qa.answering.replies import cite
from cica_qa.normalize import content_stems
from cica_qa.types import UNDATED, DocumentDate, Hit, Mention, MentionKind
from cica_qa.values import spoken_date

# how far below the best candidate's utility (the answer model's log-odds scale) a candidate
# from another document may be and still count as answering the same question
RIVAL_MARGIN = 0.5
# and how far below it an older document's disagreeing answer may be and still be named
# ("Earlier documents said …": it informs, it does not answer)
EARLIER_MARGIN = 2.5
# share of the words two answers hold (beside the values they give) above which they say
# something of the same thing: "Member States: 27" and "Number of Member States: 28"
SAME_SUBJECT = 0.3
_NOW = re.compile(
    r"\b(?:now|nowadays|today|currently|current|presently|at present|still|latest|"
    r"next|upcoming|will)\b",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_PAST_WORDS = frozenset(
    "was were did didn't didn’t had originally formerly former previous previously ago once".split()
)
_PRESENT_AUXILIARIES = frozenset("is are am does do has have isn't aren't".split())
_PAST = re.compile(r"[^\W\d_]{2,}ed")  # a verb in the past, unless a present one leads it
_IRREGULAR_PAST = frozenset(
    "said spoke held met led took gave became began came went made wrote chose brought "
    "found told sent left won ran saw knew got paid built lost sat stood rose grew drew "
    "fell felt kept meant heard sold taught spent struck sought bought caught fought "
    "forgot hung lent rode rang sang sank slept stole swore swept threw tore woke wore "
    "wept thought understood withdrew undertook oversaw foresaw".split()
)
# words ending in -ed that are not verbs in the past (names, adjectives of standing things)
_NOT_PAST = frozenset(
    "need needed red bed shed seed feed speed breed united based related concerned "
    "interested dedicated called named so-called advanced limited".split()
)
_PLAN = re.compile(
    r"\b(?:will|shall|is to|are to|was to|were to|is due|are due|planned|scheduled|"
    r"expected to|to be held|upcoming|forthcoming|next)\b",
    re.IGNORECASE,
)
_NAMED: frozenset[MentionKind] = frozenset({"person", "org", "place", "number"})


@dataclass(frozen=True)
class Dating:
    """What the index knows of its documents' times: each one's date, and which documents
    declare they supersede it."""

    dates: Mapping[str, DocumentDate]
    superseded_by: Mapping[str, frozenset[str]]

    @classmethod
    def of(
        cls, dates: Mapping[str, DocumentDate], supersedes: Mapping[str, Sequence[str]]
    ) -> Dating:
        """From each document's date and the documents each one says it supersedes."""
        by: dict[str, set[str]] = {}
        for newer, older in supersedes.items():
            for name in older:
                by.setdefault(name, set()).add(newer)
        return cls(dates, {name: frozenset(newer) for name, newer in by.items()})

    def date_of(self, document: str) -> DocumentDate:
        return self.dates.get(document, UNDATED)

    def older(self, document: str, than: str) -> bool:
        """Whether `document` is older than `than`: dated earlier, or superseded by it."""
        return document != than and (
            _later(self.date_of(than), self.date_of(document))
            or than in self.superseded_by.get(document, frozenset())
        )


class Scored(Protocol):
    """A candidate answer as the model scored it (extractive.Considered)."""

    @property
    def candidate(self) -> Candidate: ...

    @property
    def utility(self) -> float: ...


T = TypeVar("T", bound=Scored)


@dataclass(frozen=True)
class Chosen(Generic[T]):
    """The candidate that answers and, when an older document said something else, the
    older candidate that did."""

    best: T
    earlier: T | None = None


def newest_evidence(
    considered: Sequence[T],
    best: T,
    dating: Dating,
    answers: Callable[[T], bool],
    values: Callable[[Candidate], frozenset[str]],
    now: bool = True,
) -> Chosen[T]:
    """The candidate to answer with, among `considered`: `best`, unless one within
    EARLIER_MARGIN of its utility that `answers` (is of the kind asked and meets the
    question's restrictions) comes from a document that supersedes best's, or one within
    RIVAL_MARGIN that answers comes from a document dated later whose `values` disagree
    with best's (each names something of the kind asked that the other does not). The
    earlier one is the candidate from an older document, within EARLIER_MARGIN of best and
    answering, whose `values` (what it names of the kind asked) disagree with the answer's
    and whose other words are most like the answer's (it says something of the same thing:
    SAME_SUBJECT).

    A question about the past (not `now`) asks what happened, which a later (or
    superseding) document only knows better when the best candidate is a plan ("is to be
    held in …", "will meet …") and the later one is not; and only a plan is what earlier
    documents said."""
    plan = is_plan(best.candidate)

    def rival(c: T, margin: float) -> bool:
        return (
            c is not best
            and c.utility >= best.utility - margin
            and answers(c)
            and (now or (plan and not is_plan(c.candidate)))
        )

    rivals = [c for c in considered if rival(c, RIVAL_MARGIN)]
    chosen = best
    successors = dating.superseded_by.get(_document(best), frozenset())
    # a superseded document does not answer while its successor does, nearly as likely
    succeeding = [c for c in considered if _document(c) in successors and rival(c, EARLIER_MARGIN)]
    own, named = dating.date_of(_document(best)), values(best.candidate)
    later = [
        c
        for c in rivals
        if _later(dating.date_of(_document(c)), own) and _disagree(named, values(c.candidate))
    ]
    if succeeding:
        chosen = succeeding[0]
    elif later:
        chosen = max(later, key=lambda c: dating.date_of(_document(c)).value)
    floor = best.utility - EARLIER_MARGIN
    near = [
        c.candidate
        for c in considered
        if c is not chosen and (c is best or (c.utility >= floor and answers(c)))
    ]
    said = earlier_said(chosen.candidate, near, dating, values, plans_only=not now)
    earlier = next((c for c in considered if said is not None and c.candidate is said), None)
    return Chosen(chosen, earlier)


@dataclass(frozen=True)
class Latest(Generic[T]):
    """The row of a dated table that tells how things are now, and the row before it."""

    row: T
    before: T | None = None


def latest_row(considered: Sequence[T], best: T, answers: Callable[[T], bool]) -> Latest[T]:
    """For a question about how things are, when `best` is a row of a table whose rows each
    date what they say in a cell ("Period: 2014-2018", "since 13.10.2022"): the row of that
    table that began latest, among those considered within EARLIER_MARGIN of best that
    `answers`, and the one that began before it. A table of terms, chairs or meetings
    lists how things were in turn; its latest row is how they are. `best` alone when it is
    no such row, or when two rows began at the same latest time."""
    began = row_began(best.candidate)
    if not began:
        return Latest(best)
    table = _table(best.candidate)
    floor = best.utility - EARLIER_MARGIN
    rows: dict[str, T] = {}  # by chunk: the same row may stand as several candidates
    for c in considered:
        if (
            _table(c.candidate) == table
            and row_began(c.candidate)
            and c.utility >= floor
            and (c is best or answers(c))
        ):
            rows.setdefault(c.candidate.hits[0].chunk.id, c)
    ordered = sorted(rows.values(), key=lambda c: row_began(c.candidate), reverse=True)
    if len(ordered) < 2 or row_began(ordered[0].candidate) == row_began(ordered[1].candidate):
        return Latest(best)
    return Latest(ordered[0], ordered[1])


def row_began(candidate: Candidate) -> str:
    """When a single table row's own cells say what it tells began (the latest start of the
    dates its cells hold, as ISO text: '2014/2018' began in 2014), or '' (prose, or a row
    whose cells hold no date: a date in the table's heading dates every row alike)."""
    if len(candidate.hits) != 1 or not candidate.hits[0].chunk.cells:
        return ""
    chunk = candidate.hits[0].chunk
    cells = [value for _, value in chunk.cells]
    starts = [
        m.value.partition("/")[0]
        for m in chunk.mentions
        if m.kind == "date" and m.text and any(m.text in cell for cell in cells)
    ]
    return max(starts, default="")


def _table(candidate: Candidate) -> tuple[str, str]:
    chunk = candidate.hits[0].chunk
    return (chunk.document, chunk.section)


def earlier_said(
    answer: Candidate,
    pool: Sequence[Candidate],
    dating: Dating,
    values: Callable[[Candidate], frozenset[str]],
    plans_only: bool = False,
) -> Candidate | None:
    """What an older document said instead of `answer`: among the `pool` from documents
    older than its own (or that its own supersedes), the one whose `values` disagree with
    the answer's and whose other words are most like it (SAME_SUBJECT at least); with
    `plans_only`, a plan the answer replaced ("is to take place in …")."""
    mine = values(answer)
    document = answer.hits[0].chunk.document
    said = _said_of(answer, mine)
    best: tuple[float, Candidate] | None = None
    for candidate in pool:
        if not dating.older(candidate.hits[0].chunk.document, document):
            continue
        if plans_only and not is_plan(candidate):
            continue
        theirs = values(candidate)
        if not _disagree(mine, theirs):
            continue
        alike = _alike(said, _said_of(candidate, theirs))
        if alike >= SAME_SUBJECT and (best is None or alike > best[0]):
            best = (alike, candidate)
    return best[1] if best is not None else None


def is_plan(candidate: Candidate) -> bool:
    """Whether a candidate tells of something still to happen ("is to be held", "will
    meet", "planned for"): what a later document may say happened otherwise."""
    return bool(_PLAN.search(candidate.plain))


def _said_of(candidate: Candidate, named: frozenset[str]) -> frozenset[str]:
    """The content words of an answer beside the values it gives."""
    given = {stem for value in named for stem in content_stems(value)}
    return frozenset(content_stems(candidate.plain) - given)


def _alike(one: frozenset[str], other: frozenset[str]) -> float:
    """Jaccard overlap of two answers' words."""
    union = one | other
    return len(one & other) / len(union) if union else 0.0


def _disagree(one: frozenset[str], other: frozenset[str]) -> bool:
    """Whether two answers name different things: each names something the other does not
    (a passage's heading may name what both share)."""
    return bool(one and other and one - other and other - one)


def _document(scored: Scored) -> str:
    return scored.candidate.hits[0].chunk.document


def _later(one: DocumentDate, other: DocumentDate) -> bool:
    """Whether `one` is a later date than `other` (both dated). A year is taken as its start:
    '2024' is earlier than '2024-06'."""
    return one.dated and other.dated and one.value > other.value


def named_values(
    candidate: Candidate, kind: str, question: Sequence[Mention], common: frozenset[str]
) -> frozenset[str]:
    """What a candidate names of the kind a question of this `kind` asks for ('who': a
    person, organisation or country; a question of no such kind: any name or number), but
    what the question gives itself."""
    wanted = ANSWER_KINDS.get(kind, _NAMED)
    mentions = [m for hit in candidate.hits for m in mentions_in(hit.chunk, candidate.plain)]
    return frozenset(m.value for m in what_is_asked(wanted, mentions, question, common))


def with_earlier(answer: Answer, earlier: Candidate, when: DocumentDate) -> Answer:
    """The answer with the line "Earlier documents said: <text> [n] (<document>, <date>)."
    citing the older candidate's passage as the next number."""
    dated = spoken_date(when.value) or "undated"
    return _with_line(answer, earlier, when, "Earlier documents said", dated)


def with_before(answer: Answer, before: Candidate, when: DocumentDate) -> Answer:
    """The answer with the line "Before that: <text> [n] (<document>)." citing the row of
    the same table that told how things were before the answer's row."""
    return _with_line(answer, before, when, "Before that", "")


def _with_line(
    answer: Answer, said: Candidate, when: DocumentDate, lead: str, dated: str
) -> Answer:
    number = max((c.number for c in answer.citations), default=0) + 1
    cited = replace(cite(said.hits[0], number), date=when.value, date_source=when.rule)
    text = said.plain.strip().rstrip(".")
    source = f"{cited.document}, {dated}" if dated else cited.document
    line = f"{lead}: {text} [{number}] ({source})."
    return replace(answer, earlier=line, citations=(*answer.citations, cited))


def as_of(answer: Answer, when: DocumentDate) -> Answer:
    """The answer prefixed with the date of its evidence: "As of 15 January 2025: …"."""
    spoken = spoken_date(when.value)
    return replace(answer, text=f"As of {spoken}: {answer.text}") if spoken else answer


def about_now(question: str) -> bool:
    """Whether a question asks how things are (or will be), not how they were: it says
    "now", "current" or "next", or holds no past-tense word ("was", "did", "chaired")."""
    if _NOW.search(question):
        return True
    words = [word.lower() for word in _WORD.findall(question)]
    if any(word in _PAST_WORDS for word in words):
        return False
    # after "is", "does" or "has", a word in -ed is a participle ("where is it located?")
    participles = any(word in _PRESENT_AUXILIARIES for word in words)
    return not any(
        word in _IRREGULAR_PAST
        or (_PAST.fullmatch(word) and word not in _NOT_PAST and not participles)
        for word in words
    )


def dated_passages(hits: Sequence[Hit], dating: Dating) -> tuple[Hit, ...]:
    """The hits, each passage of a dated document also holding its document's date (as a
    date mention of no words of its own, so that every part of the passage holds it): what
    a question pinned to a year or day matches, beside the dates the passage states."""
    dated = []
    for hit in hits:
        when = dating.date_of(hit.chunk.document)
        if when.dated:
            written = Mention("date", "", when.value)
            hit = replace(hit, chunk=replace(hit.chunk, mentions=(*hit.chunk.mentions, written)))
        dated.append(hit)
    return tuple(dated)
