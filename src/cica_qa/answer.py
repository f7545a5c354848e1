"""The one entry point for answers: Assistant.ask, used by the CLI, the web chat and the evals."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace

from cica_qa.compose import abstention, best_span, check_question, extractive_answer, spans_of
from cica_qa.embedder import Embedder
from cica_qa.retrieve import DenseRetriever
from cica_qa.settings import Settings
from cica_qa.store import ChunkStore
from cica_qa.types import Answer

History = Sequence[dict[str, str]]


class Assistant:
    """Answers questions from the index, with citations, or says the documents don't say."""

    def __init__(
        self,
        embedder: Embedder,
        store: ChunkStore,
        *,
        top_k: int = 5,
        min_score: float = 0.35,
        max_question_chars: int = 1000,
    ) -> None:
        self._embedder = embedder
        self._retriever = DenseRetriever(embedder, store)
        self._top_k = top_k
        self._min_score = min_score
        self._max_question_chars = max_question_chars

    @classmethod
    def from_env(cls) -> Assistant:
        """Read CICA_* settings, load the model and open the index, once."""
        return cls.from_settings(Settings.from_env())

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        """Open the settings' index (IndexMissingError if none); load the model unless given."""
        from cica_qa.embedder import MiniLMEmbedder

        store = ChunkStore.open_embedded(settings.index_dir, settings.collection, create=False)
        return cls(
            embedder or MiniLMEmbedder(),
            store,
            top_k=settings.top_k,
            min_score=settings.min_score,
            max_question_chars=settings.max_question_chars,
        )

    def ask(self, question: str, history: History | None = None) -> Answer:
        """Answer one question; history (earlier turns) is accepted for follow-ups to come."""
        started = time.perf_counter()
        asked = check_question(question, self._max_question_chars)
        retrieved = self._retriever.retrieve(asked, self._top_k)
        after_retrieval = time.perf_counter()
        spans = spans_of(retrieved.hits, self._min_score)
        if not spans:
            answer = abstention(asked)
        else:
            vectors = self._embedder.embed_texts([s.text for s in spans])
            similarities = [_dot(retrieved.query_vector, v) for v in vectors]
            answer = extractive_answer(asked, best_span(asked, spans, similarities))
        finished = time.perf_counter()
        timings = {
            "retrieve": (after_retrieval - started) * 1000,
            "compose": (finished - after_retrieval) * 1000,
            "total": (finished - started) * 1000,
        }
        return replace(answer, timings_ms=timings)


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))
