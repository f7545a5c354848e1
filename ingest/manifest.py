"""What the index was built from: per document its hash and chunk ids, plus model and chunker."""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class Manifest:
    """The recorded state of a finished ingest."""

    model_id: str
    chunker: str
    documents: Mapping[str, str]  # document name -> sha256 of its bytes
    chunk_ids: tuple[str, ...]
    ingested_at: str

    def to_json(self) -> dict[str, object]:
        """Plain data for the manifest file."""
        return {
            "model_id": self.model_id,
            "chunker": self.chunker,
            "documents": dict(sorted(self.documents.items())),
            "chunk_ids": sorted(self.chunk_ids),
            "ingested_at": self.ingested_at,
        }


def read_manifest(index_dir: Path) -> Manifest | None:
    """The manifest of the index at index_dir, or None when there is none (or it is unreadable)."""
    path = index_dir / MANIFEST_NAME
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Manifest(
            model_id=str(data["model_id"]),
            chunker=str(data["chunker"]),
            documents={str(k): str(v) for k, v in data["documents"].items()},
            chunk_ids=tuple(str(i) for i in data["chunk_ids"]),
            ingested_at=str(data["ingested_at"]),
        )
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_manifest(index_dir: Path, manifest: Manifest) -> None:
    """Write atomically: a crash leaves the old manifest or the new one, never half of one."""
    path = index_dir / MANIFEST_NAME
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(manifest.to_json(), indent=1), encoding="utf-8")
    os.replace(temporary, path)


def is_stale(
    manifest: Manifest | None, hashes: Mapping[str, str], model_id: str, chunker: str
) -> bool:
    """True when the index is missing or was built from other files, model or chunker.

    `hashes` maps each corpus file's name to the sha256 of its bytes.
    """
    if manifest is None:
        return True
    return (
        manifest.model_id != model_id
        or manifest.chunker != chunker
        or dict(manifest.documents) != dict(hashes)
    )
