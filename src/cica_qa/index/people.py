"""People the reader missed, found with what the whole corpus says (pure but for save/load).

spaCy's small pipeline misses many names of people it has not seen ("chaired by Ann Lee,
Chief Warden of …" gives no person) or glues them to what comes before ("… of Ruritania
Ann Lee" read as one organisation). Two things the corpus knows correct that:

- a name the pipeline reads as a person in one passage is a person in every passage;
- a "person" the reader reads more often as a place or organisation is that, and a
  "person" or "place" of one word the corpus also writes in lower case is a word, not a
  name;
- a run of name-like words (capitalised, never written in lower case anywhere in the
  corpus, no word of a place's name, no title, no possessive) is a person where the corpus writes
  people's names: right after a title ("Chief Warden Ann Lee", "Chief Warden of the Lumen
  Forum Ann Lee") or right before one ("Ann Lee, Chief Warden"). The titles are the words
  the corpus writes right before or after the people the pipeline does find.

Built by ingest over every chunk of an index state and saved with it: the names found, and
the mentions of each chunk that gains one (a person added; a place or organisation that
overlapped it dropped). Answering completes retrieved passages and questions with them.
Bump INDEX_FORMAT (index/layout.py) when what this finds changes: states are rebuilt.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path

from cica_qa.files import atomic_write
from cica_qa.reading import name_value
from cica_qa.types import Chunk, Hit, Mention, MentionKind

_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# the capital and small letters of the Latin, Greek and Cyrillic scripts, as regex classes
_LETTERS = range(0x530)
_UPPER = re.escape("".join(ch for ch in map(chr, _LETTERS) if ch.isupper()))
_LOWER = re.escape("".join(ch for ch in map(chr, _LETTERS) if ch.islower()))
_LOWER_WORD = re.compile(rf"(?<![\w'’-])[{_LOWER}][\w'’-]*")
# two or more capitalised words in a row, one space apart
_CAPITALISED_RUN = re.compile(rf"(?<![\w'’-])[{_UPPER}][\w'’-]*(?: [{_UPPER}][\w'’-]*)+")
_CONNECTORS = frozenset({"of", "for", "the", "and"})
_AFTER_NAME = re.compile(r",\s+(?:the\s+)?")
_REREAD = frozenset({"person", "place"})  # the kinds the corpus may read otherwise
NAME_WORDS = (2, 3)  # a person's name found by its context has two or three words
TITLE_REACH = 8  # words back from a name over which the title before it may run
TITLE_LEAST = 2  # times a word stands next to a person's name before it counts as a title


@dataclass(frozen=True)
class People:
    """The people's names the corpus holds and the chunks whose mentions they complete."""

    names: tuple[str, ...] = ()  # as written, longest first
    mentions: Mapping[str, tuple[Mention, ...]] = field(default_factory=dict)  # by chunk id

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> People:
        """What the chunks' own mentions and words say about the people in them."""
        clues = _Clues.of(chunks)
        completed: dict[str, tuple[Mention, ...]] = {}
        for chunk in chunks:
            found = clues.people_in(chunk)
            read = clues.reread_all(chunk.mentions)
            if found or read is not chunk.mentions:
                completed[chunk.id] = with_people(chunk.text, read, found)
        names = sorted(clues.known, key=lambda n: (-len(n), n))
        return cls(tuple(names), completed)

    def chunk(self, chunk: Chunk) -> Chunk:
        """The chunk with the people in it among its mentions."""
        mentions = self.mentions.get(chunk.id)
        return chunk if mentions is None else replace(chunk, mentions=mentions)

    def hit(self, hit: Hit) -> Hit:
        completed = self.chunk(hit.chunk)
        return hit if completed is hit.chunk else replace(hit, chunk=completed)

    def question(self, text: str, mentions: Sequence[Mention]) -> tuple[Mention, ...]:
        """A question's mentions with the people the corpus knows that it names."""
        found = [
            name
            for name in self.names
            if _occurrences(text, name)
            and not any(m.kind == "person" and name in m.text for m in mentions)
        ]
        return with_people(text, mentions, found) if found else tuple(mentions)

    def save(self, path: Path) -> None:
        data = {
            "names": list(self.names),
            "mentions": {
                chunk_id: [[m.kind, m.text, m.value, m.of] for m in mentions]
                for chunk_id, mentions in sorted(self.mentions.items())
            },
        }
        atomic_write(path, json.dumps(data, ensure_ascii=False, separators=(",", ":")))

    @classmethod
    def load(cls, path: Path) -> People:
        """The saved people (none for a state without the file: nothing completes)."""
        if not path.exists():
            return cls()
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            tuple(data["names"]),
            {
                chunk_id: tuple(Mention(k, t, v, o) for k, t, v, o in rows)
                for chunk_id, rows in data["mentions"].items()
            },
        )


