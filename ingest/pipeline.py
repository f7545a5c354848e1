"""Corpus folder -> chunks -> vectors -> Chroma, embedding only what the index lacks."""

from __future__ import annotations

import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.embedder import Embedder
from cica_qa.store import ChunkStore
from cica_qa.types import Chunk
from ingest.chunk import CHUNKER_VERSION, chunk_lines, sentence_splitter
from ingest.clean import clean_lines
from ingest.load import Corpus, Skipped, load_corpus
from ingest.manifest import Manifest, is_stale, read_manifest, write_manifest

EMBED_BATCH = 64


@dataclass(frozen=True)
class IngestPlan:
    """Where to read, where to write, and how to chunk."""

    corpus_dir: Path
    index_dir: Path
    collection: str
    chunk_size: int
    chunk_overlap: int

    @property
    def chunker(self) -> str:
        """Chunker identity recorded in the manifest: version and sizes."""
        return f"v{CHUNKER_VERSION}:size={self.chunk_size}:overlap={self.chunk_overlap}"


@dataclass(frozen=True)
class IngestSummary:
    """What one ingest run did."""

    documents: int
    chunks: int
    embedded: int
    removed: int
    skipped: tuple[Skipped, ...]
    seconds: float

    def line(self) -> str:
        """The one-line summary printed at the end of an ingest."""
        return (
            f"ingested {self.documents} documents into {self.chunks} chunks "
            f"({self.embedded} embedded, {self.removed} removed, "
            f"{len(self.skipped)} files skipped) in {self.seconds:.1f} s"
        )


def index_is_stale(plan: IngestPlan, model_id: str) -> bool:
    """True when the index is missing or no longer matches the corpus, model or chunker."""
    corpus = load_corpus(plan.corpus_dir)
    return is_stale(read_manifest(plan.index_dir), corpus.documents, model_id, plan.chunker)


def run_ingest(plan: IngestPlan, embedder: Embedder, show_progress: bool = True) -> IngestSummary:
    """Bring the index in line with the corpus folder; running it twice changes nothing."""
    started = time.perf_counter()
    corpus = load_corpus(plan.corpus_dir)
    previous = read_manifest(plan.index_dir)
    if previous is not None and (
        previous.model_id != embedder.model_id or previous.chunker != plan.chunker
    ):
        ChunkStore.drop_embedded(plan.index_dir, plan.collection)
    store = ChunkStore.open_embedded(plan.index_dir, plan.collection, create=True)
    chunks = chunk_corpus(corpus, plan, embedder)
    present = store.ids()
    missing = [c for c in chunks if c.id not in present]
    embed_and_store(missing, embedder, store, show_progress)
    wanted = {c.id for c in chunks}
    obsolete = sorted(present - wanted)
    store.delete(obsolete)
    write_manifest(
        plan.index_dir,
        Manifest(
            model_id=embedder.model_id,
            chunker=plan.chunker,
            documents={d.name: d.sha256 for d in corpus.documents},
            chunk_ids=tuple(sorted(wanted)),
            ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
        ),
    )
    return IngestSummary(
        documents=len(corpus.documents),
        chunks=len(wanted),
        embedded=len(missing),
        removed=len(obsolete),
        skipped=corpus.skipped,
        seconds=time.perf_counter() - started,
    )


def chunk_corpus(corpus: Corpus, plan: IngestPlan, embedder: Embedder) -> list[Chunk]:
    """Every chunk of every document, deduplicated by id, in reading order."""
    split_text = sentence_splitter(plan.chunk_size, plan.chunk_overlap, embedder.tokenize)
    unique: dict[str, Chunk] = {}
    for document in corpus.documents:
        for chunk in chunk_lines(document.name, clean_lines(document.text), split_text):
            unique.setdefault(chunk.id, chunk)
    return list(unique.values())


def embed_and_store(
    chunks: list[Chunk], embedder: Embedder, store: ChunkStore, show_progress: bool
) -> None:
    """Embed in batches with a progress bar, writing each batch as soon as it is ready."""
    from tqdm import tqdm

    with tqdm(
        total=len(chunks), unit="chunk", desc="Embedding", disable=not show_progress or not chunks
    ) as bar:
        for start in range(0, len(chunks), EMBED_BATCH):
            batch = chunks[start : start + EMBED_BATCH]
            store.upsert(batch, embedder.embed_texts([c.text for c in batch]))
            bar.update(len(batch))
