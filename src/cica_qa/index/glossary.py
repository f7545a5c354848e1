"""Vocabulary staff use interchangeably (an acronym and its full name,
a country's old and new names).

The groups come from glossary documents in the corpus (front matter `glossary: true`, one
table row per group); ingest saves them beside the index and the assistant loads them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter

from cica_qa.files import atomic_write
from cica_qa.normalize import contains_phrase, normalise

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

    def save(self, path: Path) -> None:
        """Write the groups to a file (JSON), atomically."""
        atomic_write(path, _ADAPTER.dump_json(self))

    @classmethod
    def load(cls, path: Path) -> Glossary:
        """The saved groups, or an empty glossary when none was saved."""
        if not path.exists():
            return cls()
        return _ADAPTER.validate_json(path.read_bytes())


_ADAPTER = TypeAdapter(Glossary)
