"""Corpus folder -> chunks -> vectors -> the index, embedding only what the index lacks.

Readers keep answering from the old state until the manifest switches them to the new one,
whole: new chunks are added first (vectors of unchanged text are reused, not embedded
again), then the manifest is replaced, then what it no longer lists is deleted. Killed at
any moment, the index still answers from the old state or the new one, and the next run
finishes the job. Running it twice changes nothing.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from cica_qa.collector import collections_paused
from cica_qa.embedder import Embedder
from cica_qa.errors import StoreDamagedError
from cica_qa.index.manifest import Manifest, new_manifest
from cica_qa.index.store import StoreBackend, VectorStore
from cica_qa.index.writer import IndexWriter
from cica_qa.ingest.cache import ParseCache
from cica_qa.ingest.changes import ChangePlan, plan_changes
from cica_qa.ingest.config import IngestConfig
from cica_qa.ingest.embed import embed_and_store, embed_spans
from cica_qa.ingest.load import Corpus, load_corpus
from cica_qa.ingest.parse import ParsedCorpus, parse_corpus
from cica_qa.ingest.summary import IngestSummary
from cica_qa.reading import SPACY_READER, SpacyReader, TextReader
from cica_qa.types import Chunk, FileStamp


def run_ingest(
    config: IngestConfig,
    embedder: Embedder,
    show_progress: bool = True,
    dry_run: bool = False,
    backend: StoreBackend | None = None,
    reader: TextReader | None = None,
) -> IngestSummary:
    """Bring the index in line with the corpus folder (see the module's docstring). With
    dry_run, work out and return the plan, write nothing. `backend` defaults to Chroma as
    the config says, `reader` (what finds names and dates in chunks) to spaCy's."""
    started = time.perf_counter()
    writer = IndexWriter(config.layout, backend or config.backend(), config.collection)
    reader = reader or SpacyReader()
    chunker = chunks_made_by(config, reader.id)
    repaired = ""  # what was rebuilt, for the summary's warnings
    with collections_paused():
        previous = writer.manifest()
        # a file whose size and time are as the last ingest recorded is not read again
        corpus = load_corpus(config.corpus_dir, _stamps(previous, embedder.model_id, chunker))
        if _nothing_to_do(writer, previous, corpus, embedder.model_id, chunker):
            return _unchanged(previous, corpus, started, dry_run)
        # what each document made, by name, hash, model (its tokenizer sizes chunks) and chunker
        cache = ParseCache.load(config.layout.parse_cache, f"{embedder.model_id}|{chunker}")
        parsed = parse_corpus(config, embedder, corpus, cache, reader, show_progress)
        collection = writer.collection_for(embedder.model_id, chunker)
        if dry_run:
            return _planned(writer, collection, previous, parsed, started)
        with writer.locked():
            try:
                store = writer.open(collection)
                work = _work(store, previous, parsed)
                store.upsert(work.reused, work.reused_vectors)
                embed_and_store(work.to_embed, embedder, store, show_progress)
            except StoreDamagedError as damage:
                # a kill left the collection unreadable (for readers too): build it again
                repaired = f"{damage.args[0].split(': run')[0]}: rebuilt it"
                store, work = _rebuilt(writer, collection, parsed, embedder, show_progress)
            known = writer.span_vectors(previous, collection)
            spans, _ = embed_spans(parsed.span_texts, embedder, known, show_progress)
            generation = writer.write_state(
                parsed.chunks, parsed.keyword_terms, parsed.glossary, spans
            )
            cache.save()
            disagreements = parsed.disagreements
            current = new_manifest(
                parsed.chunks_by_document(),
                parsed.hashes,
                parsed.facts,
                previous,
                disagreements,
                stamps=parsed.stamps,
                model_id=embedder.model_id,
                chunker=chunker,
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                collection=collection,
                generation=generation,
                store=writer.backend.identity,
            )
            writer.switch(current)  # from here on readers answer from the new state
            store.delete(work.obsolete)
            writer.remove_old_states(current, previous)
    summary = _summary(parsed, work.changes(previous, parsed), len(work.to_embed), started)
    return replace(summary, warnings=(*summary.warnings, repaired)) if repaired else summary


def index_is_stale(
    config: IngestConfig,
    model_id: str,
    backend: StoreBackend | None = None,
    reader_id: str = SPACY_READER,
) -> bool:
    """True when the index is missing or no longer matches the corpus, model, chunker, reader
    or store."""
    writer = IndexWriter(config.layout, backend or config.backend(), config.collection)
    chunker = chunks_made_by(config, reader_id)
    previous = writer.manifest()
    hashes = load_corpus(config.corpus_dir, _stamps(previous, model_id, chunker)).hashes
    return not writer.is_current(previous, hashes, model_id, chunker)


def _stamps(previous: Manifest | None, model_id: str, chunker: str) -> dict[str, FileStamp]:
    """The files' stamps the last ingest recorded, when it used this model and chunker
    (otherwise every file is read: its bytes are parsed again anyway)."""
    if previous is None or previous.model_id != model_id or previous.chunker != chunker:
        return {}
    return previous.stamps


def chunks_made_by(config: IngestConfig, reader_id: str) -> str:
    """What makes the chunks as stored, recorded in the manifest: the chunker and the reader
    whose mentions they carry (a change of either builds a new collection)."""
    return f"{config.chunker}|read={reader_id}"


def _nothing_to_do(
    writer: IndexWriter, previous: Manifest | None, corpus: Corpus, model_id: str, chunker: str
) -> bool:
    """True when the last ingest finished for exactly these files, model, chunker and store,
    and left nothing behind: then there is nothing to read, embed or delete."""
    return (
        previous is not None
        and writer.is_current(previous, corpus.hashes, model_id, chunker)
        and writer.is_settled(previous)
    )


@dataclass(frozen=True)
class _Work:
    """What the store lacks and what it holds that the new state does not use."""

    present: set[str]
    reused: list[Chunk]  # lacking, but their text has a vector in the store already
    reused_vectors: list[list[float]]
    to_embed: list[Chunk]
    obsolete: list[str]

    def changes(self, previous: Manifest | None, parsed: ParsedCorpus) -> ChangePlan:
        """Documents added, changed, removed and unchanged, and the chunk counts."""
        return plan_changes(
            previous, parsed.hashes, parsed.chunk_ids, self.present, len(self.reused)
        )


def _rebuilt(
    writer: IndexWriter,
    collection: str,
    parsed: ParsedCorpus,
    embedder: Embedder,
    show_progress: bool,
) -> tuple[VectorStore, _Work]:
    """A damaged collection dropped and made again from every chunk of the corpus: the
    vectors it can still give back are kept, the rest embedded again."""
    damaged = writer.existing(collection)
    kept: dict[str, list[float]] = {}
    if damaged is not None:
        try:
            wanted = sorted(parsed.chunk_ids)
            kept = {text: vector for text, vector in damaged.vectors(wanted).values()}
        except StoreDamagedError:
            kept = {}  # nothing can be read back: everything is embedded again
    writer.backend.drop(collection)
    store = writer.open(collection)
    reused = [c for c in parsed.chunks if c.text in kept]
    work = _Work(
        present=set(),
        reused=reused,
        reused_vectors=[kept[c.text] for c in reused],
        to_embed=[c for c in parsed.chunks if c.text not in kept],
        obsolete=[],
    )
    store.upsert(work.reused, work.reused_vectors)
    embed_and_store(work.to_embed, embedder, store, show_progress)
    return store, work


def _work(store: VectorStore | None, previous: Manifest | None, parsed: ParsedCorpus) -> _Work:
    """Compare the store with the chunks the corpus makes now."""
    present = _present(store, previous) if store is not None else set()
    wanted = parsed.chunk_ids
    obsolete = sorted(present - wanted)
    reusable = _reusable(store, obsolete) if store is not None else {}
    missing = [c for c in parsed.chunks if c.id not in present]
    reused = [c for c in missing if c.text in reusable]
    return _Work(
        present=present,
        reused=reused,
        reused_vectors=[reusable[c.text] for c in reused],
        to_embed=[c for c in missing if c.text not in reusable],
        obsolete=obsolete,
    )


def _present(store: VectorStore, previous: Manifest | None) -> set[str]:
    """The chunk ids in the collection. When it holds exactly as many as the last finished
    ingest listed, they are those: ingest only deletes chunks after a switch, and only ones
    the new state does not list, so a count that matches leaves nothing else possible."""
    if (
        previous is not None
        and previous.collection == store.name
        and store.count() == len(previous.chunk_ids)
    ):
        return set(previous.chunk_ids)
    return store.ids()


def _reusable(store: VectorStore, obsolete: Iterable[str]) -> dict[str, list[float]]:
    """Vectors of the chunks about to go, by text: a moved or renamed passage keeps its own."""
    return {text: vector for text, vector in store.vectors(sorted(obsolete)).values()}


def _planned(
    writer: IndexWriter,
    collection: str,
    previous: Manifest | None,
    parsed: ParsedCorpus,
    started: float,
) -> IngestSummary:
    """The summary of a dry run: what a real one would do, with nothing written."""
    work = _work(writer.existing(collection), previous, parsed)
    return _summary(parsed, work.changes(previous, parsed), 0, started, dry_run=True)


def _unchanged(previous: Manifest, corpus: Corpus, started: float, dry_run: bool) -> IngestSummary:
    """The summary of a run that found nothing to do."""
    names = tuple(sorted(previous.documents))
    undated = tuple(
        name
        for name, entry in previous.documents.items()
        if entry.chunk_ids and not entry.date.dated
    )
    return IngestSummary(
        documents=sum(1 for entry in previous.documents.values() if entry.chunk_ids),
        chunks=len(previous.chunk_ids),
        embedded=0,
        removed=0,
        skipped=corpus.skipped,
        warnings=(),
        seconds=time.perf_counter() - started,
        changes=ChangePlan((), (), (), names, 0, 0),
        dry_run=dry_run,
        undated=undated,
        disagreements=previous.disagreements,
    )


def _summary(
    parsed: ParsedCorpus, changes: ChangePlan, embedded: int, started: float, dry_run: bool = False
) -> IngestSummary:
    return IngestSummary(
        documents=parsed.document_count,
        chunks=len(parsed.chunk_ids),
        embedded=embedded,
        removed=0 if dry_run else changes.to_remove,
        skipped=parsed.skipped,
        warnings=parsed.warnings,
        seconds=time.perf_counter() - started,
        changes=changes,
        dry_run=dry_run,
        undated=parsed.undated,
        disagreements=parsed.disagreements,
    )
