"""What ingest made of each document, kept beside the index so unchanged documents are not
read, parsed and chunked again: keyed by name, content hash and chunker.

A document's result depends only on its own bytes (its chunk ids hold its name; an edition's
original is named in its own front matter), so a cached result is exactly what parsing it
again would give. The cache is only an accelerator: a missing or damaged file is an empty
cache, and each ingest rewrites it atomically with the current documents only.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import TypeAdapter, ValidationError

from cica_qa.files import atomic_write
from cica_qa.types import Chunk

CACHE_FORMAT = "4"  # bump when what a result holds changes: older entries are then ignored


@dataclass(frozen=True)
class DocumentResult:
    """One document as ingest sees it: its chunks (as if indexed) and what else it declares."""

    name: str
    sha256: str
    chunks: tuple[Chunk, ...]
    edition_of: str = ""
    edition_of_sha256: str = ""
    glossary: bool = False
    glossary_rows: tuple[tuple[str, ...], ...] = ()  # a glossary's rows: names of one thing
    warnings: tuple[str, ...] = ()
    keyword_terms: tuple[str, ...] = ()  # what BM25 counts of each chunk (keyword_terms)


RESULT = TypeAdapter(DocumentResult)


def cache_key(name: str, sha256: str, chunker: str) -> str:
    """One document version under one chunker, in this cache format."""
    return f"{CACHE_FORMAT}\n{chunker}\n{name}\n{sha256}"


class ParseCache:
    """Document results by cache_key; load() it, get/put, then save() the ones in use."""

    def __init__(self, path: Path, chunker: str, entries: dict[str, Any] | None = None) -> None:
        self.path = path
        self.chunker = chunker
        self._entries = entries or {}
        self._used: dict[str, Any] = {}
        self.hits = 0

    @classmethod
    def load(cls, path: Path, chunker: str) -> ParseCache:
        """The saved cache, or an empty one when there is none or it cannot be read."""
        try:
            entries = json.loads(path.read_text(encoding="utf-8"))
            if not isinstance(entries, dict):
                entries = {}
        except (OSError, ValueError):
            entries = {}
        return cls(path, chunker, entries)

    def get(self, name: str, sha256: str) -> DocumentResult | None:
        """The cached result for this document version, if any."""
        key = cache_key(name, sha256, self.chunker)
        data = self._entries.get(key)
        if data is None:
            return None
        try:
            result = RESULT.validate_python(data)
        except ValidationError:
            return None
        if (result.name, result.sha256) != (name, sha256):
            return None
        self._used[key] = data
        self.hits += 1
        return result

    def put(self, result: DocumentResult) -> None:
        """Remember a freshly made result."""
        key = cache_key(result.name, result.sha256, self.chunker)
        self._used[key] = RESULT.dump_python(result, mode="json")

    def save(self) -> None:
        """Write the results used by this run, atomically (the others are dropped)."""
        # compact and ASCII: the fastest of json's encodings (10,000 chunks: 0.05 s, not 0.08)
        atomic_write(self.path, json.dumps(self._used, separators=(",", ":"), check_circular=False))
