"""The one entry point for answers: Assistant.ask, used by the CLI, the web chat and the evals."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from cica_qa.answering.answer_type import unmet_demand
from cica_qa.answering.followup import standalone_question
from cica_qa.answering.intent import read_intent
from cica_qa.answering.llm import AnswerWriter, LLMError
from cica_qa.answering.spans import (
    SPAN_SOURCES,
    Span,
    abstention,
    acronym_expansion,
    best_span,
    body_of,
    check_question,
    cite,
    extractive_answer,
    lexical_overlap,
    row_answer,
    spans_of,
    whole_list,
)
from cica_qa.answering.tables import answer_from_rows
from cica_qa.answering.verify import renumber, verify
from cica_qa.answering.vocabulary import Frequency, english_frequency, missing_evidence
from cica_qa.embedder import Embedder
from cica_qa.index.reader import IndexReader, IndexState
from cica_qa.index.store import ChromaTarget
from cica_qa.retrieval.hybrid import HybridRetriever, Retrieved
from cica_qa.settings import Settings
from cica_qa.types import Answer, Hit, Place

History = Sequence[dict[str, str]]
CANDIDATES = 30  # passages retrieved per question; table answers may cite several
RELATED = 3  # closest passages shown with an abstention
WRITER_PASSAGES = 5  # passages an LLM writer may cite
LEXICAL_EVIDENCE = (
    0.75  # share of the question's words one span must hold to stand in for closeness
)


class Assistant:
    """Answers questions from the index, with citations, or says the documents don't say."""

    def __init__(
        self,
        embedder: Embedder,
        reader: IndexReader,
        *,
        min_score: float = 0.35,
        max_question_chars: int = 1000,
        retrieval: str = "hybrid",
        writer: AnswerWriter | None = None,
        frequency: Frequency | None = None,
    ) -> None:
        self._embedder = embedder
        self._reader = reader
        self.retrieval = retrieval
        self.min_score = min_score
        self._max_question_chars = max_question_chars
        self._writer = writer
        # How common a word is in English tells a topic word from a way of asking.
        self._frequency = frequency if frequency is not None else english_frequency()

    @classmethod
    def from_env(cls) -> Assistant:
        """Read CICA_* settings, load the model and open the index, once."""
        return cls.from_settings(Settings.from_env())

    @classmethod
    def from_settings(cls, settings: Settings, embedder: Embedder | None = None) -> Assistant:
        """Open the settings' index (IndexMissingError if none); load the model unless given."""
        from cica_qa.embedder import MiniLMEmbedder

        return cls.open(
            ChromaTarget(settings.index_dir, settings.chroma_host, settings.chroma_port),
            embedder or MiniLMEmbedder(),
            min_score=settings.min_score,
            max_question_chars=settings.max_question_chars,
            retrieval=settings.retrieval,
            writer=_writer_from(settings),
        )

    @classmethod
    def open(cls, target: ChromaTarget | Path, embedder: Embedder, **options: Any) -> Assistant:
        """The assistant over an ingested index (a folder means the embedded store in it)."""
        if isinstance(target, Path):
            target = ChromaTarget(target)
        return cls(embedder, IndexReader(target), **options)

    @property
    def state(self) -> IndexState:
        """The index state answers now come from (reloaded after a finished re-ingest)."""
        return self._reader.current()

    @property
    def writes_with_llm(self) -> bool:
        """True when an LLM writes the answers (they can be shown as drafts while written)."""
        return self._writer is not None

    def ask(
        self,
        question: str,
        history: History | None = None,
        on_draft: Callable[[str], None] | None = None,
    ) -> Answer:
        """Answer one question; history (earlier turns) resolves follow-ups.

        With an LLM writer, `on_draft` sees its unverified text grow as it streams in; the
        returned answer keeps only the verified sentences.
        """
        started = time.perf_counter()
        asked = check_question(question, self._max_question_chars)
        state = self.state
        standalone = standalone_question(asked, history or [])
        retriever = HybridRetriever(
            self._embedder, state.store, state.keyword, state.glossary, self.retrieval, state.live
        )
        retrieved = retriever.retrieve(standalone, CANDIDATES)
        after_retrieval = time.perf_counter()
        answer = self._compose(asked, standalone, retrieved, state)
        if self._writer is not None and not answer.abstained:
            answer = written_answer(self._writer, standalone, answer, retrieved.hits, on_draft)
        finished = time.perf_counter()
        timings = {
            **retrieved.timings_ms,
            "retrieve": (after_retrieval - started) * 1000,
            "compose": (finished - after_retrieval) * 1000,
            "total": (finished - started) * 1000,
        }
        ranked = tuple(
            Place(h.chunk.document, h.chunk.section, h.chunk.row) for h in retrieved.hits
        )
        return replace(
            answer, timings_ms=timings, standalone_question=standalone, retrieved=ranked[:10]
        )

    def _compose(
        self, asked: str, standalone: str, retrieved: Retrieved, state: IndexState
    ) -> Answer:
        hits = retrieved.hits
        confidence = max((h.score for h in hits[:SPAN_SOURCES]), default=-1.0)
        reason = missing_evidence(standalone, state.keyword.vocabulary, self._frequency)
        if reason:
            answer = abstention(asked, reason, hits[:RELATED])
            return replace(answer, basis="unknown-terms", confidence=confidence)
        intent = read_intent(standalone, state.glossary.aliases(standalone))
        # A passage spelling an acronym out, "Full Name (ACRONYM)", answers what it stands for.
        if intent.about_a_name and intent.only_acronyms:
            spelled = acronym_expansion(intent.acronyms[0], hits)
            if spelled is not None:
                hit, text = spelled
                answer = Answer(asked, f"{text} [1]", False, (cite(hit),))
                return replace(answer, basis="rows", confidence=confidence)
        # A row whose label or cells the question names is evidence enough on its own.
        rows = answer_from_rows(intent, hits)
        if rows is not None:
            unmet = unmet_demand(intent, rows.text, named=None)
            if unmet:
                answer = abstention(asked, unmet, hits[:RELATED])
                return replace(answer, basis="answer-type", confidence=confidence)
            return replace(row_answer(asked, rows), basis="rows", confidence=confidence)
        spans = spans_of(hits, intent)
        # Close in meaning, or a span that holds nearly all the question's words, is evidence.
        worded = max((lexical_overlap(intent.stems, s.text) for s in spans), default=0.0)
        if not spans or (confidence < self.min_score and worded < LEXICAL_EVIDENCE):
            why = (
                "no passage is close enough to the question"
                if spans
                else "no passage found holds the number, date or thing counted that is asked for"
            )
            answer = abstention(asked, why, hits[:RELATED])
            return replace(answer, basis="passage", confidence=confidence, coverage=worded)
        similarities = self._similarities(retrieved.query_vector, spans)
        best = best_span(intent, spans, similarities)
        listed = whole_list(best) if intent.wants_all else None
        chosen = replace(best, text=listed) if listed else best
        unmet = unmet_demand(intent, chosen.text, named=body_of(chosen))
        if unmet:
            answer = abstention(asked, unmet, hits[:RELATED])
            return replace(answer, basis="answer-type", confidence=confidence, coverage=worded)
        answer = extractive_answer(asked, chosen)
        return replace(answer, basis="passage", confidence=confidence, coverage=worded)

    def _similarities(self, query_vector: Sequence[float], spans: Sequence[Span]) -> list[float]:
        """Cosine of each span to the question; a span that is its whole chunk reuses its score."""
        partial = [s.text for s in spans if s.text != s.hit.chunk.text]
        vectors = iter([[float(x) for x in v] for v in self._embedder.embed_texts(partial)])
        return [
            s.hit.score if s.text == s.hit.chunk.text else _dot(query_vector, next(vectors))
            for s in spans
        ]