def with_people(
    text: str, mentions: Iterable[Mention], names: Iterable[str]
) -> tuple[Mention, ...]:
    """The mentions with a person for each occurrence of the names not already read as one;
    a place or organisation overlapping a person's name is dropped (it was misread)."""
    placed = _placed(text, mentions)
    people = [
        (start, end)
        for name in names
        for start, end in _occurrences(text, name)
        if not any(m.kind == "person" and s < end and start < e for (s, e), m in placed.items())
    ]
    if not people:
        return tuple(m for _, m in sorted(placed.items(), key=lambda item: item[0]))
    kept = {
        span: m
        for span, m in placed.items()
        if not any(span[0] < end and start < span[1] for start, end in people)
    }
    for start, end in people:
        if not any(s < end and start < e for s, e in kept):
            kept[(start, end)] = Mention("person", text[start:end], name_value(text[start:end]))
    return tuple(m for _, m in sorted(kept.items(), key=lambda item: item[0]))


@dataclass(frozen=True)
class _Clues:
    """What the corpus says about names: the people the reader found, the words beside
    them (titles), and the words that are no part of a person's name."""

    known: frozenset[str]
    titles: frozenset[str]
    not_names: frozenset[str]  # places' words and titles
    lower: frozenset[str]  # words the corpus writes in lower case somewhere
    # names read as a person that are read more often as a place or organisation: which
    other_kind: Mapping[str, MentionKind] = field(default_factory=dict)
    judged: dict[str, bool] = field(default_factory=dict, compare=False)  # name words, seen

    @cached_property
    def _known(self) -> re.Pattern[str] | None:
        """The known names as one pattern, longest first."""
        if not self.known:
            return None
        names = "|".join(re.escape(n) for n in sorted(self.known, key=lambda n: (-len(n), n)))
        return re.compile(rf"(?<![\w'’-])(?:{names})(?![\w'’-])")

    @classmethod
    def of(cls, chunks: Sequence[Chunk]) -> _Clues:
        people: Counter[str] = Counter()
        others: Counter[str] = Counter()
        kinds: Counter[tuple[str, MentionKind]] = Counter()  # places and organisations
        places: Counter[str] = Counter()
        person_words: Counter[str] = Counter()
        beside: Counter[str] = Counter()
        lower: set[str] = set()
        nearby: dict[str, set[str]] = {}  # a person's name: the capitalised words beside it
        for chunk in chunks:
            text = chunk.text
            lower.update(_LOWER_WORD.findall(text))
            for (start, end), mention in _placed(text, chunk.mentions).items():
                words = _WORD.findall(mention.text)
                if mention.kind == "person":
                    people[mention.text] += 1
                    person_words.update(words)
                    near = _beside(text, start, end)
                    beside.update(near)
                    nearby.setdefault(mention.text, set()).update(near)
                elif mention.kind in ("place", "org"):
                    others[mention.text] += 1
                    kinds[(mention.text, mention.kind)] += 1
                    if mention.kind == "place":
                        places.update(words)
        titles = frozenset(
            w
            for w, n in beside.items()
            if n >= TITLE_LEAST and w not in person_words and w[1:].isalpha() and w[1:].islower()
        )
        not_names = {w for w in places if places[w] > person_words[w]}
        not_names |= titles
        known = frozenset(
            name
            for name, count in people.items()
            if count > others[name]
            and (count >= TITLE_LEAST or nearby[name] & titles)
            and _is_full_name(name)
            and not any(
                part.lower() in lower or part in not_names for part in re.split(r"[\s-]+", name)
            )
        )
        other_kind: dict[str, MentionKind] = {}
        for (name, kind), _ in sorted(kinds.items(), key=lambda item: -item[1]):
            if others[name] > people[name] and name not in other_kind:
                other_kind[name] = kind  # the kind it is read as most often
        return cls(known, titles, frozenset(not_names), frozenset(lower), other_kind)

    def reread_all(self, mentions: tuple[Mention, ...]) -> tuple[Mention, ...]:
        """The mentions as the corpus reads them (reread); the same tuple when none changes."""
        changed = False
        read: list[Mention] = []
        for mention in mentions:
            again = self.reread(mention) if mention.kind in _REREAD else mention
            changed = changed or again is not mention
            if again is not None:
                read.append(again)
        return tuple(read) if changed else mentions

    def reread(self, mention: Mention) -> Mention | None:
        """A mention as the corpus reads it: a person the reader reads more often elsewhere
        as a place or an organisation is that ("Saltmarsh took over"); a person or a
        place of one word the corpus also writes in lower case is a word, not a name (None):
        "Member States stand" read as a person "States", a table's label "Venue" or
        "Format" read as a place (a surname or a city is never in lower case)."""
        if mention.kind not in _REREAD or mention.text in self.known:
            return mention  # itself: People.build tells a mention read again by identity
        other = self.other_kind.get(mention.text) if mention.kind == "person" else None
        if other is not None:
            return replace(mention, kind=other)
        words = _WORD.findall(mention.text)
        return None if len(words) == 1 and words[0].lower() in self.lower else mention

    def people_in(self, chunk: Chunk) -> list[str]:
        """The people's names in the chunk its reading missed, as written."""
        text = chunk.text
        found = [m.group() for m in self._known.finditer(text)] if self._known else []
        # only runs of capitalised words can hold a name, and only beside a title: each run
        # of a chunk that writes a title is read word by word, with the words around it
        if not self.titles.isdisjoint(_WORD.findall(text)):
            for run in _CAPITALISED_RUN.finditer(text):
                found += self._titled_names(text, run.start(), run.end())
        return [n for n in dict.fromkeys(found) if not _read_as_person(chunk, n)]

    def _titled_names(self, text: str, start: int, end: int) -> list[str]:
        """Runs of two or three name-like words beside a title, in text[start:end] (a run of
        capitalised words, one space apart)."""
        words = []
        at = start
        for word in text[start:end].split(" "):  # each one word as _WORD reads it
            words.append((at, at + len(word), word))
            at += len(word) + 1
        found = []
        i = 0
        while i < len(words):
            run = i
            while run < len(words) and self._name_word(words[run][2]):
                run += 1
            if run - i in NAME_WORDS:
                before = _tokens_before(text, words[i][0], TITLE_REACH)
                after = _tokens(text, words[run - 1][1], len(text), TITLE_REACH)
                tokens = [*before, *words[i:run], *after]
                if self._titled(tokens, len(before), len(before) + run - i, text):
                    found.append(text[words[i][0] : words[run - 1][1]])
            i = max(run, i + 1)
        return found

    def _name_word(self, word: str) -> bool:
        if word not in self.judged:
            self.judged[word] = self._judged(word)
        return self.judged[word]

    def _judged(self, word: str) -> bool:
        return (
            word[0].isupper()
            and any(ch.islower() for ch in word[1:])
            and not word.endswith(("'s", "’s"))  # "Ruritania's Forum": a name's, not a name
            and not any(
                part in self.not_names or part.lower() in self.lower
                for part in (word, *word.split("-"))
            )
        )

    def _titled(self, tokens: list[tuple[int, int, str]], start: int, end: int, text: str) -> bool:
        """A title right before the name or right after it past a comma, across a run of
        capitalised words and 'of', 'for', 'the', 'and' ("Chief Warden of the Lantern
        Ann Lee", "Ann Lee, Deputy Chief Warden")."""
        after = _AFTER_NAME.match(text, tokens[end - 1][1])
        following = range(end, min(len(tokens), end + TITLE_REACH))
        if (
            after
            and end < len(tokens)
            and tokens[end][0] == after.end()
            and self._title_in(tokens, following, text, None)
        ):
            return True
        before = range(start - 1, max(-1, start - 1 - TITLE_REACH), -1)
        return self._title_in(tokens, before, text, start)

    def _title_in(
        self, tokens: list[tuple[int, int, str]], order: range, text: str, previous: int | None
    ) -> bool:
        """A title among the tokens in this order, before the run of capitalised words and
        connectors they start (each next to the one before it, from `previous`) breaks."""
        for j in order:
            if previous is not None:
                first, second = sorted((previous, j))
                if text[tokens[first][1] : tokens[second][0]] not in (" ", "-"):
                    return False
            word = tokens[j][2]
            if word in self.titles:
                return True
            if not (word[0].isupper() or word in _CONNECTORS):
                return False
            previous = j
        return False


