"""Retrieval: the question's vector and the passages nearest to it."""

from __future__ import annotations

from dataclasses import dataclass

from cica_qa.embedder import Embedder
from cica_qa.store import ChunkStore
from cica_qa.types import Hit


@dataclass(frozen=True)
class Retrieved:
    """Hits for a question, best first, with the question's vector for later scoring."""

    query_vector: tuple[float, ...]
    hits: tuple[Hit, ...]


class DenseRetriever:
    """Top-k nearest chunks by cosine similarity of MiniLM vectors."""

    def __init__(self, embedder: Embedder, store: ChunkStore) -> None:
        self._embedder = embedder
        self._store = store

    def retrieve(self, question: str, top_k: int) -> Retrieved:
        """Embed the question and fetch its top_k chunks."""
        vector = self._embedder.embed_query(question)
        return Retrieved(tuple(vector), tuple(self._store.query(vector, top_k)))
