"""Which chunks mention which values: the index a question's dates, ordinals, numbers and
names are looked up in, by what they stand for rather than how they are spelt.

A chunk mentioning 5 March 2024 is found by "date:2024-03-05", "date:2024-03" and
"date:2024"; one mentioning "the Ninth Assembly" by "ordinal:9"; one naming Astana by
"name:astana". Built by ingest from the chunks' mentions (cica_qa.reading), saved with each
index state, loaded whole by readers (a few keys a chunk).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from cica_qa.files import atomic_write
from cica_qa.normalize import stem
from cica_qa.types import Chunk, Mention
from cica_qa.values import question_keys, value_keys

NAME_KINDS = frozenset({"person", "org", "place"})
VALUE_KINDS = frozenset({"date", "ordinal", "number"})
# What a question pins down outright: a passage on another date, or about another "fifth
# meeting", answers another question. A number in a question usually counts the answer
# ("which two countries"): it does not rule passages out.
PIN_KINDS = frozenset({"date", "ordinal"})
# After these, an ordinal is a position in a list the answer is taken from ("the first item").
POSITIONS = frozenset("item items point points step steps entry entries element one".split())
_POSITION_STEMS = frozenset(stem(word) for word in POSITIONS)
COMMON_SHARE = 0.25  # a name in more than this share of the chunks is what they are about,
COMMON_LEAST = 10  # in a corpus of more chunks than this


def counts_a_position(counted: str) -> bool:
    """Whether an ordinal counts places in a list ("the first item"), by what it counts."""
    words = counted.split()
    return bool(words) and words[0] in _POSITION_STEMS


def pins_of(question: Iterable[Mention]) -> list[Mention]:
    """The question's dates and ordinals that pick out one thing (not "the first item")."""
    return [
        m
        for m in question
        if m.kind in PIN_KINDS and not (m.kind == "ordinal" and counts_a_position(m.of))
    ]


def mention_keys(mention: Mention) -> frozenset[str]:
    """The keys a passage holding this mention is found by."""
    if mention.kind in NAME_KINDS:
        return frozenset({f"name:{mention.value}"})
    return value_keys(mention.kind, mention.value, mention.of)


def asked_keys(mentions: Iterable[Mention], kinds: frozenset[str]) -> tuple[frozenset[str], ...]:
    """What a question's mentions of these kinds ask for: for each, the keys any of which a
    passage must hold to match it (a date at its own precision; an ordinal with what it
    counts, when the question says)."""
    asked: list[frozenset[str]] = []
    for mention in mentions:
        if mention.kind not in kinds:
            continue
        if mention.kind in NAME_KINDS:
            keys = frozenset({f"name:{mention.value}"})
        else:
            keys = question_keys(mention.kind, mention.value, mention.of)
        if keys and keys not in asked:
            asked.append(keys)
    return tuple(asked)


class MentionIndex:
    """Chunk ids by key."""

    def __init__(self, ids_by_key: dict[str, list[str]]) -> None:
        self._ids = ids_by_key
        self._common: dict[float, frozenset[str]] = {}

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> MentionIndex:
        """The index of these chunks' mentions."""
        ids: dict[str, set[str]] = {}
        for chunk in chunks:
            for mention in chunk.mentions:
                for key in mention_keys(mention):
                    ids.setdefault(key, set()).add(chunk.id)
        return cls({key: sorted(found) for key, found in sorted(ids.items())})

    def matches(self, asked: Iterable[Iterable[str]]) -> Counter[str]:
        """How many of the things asked (each a set of keys, any of which matches it) each
        chunk holds; chunks holding none are left out."""
        counts: Counter[str] = Counter()
        for keys in asked:
            counts.update({i for key in keys for i in self._ids.get(key, ())})
        return counts

    def common_names(self, share: float = COMMON_SHARE) -> frozenset[str]:
        """Names mentioned in more than `share` of the chunks that mention anything: what
        the corpus is about (its organisation, its seat), never what an answer names."""
        if share not in self._common:  # once per index state: it walks every key
            chunks = len({i for ids in self._ids.values() for i in ids})
            self._common[share] = frozenset(
                key.removeprefix("name:")
                for key, ids in self._ids.items()
                if key.startswith("name:") and len(ids) > max(share * chunks, COMMON_LEAST)
            )
        return self._common[share]

    def __len__(self) -> int:
        return len(self._ids)

    def save(self, path: Path) -> None:
        """Write the index as JSON, atomically."""
        atomic_write(path, json.dumps(self._ids, separators=(",", ":")))

    @classmethod
    def load(cls, path: Path) -> MentionIndex:
        """The saved index (an empty one for a state of no chunks, which saves none)."""
        if not path.exists():
            return cls({})
        return cls(json.loads(path.read_text(encoding="utf-8")))
