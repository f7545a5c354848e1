"""The index's current state: what it was built from, and which chunks, collection and keyword
index readers use.

Writing the manifest is the one step that switches readers from the old state to the new one:
an ingest adds chunks first, writes the manifest (an atomic rename), and only then deletes
what the new state no longer uses. A reader answers only from the chunks its manifest lists.
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"
GENERATIONS_DIR = "generations"


@dataclass(frozen=True)
class Manifest:
    """The recorded state of a finished ingest."""

    model_id: str
    chunker: str
    documents: Mapping[str, str]  # document name -> sha256 of its bytes
    chunks: Mapping[str, tuple[str, ...]]  # document name -> ids of the chunks it made
    ingested_at: str
    collection: str = ""  # the Chroma collection holding the chunks
    generation: str = ""  # folder under generations/ with the keyword index and glossary
    store: str = ""  # which store holds the vectors (ChromaTarget.identity)

    @functools.cached_property
    def chunk_ids(self) -> tuple[str, ...]:
        """Every chunk id of the state, sorted (worked out once: 100k ids take a while)."""
        return tuple(sorted({i for ids in self.chunks.values() for i in ids}))

    @functools.cached_property
    def live(self) -> frozenset[str]:
        """The chunk ids readers may answer from."""
        return frozenset(self.chunk_ids)

    def to_json(self) -> dict[str, object]:
        """Plain data for the manifest file."""
        return {
            "model_id": self.model_id,
            "chunker": self.chunker,
            "documents": {
                name: {"sha256": sha, "chunk_ids": sorted(self.chunks.get(name, ()))}
                for name, sha in sorted(self.documents.items())
            },
            "ingested_at": self.ingested_at,
            "collection": self.collection,
            "generation": self.generation,
            "store": self.store,
        }


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest of the index at index_dir, or None when there is none (or it is unreadable)."""
    path = index_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            model_id=str(data["model_id"]),
            chunker=str(data["chunker"]),
            documents={str(k): str(v["sha256"]) for k, v in data["documents"].items()},
            chunks={
                str(k): tuple(str(i) for i in v["chunk_ids"]) for k, v in data["documents"].items()
            },
            ingested_at=str(data["ingested_at"]),
            collection=str(data.get("collection", "")),
            generation=str(data.get("generation", "")),
            store=str(data.get("store", "")),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write atomically: a crash leaves the old manifest or the new one, never half of one."""
    path = index_dir / MANIFEST_NAME
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(manifest.to_json(), indent=1), encoding="utf-8")
    os.replace(temporary, path)


def manifest_stamp(index_dir: Path) -> int:
    """When the manifest was last replaced (ns), 0 if never: a cheap test for a new state."""
    try:
        return (index_dir / MANIFEST_NAME).stat().st_mtime_ns
    except FileNotFoundError:
        return 0


def generation_dir(index_dir: Path, generation: str) -> Path:
    """The folder holding one state's keyword index and glossary."""
    return index_dir / GENERATIONS_DIR / generation


def is_stale(
    manifest: Manifest | None,
    hashes: Mapping[str, str],
    model_id: str,
    chunker: str,
    store: str | None = None,
) -> bool:
    """True when the index is missing or was built from other files, model, chunker or store.

    `hashes` maps each corpus file's name to the sha256 of its bytes; `store` is where the
    vectors should live (None: not compared).
    """
    if manifest is None or not manifest.collection or not manifest.generation:
        return True
    return (
        manifest.model_id != model_id
        or manifest.chunker != chunker
        or dict(manifest.documents) != dict(hashes)
        or (store is not None and manifest.store != store)
    )