def _tokens(text: str, start: int, end: int, most: int | None = None) -> list[tuple[int, int, str]]:
    """The words of text[start:end] (at most `most`), with where each starts and ends."""
    found = []
    for match in _WORD.finditer(text, start, end):
        if most is not None and len(found) == most:
            break
        found.append((match.start(), match.end(), match.group()))
    return found


def _tokens_before(text: str, end: int, count: int) -> list[tuple[int, int, str]]:
    """The last `count` words before `end` (fewer at the start of the text)."""
    reach = 16 * count
    while True:
        start = max(0, end - reach)
        words = _tokens(text, start, end)
        if start and words and words[0][0] == start:
            words = words[1:]  # the window may start inside a word
        if len(words) >= count or not start:
            return words[-count:] if count else []
        reach *= 2


def _placed(text: str, mentions: Iterable[Mention]) -> dict[tuple[int, int], Mention]:
    """Where in the text each mention is (they come in order of appearance); a mention not
    found is left out."""
    placed: dict[tuple[int, int], Mention] = {}
    at = 0
    for mention in mentions:
        start = text.find(mention.text, at)
        if start < 0:
            start = text.find(mention.text)
        if start < 0:
            continue
        placed[(start, start + len(mention.text))] = mention
        at = start + 1
    return placed


