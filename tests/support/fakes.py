"""Predictable stand-ins for the model and Chroma, through the same protocols the real ones
implement (Embedder, StoreBackend, VectorStore): answering, retrieval and ingest logic run
on them in milliseconds. Nothing here pretends to rank like MiniLM; tests that need real
closeness use the real model."""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Collection, Sequence

from cica_qa.errors import IndexMissingError
from cica_qa.types import Chunk, Hit

DIMENSIONS = 64
_WORD = re.compile(r"[^\W_]+")


class FakeEmbedder:
    """Bag-of-words vectors: each lower-cased word adds 1 to a dimension chosen by its hash,
    then the vector is L2-normalised. Texts sharing words are close; the same text always
    gives the same vector. Tokens are words."""

    model_id = "fake/bag-of-words"

    def __init__(self) -> None:
        self.embedded = 0  # texts embedded, so tests can see what was (not) embedded again

    def embed_texts(self, texts: Sequence[str]) -> list[list[float]]:
        self.embedded += len(texts)
        return [self._vector(text) for text in texts]

    def embed_query(self, text: str) -> list[float]:
        return self._vector(text)

    def tokenize(self, text: str) -> list[int]:
        return [self._slot(word) for word in _WORD.findall(text.lower())]

    def _vector(self, text: str) -> list[float]:
        vector = [0.0] * DIMENSIONS
        for slot in self.tokenize(text):
            vector[slot] += 1.0
        norm = math.sqrt(sum(v * v for v in vector)) or 1.0
        return [v / norm for v in vector]

    @staticmethod
    def _slot(word: str) -> int:
        return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=4).digest()) % DIMENSIONS


class MemoryCollection:
    """A VectorStore in a dict: chunk id -> (chunk, vector)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.records: dict[str, tuple[Chunk, list[float]]] = {}

    def count(self) -> int:
        return len(self.records)

    def ids(self) -> set[str]:
        return set(self.records)

    def vectors(self, ids: Sequence[str]) -> dict[str, tuple[str, list[float]]]:
        return {i: (self.records[i][0].text, self.records[i][1]) for i in ids if i in self.records}

    def upsert(self, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        for chunk, vector in zip(chunks, embeddings, strict=True):
            self.records[chunk.id] = (chunk, [float(v) for v in vector])

    def delete(self, ids: Sequence[str]) -> None:
        for chunk_id in ids:
            self.records.pop(chunk_id, None)

    def scored(self, ids: Sequence[str], embedding: Sequence[float]) -> list[Hit]:
        return [
            Hit(self.records[i][0], _cosine(embedding, self.records[i][1]))
            for i in ids
            if i in self.records
        ]

    def query(
        self, embedding: Sequence[float], top_k: int, live: Collection[str] | None = None
    ) -> list[Hit]:
        hits = self.scored([i for i in self.records if live is None or i in live], embedding)
        return sorted(hits, key=lambda h: (-h.score, h.chunk.id))[:top_k]


class MemoryBackend:
    """A StoreBackend holding its collections in memory, for one test."""

    identity = "memory"

    def __init__(self) -> None:
        self.collections: dict[str, MemoryCollection] = {}

    def describe(self) -> str:
        return "in-memory store"

    def check(self) -> None:
        return None

    def open(self, collection: str, *, create: bool) -> MemoryCollection:
        if collection not in self.collections:
            if not create:
                raise IndexMissingError(f"the in-memory store has no collection {collection!r}")
            self.collections[collection] = MemoryCollection(collection)
        return self.collections[collection]

    def names(self) -> list[str]:
        return sorted(self.collections)

    def drop(self, collection: str) -> None:
        self.collections.pop(collection, None)

    def refresh(self) -> None:
        return None


def _cosine(a: Sequence[float], b: Sequence[float]) -> float:
    return float(sum(x * y for x, y in zip(a, b, strict=True)))
