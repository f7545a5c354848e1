"""The one entry point for answers: Assistant.ask, used by the CLI, the web chat and the evals."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Protocol

import numpy as np

from cica_qa.answering.answer import Answer, Basis, Decision, with_dates
from cica_qa.answering.candidates import Candidate
from cica_qa.answering.extractive import Considered, compose_extractive
from cica_qa.answering.features import FEATURES
from cica_qa.answering.followup import standalone_question
from cica_qa.answering.language import Frequencies, language_of, wordfreq_frequencies
from cica_qa.answering.llm import AnswerWriter
from cica_qa.answering.mentioned import counted_as_written
from cica_qa.answering.model import AnswerModel, shipped_model
from cica_qa.answering.question import check_question, recent_turns
from cica_qa.answering.recency import Dating
from cica_qa.answering.replies import abstention, other_language
from cica_qa.answering.rules import CLOSE_ENOUGH
from cica_qa.answering.spelling import corrected
from cica_qa.answering.vocabulary import Frequency, english_frequency
from cica_qa.answering.wordlists import word_table
from cica_qa.answering.written import written_answer
from cica_qa.embedder import Embedder
from cica_qa.errors import ConfigError
from cica_qa.index.chroma import ChromaBackend
from cica_qa.index.layout import IndexLayout
from cica_qa.index.manifest import Manifest
from cica_qa.index.reader import IndexReader, IndexState
from cica_qa.index.spans import SpanVectors
from cica_qa.index.store import StoreBackend
from cica_qa.normalize import STOPWORDS, stem
from cica_qa.reading import SpacyReader, TextReader
from cica_qa.retrieval.hybrid import HybridRetriever, Retrieved
from cica_qa.settings import Settings
from cica_qa.types import Mention

History = Sequence[dict[str, str]]
CANDIDATES = 30  # passages retrieved per question; table answers may cite several
ENGINES = ("ranked", "rules", "model")
RULES_THRESHOLD = 0.5  # the rules' decisions have confidence 1 (answer) or 0 (abstain)
RELATED = 3  # closest passages shown with an abstention
RANKED = 10  # retrieved places an answer reports, for the evals' hit@k
SPELLING_SOURCES = 10  # the passages whose words a misspelt question word may stand for


class StateSource(Protocol):
    """Gives the index state to answer from (IndexReader: the latest finished ingest)."""

    def current(self) -> IndexState: ...


EMBED_THREADS = 2  # questions embedded at once, beside the threads that read them


class Assistant:
    """Answers questions from the index, with citations, or says the documents don't say."""

    def __init__(
        self,
        embedder: Embedder,
        index: StateSource,
        *,
        min_score: float | None = None,
        max_question_chars: int = 1000,
        retrieval: str = "hybrid",
        writer: AnswerWriter | None = None,
        frequency: Frequency | None = None,
        reader: TextReader | None = None,
        model: AnswerModel | None = None,
        languages: Frequencies | None = None,
        engine: str = "ranked",
    ) -> None:
        self._embedder = embedder
        self._index = index
        self.retrieval = retrieval
        # "ranked": the answer model chooses among the candidate answers and the hand-set
        # rules decide whether to answer, with min_score as their cosine threshold;
        # "model": the model also decides, under its threshold (or min_score, a
        # probability); "rules": the rules choose and decide alone.
        if engine not in ENGINES:
            raise ConfigError(f"answer engine {engine!r} is unknown: use one of {ENGINES}")
        self.engine = engine
        self.model = None
        if engine != "rules":
            self.model = model if model is not None else shipped_model(FEATURES)
        if min_score is not None:
            self.min_score = min_score
        else:
            self.min_score = self.model.threshold if engine == "model" else CLOSE_ENOUGH
        self.max_question_chars = max_question_chars
        self._writer = writer
        # what a question names and pins down, read as ingest read the passages
        self._reader = reader if reader is not None else SpacyReader()
        # How common a word is in English tells a topic word from a way of asking.
        self._frequency = frequency if frequency is not None else english_frequency()
        # how common a word is in English and other languages: is the question in English
        self._languages = languages if languages is not None else wordfreq_frequencies()
        self._dating: tuple[Manifest, Dating] | None = None  # for the manifest it was made of
        # the question is embedded while it is read: both run mostly outside the GIL
        self._embedding = ThreadPoolExecutor(EMBED_THREADS, thread_name_prefix="cica-embed")
        self._read_once = False

    @classmethod
    def from_env(cls) -> Assistant:
        """Read CICA_* settings, load the model and open the index, once."""
        return cls.from_settings(Settings.from_env())

    @classmethod
    def from_settings(
        cls,
        settings: Settings,
        embedder: Embedder | None = None,
        model: AnswerModel | None = None,
    ) -> Assistant:
        """Open the settings' index (IndexMissingError if none); encode questions with the
        given embedder or the ONNX encoder in CICA_MODEL_DIR; load the shipped answer model
        unless `model` is given."""
        from cica_qa.embedder import OnnxEmbedder

        words = word_table(settings.model_dir)  # kept beside the encoder: loads at once
        return cls.open(
            settings.index_dir,
            embedder or OnnxEmbedder(settings.model_dir),
            ChromaBackend(settings.index_dir, settings.chroma_host, settings.chroma_port),
            min_score=settings.min_score,
            max_question_chars=settings.max_question_chars,
            retrieval=settings.retrieval,
            writer=_writer_from(settings),
            model=model,
            engine=_engine_for(settings.answer_engine, model),
            frequency=words.english,
            languages=words.by_language,
        )

    @classmethod
    def open(
        cls,
        index_dir: Path,
        embedder: Embedder,
        backend: StoreBackend | None = None,
        **options: object,
    ) -> Assistant:
        """The assistant over the index ingested at index_dir, its vectors in `backend`
        (default: the embedded Chroma store in the same folder)."""
        reader = IndexReader(IndexLayout(index_dir), backend or ChromaBackend(index_dir))
        return cls(embedder, reader, **options)  # type: ignore[arg-type]

    @property
    def state(self) -> IndexState:
        """The index state answers now come from (reloaded after a finished re-ingest)."""
        return self._index.current()

    def check_ready(self) -> int:
        """The number of chunks answers come from, after checking every part a question
        needs: the index opens, its vector store answers, the model embeds. Raises CicaError
        (or the store's error) saying what is not ready."""
        state = self.state
        chunks = state.store.count()
        self._embedder.embed_query("ready")
        return chunks

    def warm_up(self) -> int:
        """Load everything a question needs (the index, the encoder, the reader's pipeline)
        by answering one, so that the first question asked is as quick as the tenth; the
        number of chunks, as check_ready. Raises what check_ready raises."""
        chunks = self.check_ready()
        self.ask("What is this about?")
        return chunks

    @property
    def threshold(self) -> float:
        """The confidence under which the assistant abstains (the rules' is 1 or 0)."""
        return self.min_score if self.engine == "model" else RULES_THRESHOLD

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
        asked = check_question(question, self.max_question_chars)
        state = self.state
        standalone = standalone_question(asked, recent_turns(history or []), self._named)
        retriever = HybridRetriever(
            self._embedder,
            state.store,
            state.keyword,
            state.glossary,
            self.retrieval,
            state.live,
            state.mentions,
            state.people,
            state.manifest.chunks_of,
        )
        before_reading = time.perf_counter()
        if self._read_once:
            vector = self._embedding.submit(self._embedder.embed_query, standalone)
            mentions = self._read(state, standalone)
            embedded: Sequence[float] | None = vector.result()
        else:
            # the first reading loads spaCy, which imports without torch while no other
            # thread imports anything (reading.py): the first question is embedded after
            mentions, embedded = self._read(state, standalone), None
            self._read_once = True
        read_ms = (time.perf_counter() - before_reading) * 1000
        retrieved = retriever.retrieve(standalone, CANDIDATES, mentions, embedded)
        # misspelt words, read as the words of the passages found: retrieved for again
        fixed = corrected(
            standalone,
            [f"{h.chunk.section}\n{h.chunk.text}" for h in retrieved.hits[:SPELLING_SOURCES]],
            partial(_is_known, state.keyword.vocabulary),
            self._frequency,
        )
        if fixed != standalone:
            standalone = fixed
            mentions = self._read(state, standalone)
            retrieved = retriever.retrieve(standalone, CANDIDATES, mentions)
        after_retrieval = time.perf_counter()
        answer, decision, considered = self._compose(asked, standalone, state, retrieved, on_draft)
        finished = time.perf_counter()
        timings = {
            **retrieved.timings_ms,
            "read": read_ms,
            "retrieve": (after_retrieval - started) * 1000,
            "compose": (finished - after_retrieval) * 1000,
            "total": (finished - started) * 1000,
        }
        return replace(
            with_dates(answer, state.manifest.dates),
            decision=decision,
            timings_ms=timings,
            standalone_question=standalone,
            retrieved=tuple(h.chunk.place for h in retrieved.hits[:RANKED]),
            considered=considered,
        )

    def _compose(
        self,
        asked: str,
        standalone: str,
        state: IndexState,
        retrieved: Retrieved,
        on_draft: Callable[[str], None] | None,
    ) -> tuple[Answer, Decision, tuple[Considered, ...]]:
        """The answer to a question retrieved for, the decision on it and the candidates."""
        related = retrieved.hits[:RELATED]
        language = language_of(asked, self._languages)
        if not language.english:
            why = Decision(Basis.NO_CANDIDATE, 0.0, unmet="the question is not in English")
            return other_language(asked, language.name, related), why, ()
        composed = compose_extractive(
            asked,
            standalone,
            retrieved,
            state.keyword.vocabulary,
            state.glossary,
            self._frequency,
            partial(self._similarities, state.spans),
            self.model,
            state.mentions.common_names(),
            state.keyword.spelt,
            CLOSE_ENOUGH if self.engine == "model" else self.min_score,
            rules_decide=self.engine == "ranked",
            dating=self._dating_of(state),
        )
        decision = composed.decision
        if composed.answer is None or decision.abstains(self.threshold):
            answer = abstention(asked, decision.reason(self.threshold), related)
        elif self._writer is not None:
            answer = written_answer(
                self._writer, standalone, composed.answer, retrieved.hits, on_draft
            )
        else:
            answer = composed.answer
        return answer, decision, composed.considered

    def _dating_of(self, state: IndexState) -> Dating:
        """The documents' dates and what supersedes what, worked out once per state."""
        known = self._dating
        if known is None or known[0] is not state.manifest:
            documents = state.manifest.documents
            supersedes = {name: entry.supersedes for name, entry in documents.items()}
            known = (state.manifest, Dating.of(state.manifest.dates, supersedes))
            self._dating = known
        return known[1]

    def _named(self, text: str) -> tuple[Mention, ...]:
        """What an earlier answer names ("he", "it" in a follow-up may stand for it)."""
        return self._read(self.state, text)

    def _read(self, state: IndexState, text: str) -> tuple[Mention, ...]:
        """What a question (or an answer) mentions, with the people the corpus knows."""
        mentions = state.people.question(text, self._reader.read([text])[0])
        return counted_as_written(mentions, state.keyword.spelt, state.mentions.common_names())

    def _similarities(
        self, spans: SpanVectors, query_vector: Sequence[float], candidates: Sequence[Candidate]
    ) -> list[float]:
        """Cosine of each candidate to the question, with no model call: a candidate that is
        its whole passage reuses the passage's score, a sentence or list the vector ingest
        made of it, a pair of sentences the mean of theirs; the rest (the table reading of a
        question, a spelled-out name) the best score of the passages they cite."""
        query = np.asarray(query_vector, dtype=np.float32)
        found: dict[str, np.ndarray] = {}
        for c in candidates:
            for text in () if c.whole_passage else c.parts or (c.plain,):
                if text not in found and (vector := spans.get(text)) is not None:
                    found[text] = vector
        scores = []
        for c in candidates:
            texts = c.parts or (c.plain,)
            if c.whole_passage or not all(t in found for t in texts):
                scores.append(max(h.score for h in c.hits))
            else:
                scores.append(_cosine(query, [found[t] for t in texts]))
        return scores


def _is_known(vocabulary: frozenset[str], word: str) -> bool:
    """The corpus uses this (normalised) word, or it is a stopword."""
    return word in STOPWORDS or stem(word) in vocabulary


def _engine_for(engine: str, model: AnswerModel | None) -> str:
    """The engine the settings name; a model given with the rules named is meant to be used."""
    return "model" if model is not None and engine == "rules" else engine


def _writer_from(settings: Settings) -> AnswerWriter | None:
    if not settings.llm_base_url:
        return None
    from cica_qa.answering.llm import OpenAICompatibleWriter

    return OpenAICompatibleWriter(
        settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout
    )


def _cosine(query: np.ndarray, vectors: Sequence[Sequence[float]]) -> float:
    """Cosine of the query to the mean of the vectors (to the vector, for one)."""
    mean = np.mean(np.asarray(vectors, dtype=np.float32), axis=0)
    norm = float(np.linalg.norm(mean))
    return float(query @ mean) / norm if norm else 0.0
