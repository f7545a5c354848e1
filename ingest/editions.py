"""The edition rule: a document with `edition_of` replaces that original in the index."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar


class Declares(Protocol):
    """What a document says about itself that the edition rule reads."""

    @property
    def name(self) -> str: ...

    @property
    def edition_of(self) -> str: ...

    @property
    def edition_of_sha256(self) -> str: ...


D = TypeVar("D", bound=Declares)


@dataclass(frozen=True)
class IndexedDocument(Generic[D]):
    """A document to index, and the original it stands in for (empty if none)."""

    document: D
    original: str = ""


def apply_editions(
    documents: Sequence[D], hashes: dict[str, str]
) -> tuple[list[IndexedDocument[D]], list[str]]:
    """Documents to index (originals with an edition left out) and review warnings.

    `hashes` maps every corpus file's name to the sha256 of its current bytes.
    """
    editions = {d.edition_of: d for d in documents if d.edition_of}
    warnings = [_review_warning(edition, hashes) for edition in editions.values()]
    indexed = [
        IndexedDocument(d, original=d.edition_of) for d in documents if d.name not in editions
    ]
    return indexed, [w for w in warnings if w]


def _review_warning(edition: Declares, hashes: dict[str, str]) -> str:
    original = edition.edition_of
    if original not in hashes:
        return f"{edition.name} is an edition of {original}, which is not in the corpus"
    if hashes[original] != edition.edition_of_sha256:
        return (
            f"{edition.name} needs review: {original} changed since the edition was made "
            f"(edition_of_sha256 {edition.edition_of_sha256[:12] or '(none)'}…, "
            f"now {hashes[original][:12]}…); update the edition, then its edition_of_sha256"
        )
    return ""
