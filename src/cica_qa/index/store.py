"""Where chunk vectors live, as two small protocols: a backend holding named collections, and
a collection of chunks with their vectors. Chroma implements both (index/chroma.py); tests
use an in-memory one through the same protocols."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from functools import lru_cache
from typing import Protocol

from pydantic import TypeAdapter

from cica_qa.types import Chunk, Hit

# A chunk's stored record: the chunk as JSON (a change of it bumps layout.INDEX_FORMAT).
CHUNK_RECORD = TypeAdapter(Chunk)
RECORDS_KEPT = 2048  # chunks kept parsed by their record (about 10 MB at most)


class VectorStore(Protocol):
    """Chunks and their L2-normalised vectors in one collection, compared by cosine."""

    name: str

    def count(self) -> int:
        """Number of chunks."""
        ...

    def ids(self) -> set[str]:
        """Ids of every chunk."""
        ...

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, list[float]]]:
        """Text and vector of each chunk with one of these ids (absent ids are left out)."""
        ...

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Write chunks with their vectors; an existing id is replaced, never duplicated."""
        ...

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        ...

    def scored(self, ids: Sequence[str], embedding: Sequence[float]) -> list[Hit]:
        """The chunks with these ids, scored by cosine similarity to a normalised vector."""
        ...

    def query(
        self, embedding: Sequence[float], top_k: int, live: Collection[str] | None = None
    ) -> list[Hit]:
        """The top_k chunks nearest to a normalised vector, best first; with `live`, only
        chunks with those ids count (the index's current state)."""
        ...


class StoreBackend(Protocol):
    """Where the collections live: an embedded folder, a server, or memory."""

    @property
    def identity(self) -> str:
        """Which store an index was built for, wherever its folder is moved or copied."""
        ...

    def describe(self) -> str:
        """Where the vectors live, for messages and the About panel."""
        ...

    def check(self) -> None:
        """Raise StoreUnreachableError when the store does not answer."""
        ...

    def open(self, collection: str, *, create: bool) -> VectorStore:
        """A collection; with create=False a missing one is an IndexMissingError."""
        ...

    def names(self) -> list[str]:
        """Names of every collection, sorted."""
        ...

    def drop(self, collection: str) -> None:
        """Delete the collection if it exists."""
        ...

    def refresh(self) -> None:
        """See other processes' writes on the next open (an embedded store caches state)."""
        ...


def chunk_record(chunk: Chunk) -> str:
    """The JSON a chunk is stored as."""
    return CHUNK_RECORD.dump_json(chunk).decode()


@lru_cache(maxsize=RECORDS_KEPT)
def chunk_from_record(record: str | bytes) -> Chunk:
    """The chunk a record holds (pydantic's ValidationError when it is of another format).
    Chunks are immutable and a record is the whole of one, so the last RECORDS_KEPT read
    are kept: every question reads its passages again."""
    return CHUNK_RECORD.validate_json(record)
