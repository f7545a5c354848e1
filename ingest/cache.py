"""What ingest made of each document, kept beside the index so unchanged documents are not
read, parsed and chunked again: keyed by name, content hash and chunker.

A document's result depends only on its own bytes (its chunk ids hold its name; an edition's
original is named in its own front matter), so a cached result is exactly what parsing it
again would give. The cache is only an accelerator: a missing or damaged file is an empty
cache. It is an SQLite file with one row per document version, so a re-ingest reads the
rows it needs and writes only what changed (new results in, results no document uses out),
in one transaction; rewriting it whole cost a 1% re-ingest of 5,000 documents 0.23 s.
"""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from cica_qa.types import UNDATED, Chunk, DocumentDate

CACHE_FORMAT = "6"  # bump when what a result holds changes: older entries are then ignored


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
    spans: tuple[tuple[str, ...], ...] = ()  # each chunk's texts to embed (texts_to_embed)
    date: DocumentDate = UNDATED  # when it was written (ingest/dating.py)
    supersedes: tuple[str, ...] = ()  # corpus files whose facts it replaces


RESULT = TypeAdapter(DocumentResult)


def cache_key(name: str, sha256: str, chunker: str) -> str:
    """One document version under one chunker, in this cache format."""
    return f"{CACHE_FORMAT}\n{chunker}\n{name}\n{sha256}"


_SELECT = "SELECT data FROM results WHERE key = ?"


class ParseCache:
    """Document results by cache_key; load() it, get/put, then save() the ones in use."""

    def __init__(self, path: Path, chunker: str) -> None:
        self.path = path
        self.chunker = chunker
        self._used: set[str] = set()
        self._new: dict[str, str] = {}
        self._reading: sqlite3.Connection | None = None
        self._unreadable = False
        self.hits = 0

    @classmethod
    def load(cls, path: Path, chunker: str) -> ParseCache:
        """The saved cache (read as results are asked for), or an empty one when there is
        none or it cannot be read."""
        return cls(path, chunker)

    def get(self, name: str, sha256: str) -> DocumentResult | None:
        """The cached result for this document version, if any."""
        key = cache_key(name, sha256, self.chunker)
        data = self._read(key)
        if data is None:
            return None
        try:  # parsed and checked in one step: json.loads first costs half as much again
            result = RESULT.validate_json(data)
        except ValidationError:  # a damaged row, or one of another shape: parse it again
            return None
        if (result.name, result.sha256) != (name, sha256):
            return None
        self._used.add(key)
        self.hits += 1
        return result

    def put(self, result: DocumentResult) -> None:
        """Remember a freshly made result."""
        key = cache_key(result.name, result.sha256, self.chunker)
        self._new[key] = json.dumps(RESULT.dump_python(result, mode="json"), separators=(",", ":"))

    def save(self) -> None:
        """Keep the results used by this run, in one transaction: the new ones written, the
        ones no document of this run used dropped. A damaged file is replaced."""
        if self._reading is not None:
            self._reading.close()
            self._reading = None
        try:
            self._write()
        except sqlite3.DatabaseError:
            self.path.unlink(missing_ok=True)
            self._write()

    def _read(self, key: str) -> str | None:
        """The stored JSON of one result, or None."""
        if self._unreadable:
            return None
        try:
            if self._reading is None:  # opened once: a stat per document costs 60 µs here
                uri = f"{self.path.absolute().as_uri()}?mode=ro"
                self._reading = sqlite3.connect(uri, uri=True)
            found = self._reading.execute(_SELECT, (key,)).fetchone()
        except sqlite3.Error:  # no cache yet, or a damaged one: parse everything
            self._unreadable = True
            return None
        return found[0] if found and isinstance(found[0], str) else None

    def _write(self) -> None:
        with closing(self._connect()) as db, db:
            db.execute("CREATE TEMP TABLE kept (key TEXT PRIMARY KEY)")
            kept = ((key,) for key in self._used | set(self._new))
            db.executemany("INSERT INTO kept VALUES (?)", kept)
            db.execute("DELETE FROM results WHERE key NOT IN (SELECT key FROM kept)")
            db.executemany("INSERT OR REPLACE INTO results VALUES (?, ?)", self._new.items())

    def _connect(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path)
        db.execute("CREATE TABLE IF NOT EXISTS results (key TEXT PRIMARY KEY, data TEXT NOT NULL)")
        return db
