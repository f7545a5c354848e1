"""What an ingest will change: documents added, changed, removed, unchanged (pure)."""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass

from cica_qa.index.manifest import Manifest


@dataclass(frozen=True)
class ChangePlan:
    """Corpus files by what happened to them since the last ingest, and the chunk work."""

    added: tuple[str, ...]
    changed: tuple[str, ...]
    removed: tuple[str, ...]
    unchanged: tuple[str, ...]
    to_embed: int  # chunks the index does not have yet, and has no vector for their text
    to_remove: int  # chunks the index has that the corpus no longer makes
    to_reuse: int = 0  # chunks the index does not have, whose text it has a vector for

    def line(self) -> str:
        """One line for a terminal."""
        return (
            f"{len(self.added)} added, {len(self.changed)} changed, {len(self.removed)} removed, "
            f"{len(self.unchanged)} unchanged documents; {self.to_embed} chunks to embed, "
            f"{self.to_reuse} to reuse, {self.to_remove} to remove"
        )


def plan_changes(
    previous: Manifest | None,
    hashes: Mapping[str, str],
    wanted: Collection[str],
    present: Collection[str],
    reused: int = 0,
) -> ChangePlan:
    """Compare the corpus now (file hashes, chunk ids it makes) with the last ingest.

    `reused` of the chunks the index lacks take the vector of a passage with the same text.
    """
    before = previous.hashes if previous is not None else {}
    return ChangePlan(
        added=tuple(sorted(n for n in hashes if n not in before)),
        changed=tuple(sorted(n for n in hashes if n in before and before[n] != hashes[n])),
        removed=tuple(sorted(n for n in before if n not in hashes)),
        unchanged=tuple(sorted(n for n in hashes if before.get(n) == hashes[n])),
        to_embed=len(set(wanted) - set(present)) - reused,
        to_remove=len(set(present) - set(wanted)),
        to_reuse=reused,
    )
