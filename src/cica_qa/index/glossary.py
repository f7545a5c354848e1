"""Vocabulary staff use interchangeably (an acronym and its full name,
a country's old and new names).

The groups come from glossary documents in the corpus (front matter `glossary: true`, one
table row per group); ingest saves them beside the index and the assistant loads them.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cica_qa.normalize import contains_phrase, normalise

VOCABULARY_FILE = "vocabulary.json"
VARIANT_SEPARATOR = ";"


@dataclass(frozen=True)
class Glossary:
    """Groups of names that mean the same thing."""

    groups: tuple[tuple[str, ...], ...] = ()

    @classmethod
    def from_rows(cls, rows: Iterable[Sequence[str]]) -> Glossary:
        """One group per table row: every cell, each split on ';', empty cells dropped."""
        groups = []
        for cells in rows:
            names = [
                name.strip()
                for cell in cells
                for name in cell.split(VARIANT_SEPARATOR)
                if name.strip() and name.strip() != "—"
            ]
            unique = tuple(dict.fromkeys(names))
            if len(unique) > 1:
                groups.append(unique)
        return cls(tuple(groups))

    def expand(self, question: str) -> str:
        """The question followed by the other names of every term it uses."""
        extra: list[str] = []
        for group in self.groups:
            if any(contains_phrase(question, name) for name in group):
                extra += [n for n in group if not contains_phrase(question, n) and n not in extra]
        return f"{question} ({'; '.join(extra)})" if extra else question

    def names_in(self, text: str) -> list[str]:
        """The glossary names the text mentions, longest first."""
        found = {n for group in self.groups for n in group if contains_phrase(text, n)}
        return sorted(found, key=lambda n: (-len(n), n))

    def aliases(self, text: str) -> frozenset[str]:
        """Normalised variants of every name the text mentions (the mentioned ones included)."""
        return frozenset(normalise(n) for name in self.names_in(text) for n in self.group_of(name))

    def group_of(self, name: str) -> tuple[str, ...]:
        """Every name that means the same as this one (itself included)."""
        wanted = normalise(name)
        for group in self.groups:
            if any(normalise(n) == wanted for n in group):
                return group
        return (name,)

    def save(self, index_dir: Path) -> None:
        """Write atomically next to the index."""
        path = index_dir / VOCABULARY_FILE
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps([list(g) for g in self.groups], ensure_ascii=False))
        os.replace(temporary, path)

    @classmethod
    def load(cls, index_dir: Path) -> Glossary:
        """The saved groups, or an empty glossary when none was saved."""
        path = index_dir / VOCABULARY_FILE
        if not path.exists():
            return cls()
        return cls(tuple(tuple(g) for g in json.loads(path.read_text(encoding="utf-8"))))
