"""The index's current state: what it was built from, and which chunks, collection and keyword
index readers use.

Writing the manifest is the one step that switches readers from the old state to the new one:
an ingest adds chunks first, writes the manifest (an atomic rename), and only then deletes
what the new state no longer uses. A reader answers only from the chunks its manifest lists.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from cica_qa.files import atomic_write
from cica_qa.index.layout import INDEX_FORMAT
from cica_qa.types import UNDATED, DocumentDate, FileStamp


@dataclass(frozen=True)
class DocumentEntry:
    """One corpus file: the sha256 of its bytes, the ids of the chunks it made, when it was
    written (and by which rule that was found), what it supersedes, when this version of
    it was first ingested, and its size and modification time when read (0: not recorded,
    it is read again next time)."""

    sha256: str
    chunk_ids: tuple[str, ...] = ()
    date: DocumentDate = UNDATED
    supersedes: tuple[str, ...] = ()
    ingested_at: str = ""
    size: int = 0
    mtime_ns: int = 0


@dataclass(frozen=True)
class DocumentFacts:
    """What ingest found a document says of itself, for its manifest entry."""

    date: DocumentDate = UNDATED
    supersedes: tuple[str, ...] = ()


@dataclass(frozen=True)
class Manifest:
    """The recorded state of a finished ingest."""

    model_id: str
    chunker: str
    documents: Mapping[str, DocumentEntry]  # by document name, in name order
    ingested_at: str
    collection: str = ""  # the Chroma collection holding the chunks
    generation: str = ""  # folder under generations/ with the keyword index and glossary
    store: str = ""  # which store holds the vectors (StoreBackend.identity)
    format: str = ""  # layout.INDEX_FORMAT of the version that wrote it
    dated: bool = False  # written by a version that dates documents: older ones lack dates
    # table facts documents give differently, newest first ("Member States › Number: 28
    # (a.md, 2 July 2025); 24 (b.html, 12 September 2012)"): ingest/disagreements.py
    disagreements: tuple[str, ...] = ()

    @functools.cached_property
    def chunk_ids(self) -> tuple[str, ...]:
        """Every chunk id of the state, sorted (worked out once: 100k ids take a while)."""
        return tuple(sorted({i for entry in self.documents.values() for i in entry.chunk_ids}))

    @functools.cached_property
    def dates(self) -> dict[str, DocumentDate]:
        """Each document's date, by name (undated ones too)."""
        return {name: entry.date for name, entry in self.documents.items()}

    @functools.cached_property
    def live(self) -> frozenset[str]:
        """The chunk ids readers may answer from."""
        return frozenset(self.chunk_ids)

    @property
    def hashes(self) -> dict[str, str]:
        """Each document's sha256, by name."""
        return {name: entry.sha256 for name, entry in self.documents.items()}

    @property
    def stamps(self) -> dict[str, FileStamp]:
        """What each document's file was when read (size, time, sha256), where recorded: a
        file that still matches is not read again (ingest/load.py)."""
        return {
            name: FileStamp(entry.size, entry.mtime_ns, entry.sha256)
            for name, entry in self.documents.items()
            if entry.mtime_ns
        }

    def chunks_of(self, document: str) -> tuple[str, ...]:
        """The chunk ids one document made (none for an original its edition replaces)."""
        entry = self.documents.get(document)
        return entry.chunk_ids if entry else ()

    def is_stale(
        self, hashes: Mapping[str, str], model_id: str, chunker: str, store: str | None = None
    ) -> bool:
        """True when built from other files, model, chunker or store (None: not compared),
        or by a version that stores the index in another format."""
        return (
            self.format != INDEX_FORMAT
            or not self.dated
            or not self.collection
            or not self.generation
            or self.model_id != model_id
            or self.chunker != chunker
            or self.hashes != dict(hashes)
            or (store is not None and self.store != store)
        )


def new_manifest(
    chunks: Mapping[str, tuple[str, ...]],
    hashes: Mapping[str, str],
    facts: Mapping[str, DocumentFacts] | None = None,
    previous: Manifest | None = None,
    disagreements: tuple[str, ...] = (),
    stamps: Mapping[str, FileStamp] | None = None,
    **fields: str,
) -> Manifest:
    """A manifest listing each document's hash, chunk ids (sorted), date, what it supersedes
    and its file's stamp (where `stamps` has one for those bytes), documents by name. A
    document whose bytes the `previous` manifest lists keeps the time that version was
    first ingested; the others get `ingested_at`'s."""
    facts = facts or {}
    now = fields.get("ingested_at", "")
    documents = {}
    for name in sorted(hashes):
        found = facts.get(name, DocumentFacts())
        before = previous.documents.get(name) if previous is not None else None
        same = before is not None and before.sha256 == hashes[name] and before.ingested_at
        stamp = (stamps or {}).get(name)
        if stamp is not None and stamp.sha256 != hashes[name]:
            stamp = None
        documents[name] = DocumentEntry(
            hashes[name],
            tuple(sorted(chunks.get(name, ()))),
            found.date,
            found.supersedes,
            before.ingested_at if same and before is not None else now,
            stamp.size if stamp is not None else 0,
            stamp.mtime_ns if stamp is not None else 0,
        )
    return Manifest(
        documents=documents,
        format=INDEX_FORMAT,
        dated=True,
        disagreements=disagreements,
        **fields,
    )


_ADAPTER = TypeAdapter(Manifest)


def read_manifest(path: Path) -> Manifest | None:
    """The manifest in the file, or None when there is none or it cannot be read."""
    try:
        return _ADAPTER.validate_json(path.read_bytes())
    except (OSError, ValidationError):
        return None


def write_manifest(path: Path, manifest: Manifest) -> None:
    """Write atomically: a crash leaves the old manifest or the new one, never half of one."""
    atomic_write(path, _ADAPTER.dump_json(manifest, indent=1))


def manifest_stamp(path: Path) -> int:
    """When the manifest was last replaced (ns), 0 if never: a cheap test for a new state."""
    try:
        return path.stat().st_mtime_ns
    except FileNotFoundError:
        return 0
