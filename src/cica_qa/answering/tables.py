"""Answers read from table rows: a row's cells, every row holding a value, or a whole table.

Three readings of a question compete, and the most specific wins (the one that accounts
for more of the question's words): it names a row by its label ("Who coordinates
tourism?"), it names a value in other cells ("Which areas does country X coordinate?"),
or it asks for a whole table ("List the advisory bodies").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from cica_qa.answering.intent import EXPANSION_WORDS, Intent
from cica_qa.answering.mentioned import mentions_in, pins_held
from cica_qa.answering.phrasing import EMPTY, row_sentence
from cica_qa.normalize import (
    STOPWORDS,
    contains_phrase,
    content_stems,
    misspelt,
    normalise,
    words,
)
from cica_qa.types import Hit
from cica_qa.values import ordinal_value

LABEL_COVERAGE = 0.75  # share of a row label's words the question must contain to name the row
GROUP_SHARE = 0.5  # share of a cell's words the question must hold to name the cell
MAX_GROUP = 12  # rows sharing a cell beyond this many are a column, not an answer
MAX_ITEM_WORDS = 5  # comma-separated parts longer than this are prose, not a list of names
MIN_ROWS_LISTED = 2  # rows of a table found before their labels are taken as all there are
_PHRASE_END = re.compile(r"[^\w\s'’-]")
_PARENTHESES = re.compile(r"\([^)]*\)")
_YEAR = re.compile(r"^\d{4}$")
_NUMBER = re.compile(r"^\d+$")
_FREQUENCY = re.compile(
    r"\b(every|once|twice|times|annual\w*|yearly|monthly|weekly|ad hoc|a year)\b"
)


@dataclass(frozen=True)
class RowAnswer:
    """Rows that answer a question and how to say it."""

    hits: tuple[Hit, ...]
    text: str  # with {1}, {2} … where the citations of hits[0], hits[1] … go


@dataclass(frozen=True)
class _Reading:
    score: int  # question words it accounts for
    answer: RowAnswer


def answer_from_rows(intent: Intent, hits: Sequence[Hit]) -> RowAnswer | None:
    """The most specific table reading of the question, or None when rows do not answer it."""
    rows = [h for h in hits if h.chunk.cells and (intent.about_a_name or not h.chunk.glossary)]
    readings = [
        None if intent.definition else _value_rows(intent, rows),
        _named_row(intent, rows),
        _whole_table(intent, rows) if intent.wants_all else None,
    ]
    found = [r for r in readings if r is not None]
    if not found:
        return None
    # Ties go to the later reading: a named row beats a value, a whole table beats both.
    best = max(range(len(found)), key=lambda i: (found[i].score, i))
    return found[best].answer


def leaves_blank(intent: Intent, hits: Sequence[Hit]) -> bool:
    """Whether the rows leave every cell the question asks for blank ("Prepared by: not
    stated", "Documents adopted: —"): the table says it does not know."""
    asked = [value for hit in hits if hit.chunk.cells for _, value in _asked_cells(hit, intent)]
    return bool(asked) and all(_blank(value) for value in asked)


def _blank(value: str) -> bool:
    return value.strip().casefold() in EMPTY or bool(_UNSTATED.match(value.strip()))


# --- a row named by its label -------------------------------------------------------------


def _named_row(intent: Intent, rows: Sequence[Hit]) -> _Reading | None:
    best: tuple[int, int, Hit] | None = None
    for position, hit in enumerate(rows):
        score = _label_score(intent, hit)
        # A row answers only if it holds what is asked; a year or number names it outright.
        answers = _asked_cells(hit, intent) or _NUMBER.match(hit.chunk.row)
        if score and answers and (best is None or score > best[0]):
            best = (score, -position, hit)
    if best is None:
        return None
    return _Reading(best[0], _single_row(intent, best[2]))


def _label_score(intent: Intent, hit: Hit) -> int:
    """Question words the row's label accounts for (0 when the question does not name it)."""
    label = content_stems(hit.chunk.row)
    if not label:
        return 0
    if hit.chunk.glossary:  # "what does TTF stand for?": every word is the term's
        names = content_stems(" ".join(value for _, value in hit.chunk.cells))
        asked = intent.stems - EXPANSION_WORDS
        return len(asked) if asked and asked <= names else 0
    covered = label & intent.stems
    if len(covered) / len(label) >= LABEL_COVERAGE:
        return len(covered)
    # "the Summit" names "Council of Heads of State or Government (Summit)" via the glossary
    if any(contains_phrase(hit.chunk.row, alias) for alias in intent.aliases):
        return max(len(content_stems(a)) for a in intent.aliases if _mentions(intent, a))
    return 0


def _mentions(intent: Intent, phrase: str) -> bool:
    return f" {phrase} " in f" {intent.text} "


_UNSTATED = re.compile(
    r"^(not (stated|named|known|given|specified|available|yet \w+)|unknown|tbd|tba)\.?$", re.I
)
# the columns that answer "where" and "when" whatever the question's words
_HEADERS = {
    "where": re.compile(r"\b(venue|place|city|location|where)\b"),
    "when": re.compile(r"\b(date|dates|when)\b"),
}


def _asked_cells(hit: Hit, intent: Intent) -> list[tuple[str, str]]:
    """The cells that hold what the question asks (a column it names, a year for 'when')."""
    if hit.chunk.glossary:  # a glossary row is asked about as a whole: its other names
        return list(hit.chunk.cells[1:])
    asked = [
        (header, value) for header, value in hit.chunk.cells[1:] if _asks(header, value, intent)
    ]
    if intent.kind == "when" and _YEAR.match(hit.chunk.row):
        asked.append(hit.chunk.cells[0])
    return asked


def _asks(header: str, value: str, intent: Intent) -> bool:
    if intent.kind == "when" and _YEAR.match(value):
        return True
    if intent.kind == "how_often" and _FREQUENCY.search(normalise(value)):
        return True
    if _HEADERS.get(intent.kind) and _HEADERS[intent.kind].search(normalise(header)):
        return True  # "where": the venue column, "when": the date column
    return bool(content_stems(header) & intent.stems) and _role_fits(header, intent)


def _role_fits(header: str, intent: Intent) -> bool:
    """Whether a column is the role asked about: 'Co-coordinators' only for co-roles."""
    if intent.co_role is None:
        return True
    return ("co" in words(header)) == intent.co_role  # "Co-coordinators" -> "co coordinators"


def _single_row(intent: Intent, hit: Hit) -> RowAnswer:
    """'Area (Dimension) — Coordinator: X; Co-coordinators: Y, Z {1}'."""
    label_header, label = hit.chunk.cells[0]
    asked = _asked_cells(hit, intent)
    others = [c for c in hit.chunk.cells[1:] if c not in asked]
    where = hit.chunk.section.split(" › ")[-1]
    if intent.kind != "how_many" and not hit.chunk.glossary:
        # "Ruritania coordinates Lamplighting (Light dimension); Borduria is co-coordinator."
        section = where if where != label else ""
        sentence = row_sentence(hit.chunk.cells, section, [header for header, _ in asked])
        if sentence:
            return RowAnswer((hit,), f"{sentence} {{1}}")
    if intent.kind == "how_many":  # "how many co-coordinators": count the names listed
        asked = [(header, _counted(value)) for header, value in asked]
    fields = "; ".join(f"{header}: {value}" for header, value in [*asked, *others])
    lead = f"{label_header} {label}" if _YEAR.match(label) else label
    context = f" ({where})" if where and where != label else ""
    return RowAnswer((hit,), f"{lead}{context} — {fields} {{1}}")


def _counted(cell: str) -> str:
    """A cell listing several names, with their number first: '3 (Ames, Bree, Cole)'."""
    items = cell_items(cell)
    return f"{len(items)} ({cell})" if len(items) > 1 else cell


# --- rows holding a value the question names ------------------------------------------------


@dataclass(frozen=True)
class _ValueMatch:
    hit: Hit
    column: str
    value: str


def cell_items(cell: str) -> list[str]:
    """The names in a cell: split on ';', and on ',' when every part is short (a name list)."""
    items: list[str] = []
    for part in cell.split(";"):
        pieces = [p.strip() for p in _split_outside_parentheses(part)]
        if all(len(p.split()) <= MAX_ITEM_WORDS for p in pieces):
            items += pieces
        else:
            items.append(part.strip())
    return [item for item in items if item]


def _split_outside_parentheses(text: str) -> list[str]:
    parts, depth, current = [], 0, []
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    return [*parts, "".join(current)]


def _value_rows(intent: Intent, rows: Sequence[Hit]) -> _Reading | None:
    matches = []
    for hit in rows:
        label_asked = content_stems(hit.chunk.cells[0][0]) & intent.stems  # "which areas …"
        if not (_asked_cells(hit, intent) or label_asked):
            continue  # the row holds nothing the question asks for
        for header, cell in hit.chunk.cells[1:]:
            if not _role_fits(header, intent) and _is_role(header):
                continue
            for item in cell_items(cell):
                stems = content_stems(_PARENTHESES.sub(" ", item))
                if stems and (stems <= intent.stems or normalise(item) in intent.aliases):
                    matches.append((len(stems), _ValueMatch(hit, header, item)))
    if not matches:
        return None
    best = max(size for size, _ in matches)
    chosen = sorted((m for size, m in matches if size == best), key=lambda m: _place(m.hit))
    return _Reading(best, _value_list(intent, chosen))


def _place(hit: Hit) -> tuple[str, int]:
    """Document order, so a list reads like its table whatever the retrieval order."""
    return hit.chunk.document, hit.chunk.location.start


def _is_role(header: str) -> bool:
    return any(word.startswith("coordinat") for word in words(header))


def _value_list(intent: Intent, matches: Sequence[_ValueMatch]) -> RowAnswer:
    """'Coordinator: X — Area A {1}; Area B {2}', grouped by column."""
    hits: list[Hit] = []
    groups: dict[tuple[str, str], list[int]] = {}
    for match in matches:
        if match.hit not in hits:
            hits.append(match.hit)
        groups.setdefault((match.column, match.value), []).append(hits.index(match.hit))
    parts = []
    for (column, value), indexes in groups.items():
        labels = "; ".join(
            f"{_entry(hits[i], intent, exclude=column)} {{{i + 1}}}" for i in indexes
        )
        parts.append(f"{column}: {value} — {labels}")
    return RowAnswer(tuple(hits), ". ".join(parts))


def _entry(hit: Hit, intent: Intent, exclude: str = "") -> str:
    """A row's label, with the cells the question asks for: 'Year 2004: Documents adopted: …'."""
    asked = [(h, v) for h, v in _asked_cells(hit, intent) if h != exclude and v != hit.chunk.row]
    fields = "; ".join(f"{header}: {value}" for header, value in asked)
    return f"{_label_with_year(hit)} ({fields})" if fields else _label_with_year(hit)


def _label_with_year(hit: Hit) -> str:
    header, label = hit.chunk.cells[0]
    return f"{header} {label}" if _YEAR.match(label) else label


# --- rows sharing a cell ---------------------------------------------------------------------


def row_groups(
    intent: Intent, hits: Sequence[Hit], pins: Sequence[frozenset[str]] = ()
) -> list[RowAnswer]:
    """The rows of one table that share a cell the question names, each group as one answer:
    "Which states joined at the Lumen Forum?" is answered by every retrieved row whose
    "Occasion" cell is that forum. A cell is named when the question holds at least
    GROUP_SHARE of its words, or a date or ordinal it pins down (`pins`)."""
    groups: dict[tuple[str, str, str], list[Hit]] = {}
    for hit in hits:
        if not hit.chunk.cells or hit.chunk.glossary:
            continue
        for header, cell in hit.chunk.cells[1:]:
            if _names_cell(intent, hit, cell, pins):
                rows = groups.setdefault((hit.chunk.section, header, cell), [])
                if all(row.chunk.id != hit.chunk.id for row in rows):
                    rows.append(hit)
    answers = []
    for (_, header, cell), rows in groups.items():
        if 2 <= len(rows) <= MAX_GROUP:
            members = sorted(rows, key=_place)
            labels = "; ".join(
                f"{_label_with_year(hit)} {{{number}}}" for number, hit in enumerate(members, 1)
            )
            answers.append(RowAnswer(tuple(members), f"{header}: {cell} — {labels}"))
    return answers


def _names_cell(intent: Intent, hit: Hit, cell: str, pins: Sequence[frozenset[str]]) -> bool:
    if _blank(cell):
        return False
    stems = content_stems(cell)
    if stems and len(stems & intent.stems) >= GROUP_SHARE * len(stems):
        return True
    return bool(pins) and pins_held(pins, mentions_in(hit.chunk, cell)) > 0


# --- a whole table --------------------------------------------------------------------------


def _whole_table(intent: Intent, rows: Sequence[Hit]) -> _Reading | None:
    """Every retrieved row of the table whose title the question names."""
    best_title, best_score = "", 0
    for hit in rows:
        title = hit.chunk.section.split(" › ")[-1]
        stems = content_stems(title)
        if stems and stems <= intent.stems and len(stems) > best_score:
            best_title, best_score = hit.chunk.section, len(stems)
    if not best_score:
        return None
    members = sorted((hit for hit in rows if hit.chunk.section == best_title), key=_place)
    entries = []
    for number, hit in enumerate(members, start=1):
        asked = _asked_cells(hit, intent)
        values = ", ".join(value for _, value in asked)
        entry = f"{_label_with_year(hit)}: {values}" if values else _label_with_year(hit)
        entries.append(f"{entry} {{{number}}}")
    columns = sorted({header for hit in members for header, _ in _asked_cells(hit, intent)})
    heading = best_title.split(" › ")[-1] + (f" ({', '.join(columns)})" if columns else "")
    return _Reading(best_score, RowAnswer(tuple(members), f"{heading}: " + "; ".join(entries)))


def unlisted_row(question: str, hits: Sequence[Hit]) -> str:
    """'no passage found lists a <header> called "<name>"' when the question names a row by its
    table's first header ("the lamp safety priority area" for a table whose rows are
    priority areas) and no row found of that table, nor any passage found, holds that name:
    a priority area that does not exist. '' otherwise. Only lower-case names are judged ("the
    Saltmarsh summit" names a place, not a row label)."""
    labels: dict[str, list[str]] = {}
    for hit in hits:
        if hit.chunk.cells:
            labels.setdefault(normalise(hit.chunk.cells[0][0]), []).append(hit.chunk.cells[0][1])
    for header, rows in labels.items():
        if len(rows) < MIN_ROWS_LISTED or not header:
            continue
        name = _named_before(question, header)
        if not name:
            continue
        wanted = content_stems(name)
        texts = " ".join(f"{h.chunk.section} {h.chunk.text}" for h in hits)
        if not wanted or contains_phrase(texts, name):
            continue
        if any(2 * _held(wanted, content_stems(label)) > len(wanted) for label in rows):
            continue
        return f'no passage found lists a {header} called "{name}"'
    return ""


def _held(wanted: set[str], label: set[str]) -> int:
    """How many of the wanted stems the label holds, misspelt or not."""
    known = sorted(label)
    return sum(1 for w in wanted if w in label or misspelt(w, known) is not None)


def _named_before(question: str, header: str) -> str:
    """The lower-case words right before the header in the question ("lamp safety" in
    "the lamp safety priority area"), or ''."""
    pattern = (
        rf"\b(?:the|a|an|its|their)\s+((?:[a-z][\w'’-]*\s+){{1,4}}?)(?i:{re.escape(header)})s?\b"
    )
    match = re.search(pattern, question)
    if match is None:
        return ""
    name = match.group(1).strip()
    # a name is content words alone: "the date of the first meeting" names no meeting
    plain = [w for w in name.split() if w not in STOPWORDS and ordinal_value(w) is None]
    if _PHRASE_END.search(name) or len(plain) < len(name.split()) or "'" in name or "’" in name:
        return ""
    return name