def _beside(text: str, start: int, end: int) -> list[str]:
    """The capitalised words right before a name and right after it past a comma."""
    found = []
    before = list(_WORD.finditer(text, 0, start))
    if before and text[before[-1].end() : start] in (" ", "-") and before[-1].group()[0].isupper():
        found.append(before[-1].group())
    after = _AFTER_NAME.match(text, end)
    if after:
        word = _WORD.match(text, after.end())
        if word and word.group()[0].isupper():
            found.append(word.group())
    return found


def _occurrences(text: str, name: str) -> list[tuple[int, int]]:
    """Where the name stands as whole words."""
    if name not in text:
        return []
    pattern = re.compile(rf"(?<![\w'’-]){re.escape(name)}(?![\w'’-])")
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def _is_full_name(name: str) -> bool:
    """Two to four capitalised words and nothing else ("the Deputy" or "Ann" is none)."""
    words = name.split()
    return 2 <= len(words) <= 4 and all(
        _WORD.fullmatch(w) and w[0].isupper() and any(ch.islower() for ch in w[1:]) for w in words
    )


def _read_as_person(chunk: Chunk, name: str) -> bool:
    """Every occurrence of the name is inside a person the reading found already."""
    placed = _placed(chunk.text, chunk.mentions)
    return all(
        any(m.kind == "person" and s <= start and end <= e for (s, e), m in placed.items())
        for start, end in _occurrences(chunk.text, name)
    )
