"""Which chunks mention which values: the index a question's dates, ordinals, numbers and
names are looked up in, by what they stand for rather than how they are spelt.

A chunk mentioning 5 March 2024 is found by "date:2024-03-05", "date:2024-03" and
"date:2024"; one mentioning "the Sixth Summit" by "ordinal:6"; one naming Astana by
"name:astana". Built by ingest from the chunks' mentions (cica_qa.reading), saved with each
index state, loaded whole by readers (a few keys a chunk).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path

from cica_qa.files import atomic_write
from cica_qa.types import Chunk, Mention
from cica_qa.values import question_keys, value_keys

NAME_KINDS = frozenset({"person", "org", "place"})
VALUE_KINDS = frozenset({"date", "ordinal", "number"})


def mention_keys(mention: Mention) -> frozenset[str]:
    """The keys a passage holding this mention is found by."""
    if mention.kind in NAME_KINDS:
        return frozenset({f"name:{mention.value}"})
    return value_keys(mention.kind, mention.value)


def asked_keys(mentions: Iterable[Mention], kinds: frozenset[str]) -> frozenset[str]:
    """The keys a question's mentions of these kinds ask for, each at its own precision."""
    keys: set[str] = set()
    for mention in mentions:
        if mention.kind not in kinds:
            continue
        if mention.kind in NAME_KINDS:
            keys.add(f"name:{mention.value}")
        else:
            keys |= question_keys(mention.kind, mention.value)
    return frozenset(keys)


class MentionIndex:
    """Chunk ids by key."""

    def __init__(self, ids_by_key: dict[str, list[str]]) -> None:
        self._ids = ids_by_key

    @classmethod
    def build(cls, chunks: Sequence[Chunk]) -> MentionIndex:
        """The index of these chunks' mentions."""
        ids: dict[str, set[str]] = {}
        for chunk in chunks:
            for mention in chunk.mentions:
                for key in mention_keys(mention):
                    ids.setdefault(key, set()).add(chunk.id)
        return cls({key: sorted(found) for key, found in sorted(ids.items())})

    def matches(self, keys: Iterable[str]) -> Counter[str]:
        """How many of the keys each chunk matches (chunks matching none are left out)."""
        counts: Counter[str] = Counter()
        for key in keys:
            counts.update(self._ids.get(key, ()))
        return counts

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
