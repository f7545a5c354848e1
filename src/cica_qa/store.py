"""The Chroma index behind llama-index's ChromaVectorStore; the only module importing chromadb."""

from __future__ import annotations

import json
import math
from collections.abc import Collection, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import IndexMissingError, StoreUnreachableError
from cica_qa.types import Chunk, Hit, Location

FETCH_BATCH = 1000  # ids per get or delete call (a server request must stay small)


@dataclass(frozen=True)
class ChromaTarget:
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

    def client(self) -> object:
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

    def refresh(self) -> None:
        """Forget this process's cached embedded clients, so the next one reads the files anew.

        An embedded client keeps its vector index in memory and does not see another
        process's writes; a server always answers from its current state.
        """
        if not self.is_server:
            from chromadb.api.shared_system_client import SharedSystemClient

            # chromadb shares one system per folder; drop ours so the next client opens anew
            SharedSystemClient._identifier_to_system.pop(str(self.index_dir), None)


class ChunkStore:
    """Chunks and their vectors in one Chroma collection (cosine space)."""

    def __init__(self, collection: object, target: ChromaTarget | None = None) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._collection = collection
        self._vectors = ChromaVectorStore(chroma_collection=collection)
        self._target = target
        self.name = str(getattr(collection, "name", ""))

    @classmethod
    def open(cls, target: ChromaTarget, collection: str, *, create: bool) -> ChunkStore:
        """Open a collection; with create=False a missing one is an IndexMissingError."""
        if not create and not target.is_server and not target.index_dir.is_dir():
            raise IndexMissingError(
                f"no index at {target.index_dir}: run `cica-qa ingest` (or `make run`) first"
            )
        client = target.client()
        if create:
            return cls(_get_or_create(client, collection), target)
        try:
            return cls(client.get_collection(collection, embedding_function=None), target)
        except Exception as error:  # chromadb raises NotFoundError or ValueError by version
            _raise_if_unreachable(target, error)
            raise IndexMissingError(
                f"the {target.describe()} has no collection {collection!r}: "
                "run `cica-qa ingest` first"
            ) from error

    @classmethod
    def open_embedded(cls, index_dir: Path, collection: str, *, create: bool) -> ChunkStore:
        """Open a collection of the embedded index at index_dir."""
        return cls.open(ChromaTarget(index_dir), collection, create=create)

    @staticmethod
    def names(target: ChromaTarget) -> list[str]:
        """Names of every collection at the target."""
        if not target.is_server and not target.index_dir.is_dir():
            return []
        return sorted(_name(c) for c in target.client().list_collections())

    @staticmethod
    def drop(target: ChromaTarget, collection: str) -> None:
        """Delete the collection if it exists."""
        client = target.client()
        if collection in {_name(c) for c in client.list_collections()}:
            client.delete_collection(collection)

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
        found: dict[str, tuple[str, list[float]]] = {}
        with self._guard():
            for start in range(0, len(ids), FETCH_BATCH):
                batch = self._collection.get(
                    ids=list(ids[start : start + FETCH_BATCH]), include=["documents", "embeddings"]
                )
                for chunk_id, text, vector in zip(
                    batch["ids"], batch["documents"], batch["embeddings"], strict=True
                ):
                    found[chunk_id] = (text, [float(v) for v in vector])
        return found

    @contextmanager
    def _guard(self) -> Iterator[None]:
        """A server that stops answering is a StoreUnreachableError, not a traceback."""
        try:
            yield
        except Exception as error:
            if self._target is not None:
                _raise_if_unreachable(self._target, error)
            raise

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Write chunks with their vectors; an existing id is replaced, never duplicated."""
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        if chunks:
            nodes = [_to_node(c, e) for c, e in zip(chunks, embeddings, strict=True)]
            with self._guard():
                self._vectors.add(nodes)

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        with self._guard():
            for start in range(0, len(ids), FETCH_BATCH):
                self._collection.delete(ids=list(ids[start : start + FETCH_BATCH]))

    def scored(self, ids: Sequence[str], embedding: Sequence[float]) -> list[Hit]:
        """The chunks with these ids, scored by cosine similarity to a normalised vector."""
        if not ids:
            return []
        with self._guard():
            found = self._collection.get(
                ids=list(ids), include=["documents", "metadatas", "embeddings"]
            )
        hits = []
        for chunk_id, text, meta, vector in zip(
            found["ids"], found["documents"], found["metadatas"], found["embeddings"], strict=True
        ):
            score = float(sum(a * b for a, b in zip(embedding, vector, strict=True)))
            hits.append(Hit(chunk_from_metadata(chunk_id, text, meta), score))
        return hits

    def query(
        self, embedding: Sequence[float], top_k: int, live: Collection[str] | None = None
    ) -> list[Hit]:
        """The top_k chunks nearest to a normalised query vector, best first.

        With `live`, only chunks with those ids count (the index's current state).
        """
        from llama_index.core.vector_stores.types import VectorStoreQuery

        count = self.count()
        if count == 0:
            return []
        # Chunks an ingest has added but not yet switched to (or left behind when killed)
        # are in the collection but not live: ask for enough to still fill top_k.
        extra = max(0, count - len(live)) if live is not None else 0
        with self._guard():
            result = self._vectors.query(
                VectorStoreQuery(
                    query_embedding=list(embedding), similarity_top_k=min(count, top_k + extra)
                )
            )
        hits = [
            Hit(chunk=_to_chunk(node), score=cosine_from_similarity(similarity))
            for node, similarity in zip(result.nodes or [], result.similarities or [], strict=True)
        ]
        return [h for h in hits if live is None or h.chunk.id in live][:top_k]


def cosine_from_similarity(similarity: float) -> float:
    """Undo ChromaVectorStore's exp(-distance) so scores are plain cosine similarities."""
    # In cosine space Chroma's distance is 1 - cos; llama-index reports exp(-distance).
    return 1.0 + math.log(similarity) if similarity > 0 else -1.0


def _raise_if_unreachable(target: ChromaTarget, error: Exception) -> None:
    """Turn a failure into StoreUnreachableError when the server no longer answers."""
    if not target.is_server:
        return
    try:
        target.client()
    except StoreUnreachableError as unreachable:
        raise unreachable from error


def _name(collection: object) -> str:
    """A listed collection's name (chromadb lists names or Collection objects by version)."""
    return str(getattr(collection, "name", collection))


def _get_or_create(client: object, name: str) -> object:
    return client.get_or_create_collection(
        name, metadata={"hnsw:space": "cosine"}, embedding_function=None
    )


def chunk_metadata(chunk: Chunk) -> dict[str, str | int]:
    """Flat metadata Chroma can store; cells travel as JSON."""
    return {
        "document": chunk.document,
        "section": chunk.section,
        "location_unit": chunk.location.unit,
        "location_start": chunk.location.start,
        "location_end": chunk.location.end,
        "original": chunk.original,
        "cells": json.dumps(chunk.cells, ensure_ascii=False),
        "glossary": chunk.glossary,
    }


def chunk_from_metadata(chunk_id: str, text: str, meta: dict[str, object]) -> Chunk:
    """The chunk that chunk_metadata described."""
    return Chunk(
        id=chunk_id,
        document=str(meta["document"]),
        section=str(meta["section"]),
        location=Location(
            str(meta["location_unit"]), int(meta["location_start"]), int(meta["location_end"])
        ),
        text=text,
        cells=tuple((str(h), str(v)) for h, v in json.loads(str(meta.get("cells") or "[]"))),
        original=str(meta.get("original") or ""),
        glossary=bool(meta.get("glossary", False)),
    )


def _to_node(chunk: Chunk, embedding: Sequence[float]) -> object:
    from llama_index.core.schema import TextNode

    return TextNode(
        id_=chunk.id, text=chunk.text, embedding=list(embedding), metadata=chunk_metadata(chunk)
    )


def _to_chunk(node: object) -> Chunk:
    return chunk_from_metadata(node.node_id, node.get_content(), node.metadata)