def written_answer(
    writer: AnswerWriter,
    question: str,
    extractive: Answer,
    hits: Sequence[Hit],
    on_draft: Callable[[str], None] | None = None,
) -> Answer:
    """The LLM's answer from the cited and top passages, keeping only verified sentences.

    Falls back to the extractive answer (with a notice) when the LLM is unreachable or none
    of its sentences is supported by the passages it cites.
    """
    passages = list(extractive.citations)
    for hit in hits[:WRITER_PASSAGES]:
        if len(passages) < WRITER_PASSAGES and all(c.text != hit.chunk.text for c in passages):
            passages.append(cite(hit, len(passages) + 1))
    try:
        written = ""
        for piece in writer.stream(question, [c.text for c in passages]):
            written += piece
            if on_draft is not None:
                on_draft(written)
        written = written.strip()
    except LLMError as error:
        return replace(extractive, notice=f"{error}; showing the extractive answer")
    verified = verify(written, {c.number: c.text for c in passages})
    if not verified.kept:
        return replace(
            extractive,
            notice="the LLM's answer had no sentence its passages support; "
            "showing the extractive answer",
        )
    text, order = renumber(verified.kept)
    citations = tuple(replace(passages[old - 1], number=new) for new, old in enumerate(order, 1))
    removed = len(verified.removed)
    notice = f"{removed} unsupported sentence(s) removed from the LLM's answer" if removed else ""
    return replace(extractive, text=text, citations=citations, written_by="llm", notice=notice)


def _writer_from(settings: Settings) -> AnswerWriter | None:
    if not settings.llm_base_url:
        return None
    from cica_qa.answering.llm import OpenAICompatibleWriter

    return OpenAICompatibleWriter(
        settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
    )


def _dot(a: Sequence[float], b: Sequence[float]) -> float:
    return sum(x * y for x, y in zip(a, b, strict=True))
