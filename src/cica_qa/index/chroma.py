"""Chroma, embedded in the index folder or a `chroma run` server: the only module that
imports chromadb (an import-linter contract keeps it so)."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from cica_qa.errors import IndexMissingError, StoreDamagedError, StoreUnreachableError
from cica_qa.index.store import chunk_from_record, chunk_record
from cica_qa.types import Chunk, Hit

FETCH_BATCH = 1000  # ids per get, upsert or delete call (a server request must stay small)
RECORD_KEY = "chunk"  # the one metadata field: the chunk as JSON


@dataclass(frozen=True)
class ChromaBackend:
    """Where the vectors live: the embedded index folder, or a `chroma run` server."""

    index_dir: Path
    host: str = ""  # set: a Chroma server (CICA_CHROMA_HOST); empty: embedded in index_dir
    port: int = 8000

    @property
    def is_server(self) -> bool:
        """True when the vectors live on a Chroma server."""
        return bool(self.host)

    @property
    def identity(self) -> str:
        """Which store an index was built for, wherever its folder is moved or copied."""
        return f"server {self.host}:{self.port}" if self.is_server else "embedded"

    def describe(self) -> str:
        """Where the vectors live, for messages and the About panel."""
        if self.is_server:
            return f"Chroma server at {self.host}:{self.port}"
        return f"embedded Chroma index at {self.index_dir}"

    def unreachable(self) -> StoreUnreachableError:
        """The error for a server that does not answer, naming it and the fix."""
        return StoreUnreachableError(
            f"cannot reach the Chroma server at {self.host}:{self.port} (CICA_CHROMA_HOST/"
            f"CICA_CHROMA_PORT): start it with `chroma run --path DIR --host {self.host} "
            f"--port {self.port}`, or unset CICA_CHROMA_HOST to use the embedded index"
        )

    def check(self) -> None:
        """Raise StoreUnreachableError when a server does not answer (embedded: nothing)."""
        if self.is_server:
            self.client()

    def client(self) -> Any:
        """A chromadb client; a server that does not answer is a StoreUnreachableError."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        settings = ChromaSettings(anonymized_telemetry=False)
        if not self.is_server:
            self.index_dir.mkdir(parents=True, exist_ok=True)
            return chromadb.PersistentClient(path=str(self.index_dir), settings=settings)
        try:
            client = chromadb.HttpClient(host=self.host, port=self.port, settings=settings)
            client.heartbeat()
        except Exception as error:  # httpx, ValueError or chromadb errors by version
            raise self.unreachable() from error
        return client

    def open(self, collection: str, *, create: bool) -> ChromaCollection:
        """A collection; with create=False a missing one is an IndexMissingError."""
        if not create and not self.is_server and not self.index_dir.is_dir():
            raise IndexMissingError(
                f"no index at {self.index_dir}: run `cica-qa ingest` (or `make run`) first"
            )
        client = self.client()
        if create:
            created = client.get_or_create_collection(
                collection, metadata={"hnsw:space": "cosine"}, embedding_function=None
            )
            return ChromaCollection(created, self)
        try:
            return ChromaCollection(
                client.get_collection(collection, embedding_function=None), self
            )
        except Exception as error:  # chromadb raises NotFoundError or ValueError by version
            self._raise_if_unreachable(error)
            raise IndexMissingError(
                f"the {self.describe()} has no collection {collection!r}: "
                "run `cica-qa ingest` first"
            ) from error

    def names(self) -> list[str]:
        """Names of every collection."""
        if not self.is_server and not self.index_dir.is_dir():
            return []
        return sorted(_name(c) for c in self.client().list_collections())

    def drop(self, collection: str) -> None:
        """Delete the collection if it exists."""
        client = self.client()
        if collection in {_name(c) for c in client.list_collections()}:
            client.delete_collection(collection)

    def refresh(self) -> None:
        """Forget this process's cached embedded clients, so the next one reads the files anew.

        An embedded client keeps its vector index in memory and does not see another
        process's writes; a server always answers from its current state. Collections already
        open keep the state they were opened on. chromadb 1.5.9 has no per-folder way to do
        this; clear_system_cache() is its public one for all folders of this process
        (tests/index/test_chroma.py checks that it shows another process's writes).
        """
        if not self.is_server:
            from chromadb.api.shared_system_client import SharedSystemClient

            SharedSystemClient.clear_system_cache()

    def _raise_if_unreachable(self, error: Exception) -> None:
        """Turn a failure into StoreUnreachableError when the server no longer answers."""
        if self.is_server:
            try:
                self.client()
            except StoreUnreachableError as unreachable:
                raise unreachable from error


