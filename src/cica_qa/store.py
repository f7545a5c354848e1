"""The Chroma index behind llama-index's ChromaVectorStore; the only module importing chromadb."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path

from cica_qa.errors import IndexMissingError
from cica_qa.types import Chunk, Hit, Location


class ChunkStore:
    """Chunks and their vectors in one Chroma collection (cosine space)."""

    def __init__(self, collection: object) -> None:
        from llama_index.vector_stores.chroma import ChromaVectorStore

        self._collection = collection
        self._vectors = ChromaVectorStore(chroma_collection=collection)

    @classmethod
    def open_embedded(cls, index_dir: Path, collection: str, *, create: bool) -> ChunkStore:
        """Open the on-disk index; with create=False a missing index is an IndexMissingError."""
        if not create and not index_dir.is_dir():
            raise IndexMissingError(
                f"no index at {index_dir}: run `cica-qa ingest` (or `make run`) first"
            )
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        index_dir.mkdir(parents=True, exist_ok=True)
        client = chromadb.PersistentClient(
            path=str(index_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        if create:
            return cls(_get_or_create(client, collection))
        try:
            return cls(client.get_collection(collection, embedding_function=None))
        except Exception as error:  # chromadb raises NotFoundError or ValueError by version
            raise IndexMissingError(
                f"the index at {index_dir} has no collection {collection!r}: "
                "run `cica-qa ingest` first"
            ) from error

    @staticmethod
    def drop_embedded(index_dir: Path, collection: str) -> None:
        """Delete the collection if it exists (a full rebuild starts from nothing)."""
        import chromadb
        from chromadb.config import Settings as ChromaSettings

        client = chromadb.PersistentClient(
            path=str(index_dir), settings=ChromaSettings(anonymized_telemetry=False)
        )
        if collection in {c.name for c in client.list_collections()}:
            client.delete_collection(collection)

    def count(self) -> int:
        """Number of chunks in the index."""
        return self._collection.count()

    def ids(self) -> set[str]:
        """Ids of every chunk in the index."""
        return set(self._collection.get(include=[])["ids"])

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Write chunks with their vectors; an existing id is replaced, never duplicated."""
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        if chunks:
            self._vectors.add([_to_node(c, e) for c, e in zip(chunks, embeddings, strict=True)])

    def delete(self, ids: Sequence[str]) -> None:
        """Remove chunks by id."""
        if ids:
            self._vectors.delete_nodes(node_ids=list(ids))

    def scored(self, ids: Sequence[str], embedding: Sequence[float]) -> list[Hit]:
        """The chunks with these ids, scored by cosine similarity to a normalised vector."""
        if not ids:
            return []
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

    def query(self, embedding: Sequence[float], top_k: int) -> list[Hit]:
        """The top_k chunks nearest to a normalised query vector, best first."""
        from llama_index.core.vector_stores.types import VectorStoreQuery

        if self.count() == 0:
            return []
        result = self._vectors.query(
            VectorStoreQuery(query_embedding=list(embedding), similarity_top_k=top_k)
        )
        return [
            Hit(chunk=_to_chunk(node), score=cosine_from_similarity(similarity))
            for node, similarity in zip(result.nodes or [], result.similarities or [], strict=True)
        ]


def cosine_from_similarity(similarity: float) -> float:
    """Undo ChromaVectorStore's exp(-distance) so scores are plain cosine similarities."""
    # In cosine space Chroma's distance is 1 - cos; llama-index reports exp(-distance).
    return 1.0 + math.log(similarity) if similarity > 0 else -1.0


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