class ChromaCollection:
    """Chunks and their vectors in one Chroma collection (cosine space).

    Each chunk is a vector plus one metadata string holding the chunk as JSON. Chroma
    indexes a record's document field for full-text search, which this project never uses
    (BM25 is the keyword index), and that doubled the cost of every write (measured: 6,000
    chunks written in 5.4 s as document and metadata fields, 2.8 s as one metadata string),
    so the text travels in the record instead of the document field.
    """

    def __init__(self, collection: Any, backend: ChromaBackend) -> None:
        self._collection = collection
        self._backend = backend
        self.name = str(getattr(collection, "name", ""))

    def count(self) -> int:
        """Number of chunks in the index."""
        with self._guard():
            return self._collection.count()

    def ids(self) -> set[str]:
        """Ids of every chunk in the index."""
        with self._guard():
            return set(self._collection.get(include=[])["ids"])

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, list[float]]]:
        """Text and vector of each chunk with one of these ids (absent ids are left out)."""
        return {
            chunk.id: (chunk.text, [float(v) for v in vector])
            for chunk, vector in self._records(ids)
        }

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Write chunks with their vectors; an existing id is replaced, never duplicated."""
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        with self._guard():
            for start in range(0, len(chunks), FETCH_BATCH):
                part = chunks[start : start + FETCH_BATCH]
                self._collection.upsert(
                    ids=[c.id for c in part],
                    embeddings=list(embeddings[start : start + FETCH_BATCH]),
                    metadatas=[{RECORD_KEY: chunk_record(c)} for c in part],
                )

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        with self._guard():
            for start in range(0, len(ids), FETCH_BATCH):
                self._collection.delete(ids=list(ids[start : start + FETCH_BATCH]))

    def scored(self, ids: Sequence[str], embedding: Sequence[float]) -> list[Hit]:
        """The chunks with these ids, scored by cosine similarity to a normalised vector."""
        records = list(self._records(ids))
        if not records:
            return []
        vectors = np.asarray([vector for _, vector in records], dtype=np.float32)
        scores = vectors @ np.asarray(embedding, dtype=np.float32)
        return [Hit(chunk, float(score)) for (chunk, _), score in zip(records, scores, strict=True)]

    def query(
        self, embedding: Sequence[float], top_k: int, live: Collection[str] | None = None
    ) -> list[Hit]:
        """The top_k chunks nearest to a normalised query vector, best first.

        With `live`, only chunks with those ids count (the index's current state).
        """
        count = self.count()
        if count == 0:
            return []
        # Chunks an ingest has added but not yet switched to (or left behind when killed)
        # are in the collection but not live: ask for enough to still fill top_k.
        extra = max(0, count - len(live)) if live is not None else 0
        with self._guard():
            found = self._collection.query(
                query_embeddings=[list(embedding)],
                n_results=min(count, top_k + extra),
                include=["metadatas", "distances"],
            )
        hits = hits_of(found)
        return [h for h in hits if live is None or h.chunk.id in live][:top_k]

    def _records(self, ids: Sequence[str]) -> Iterator[tuple[Chunk, Sequence[float]]]:
        """Each stored chunk with one of these ids, and its vector."""
        with self._guard():
            for start in range(0, len(ids), FETCH_BATCH):
                batch = self._collection.get(
                    ids=list(ids[start : start + FETCH_BATCH]), include=["metadatas", "embeddings"]
                )
                for chunk_id, meta, vector in zip(
                    batch["ids"], batch["metadatas"], batch["embeddings"], strict=True
                ):
                    yield _chunk(chunk_id, meta), vector

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A server that stops answering is a StoreUnreachableError, not a traceback."""
        try:
            yield
        except Exception as error:
            self._backend._raise_if_unreachable(error)
            if _is_damage(error):
                raise StoreDamagedError(
                    f"the vector store's collection {self.name} is damaged "
                    f"({type(error).__name__}: {str(error)[:200]}): run `cica-qa ingest`, "
                    "which rebuilds it"
                ) from error
            raise


def hits_of(found: Any) -> list[Hit]:
    """The chunks of a query's answer, scored (distance is 1 - cosine). A record deleted
    while the query ran (a re-ingest removing chunks) comes back without its metadata: it
    is left out, so that a question asked across the switch is answered, not refused."""
    return [
        Hit(_chunk(chunk_id, meta), 1.0 - float(distance))
        for chunk_id, meta, distance in zip(
            found["ids"][0], found["metadatas"][0], found["distances"][0], strict=True
        )
        if meta is not None
    ]


def _is_damage(error: Exception) -> bool:
    """Chroma's own failure to read or write what it stored ("Failed to apply logs to the
    hnsw segment writer" after a kill), not a mistake in the request."""
    from chromadb.errors import InternalError

    return isinstance(error, InternalError)


def _chunk(chunk_id: str, metadata: Any) -> Chunk:
    """The chunk a stored record holds; a record of an older format says to re-ingest."""
    try:
        return chunk_from_record(str((metadata or {})[RECORD_KEY]))
    except (KeyError, ValidationError) as error:
        raise IndexMissingError(
            f"chunk {chunk_id} is stored in an older format: run `cica-qa ingest` to rebuild"
        ) from error


def _name(collection: object) -> str:
    """A listed collection's name (chromadb lists names or Collection objects by version)."""
    return str(getattr(collection, "name", collection))
