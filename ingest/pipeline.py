"""Corpus folder -> blocks -> chunks -> vectors -> Chroma, embedding only what the index lacks."""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.embedder import Embedder
from cica_qa.errors import IndexMissingError
from cica_qa.glossary import Glossary
from cica_qa.keyword import KeywordIndex
from cica_qa.store import ChunkStore
from cica_qa.types import Chunk
from ingest.blocks import ParsedDocument
from ingest.changes import ChangePlan, plan_changes
from ingest.chunk import CHUNKER_VERSION, chunk_blocks, sentence_splitter
from ingest.editions import apply_editions
from ingest.load import Skipped, load_corpus
from ingest.lock import ingest_lock
from ingest.manifest import Manifest, is_stale, read_manifest, write_manifest
from ingest.readers import parse_file

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
    """What one ingest run did, and what it noticed on the way."""

    documents: int
    chunks: int
    embedded: int
    removed: int
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
    seconds: float
    changes: ChangePlan | None = None
    dry_run: bool = False

    @property
    def chunks_per_second(self) -> float:
        """Chunks embedded per second of the whole run."""
        return self.embedded / self.seconds if self.seconds > 0 else 0.0

    def line(self) -> str:
        """The one-line summary printed at the end of an ingest."""
        if self.dry_run:
            plan = self.changes.line() if self.changes else ""
            return f"dry run, nothing changed: {plan}"
        changes = f"; {self.changes.line()}" if self.changes else ""
        return (
            f"ingested {self.documents} documents into {self.chunks} chunks "
            f"({self.embedded} embedded, {self.removed} removed, "
            f"{len(self.skipped)} files skipped, {len(self.warnings)} warnings) "
            f"in {self.seconds:.1f} s, {self.chunks_per_second:.0f} chunks/s{changes}"
        )

    def to_json(self) -> dict[str, object]:
        """Plain data for --json."""
        return {
            "dry_run": self.dry_run,
            "documents": self.documents,
            "chunks": self.chunks,
            "chunks_embedded": self.embedded,
            "chunks_removed": self.removed,
            "skipped": [{"file": s.name, "reason": s.reason} for s in self.skipped],
            "warnings": list(self.warnings),
            "seconds": round(self.seconds, 2),
            "chunks_per_second": round(self.chunks_per_second, 1),
            **(self.changes.to_json() if self.changes else {}),
        }


@dataclass(frozen=True)
class ParsedCorpus:
    """Every corpus file's hash, the chunks to index, and what could not be read."""

    hashes: dict[str, str]
    chunks: list[Chunk]
    documents: int
    skipped: tuple[Skipped, ...]
    warnings: tuple[str, ...]
    glossary: Glossary


def index_is_stale(plan: IngestPlan, model_id: str) -> bool:
    """True when the index is missing or no longer matches the corpus, model or chunker."""
    hashes = {f.name: f.sha256 for f in load_corpus(plan.corpus_dir).files}
    return is_stale(read_manifest(plan.index_dir), hashes, model_id, plan.chunker)


def run_ingest(
    plan: IngestPlan, embedder: Embedder, show_progress: bool = True, dry_run: bool = False
) -> IngestSummary:
    """Bring the index in line with the corpus folder; running it twice changes nothing.

    With dry_run, work out and return the plan but write nothing.
    """
    started = time.perf_counter()
    parsed = parse_corpus(plan, embedder)
    previous = read_manifest(plan.index_dir)
    rebuild = previous is not None and (
        previous.model_id != embedder.model_id or previous.chunker != plan.chunker
    )
    wanted = {c.id for c in parsed.chunks}
    present = set() if rebuild else _present_ids(plan)
    changes = plan_changes(previous, parsed.hashes, wanted, present)
    if dry_run:
        return _summary(parsed, changes, 0, 0, started, dry_run=True)
    with ingest_lock(plan.index_dir):
        if rebuild:
            ChunkStore.drop_embedded(plan.index_dir, plan.collection)
        store = ChunkStore.open_embedded(plan.index_dir, plan.collection, create=True)
        present = store.ids()
        missing = [c for c in parsed.chunks if c.id not in present]
        embed_and_store(missing, embedder, store, show_progress)
        obsolete = sorted(present - wanted)
        store.delete(obsolete)
        write_keyword_index(plan.index_dir, parsed.chunks)
        parsed.glossary.save(plan.index_dir)
        write_manifest(
            plan.index_dir,
            Manifest(
                model_id=embedder.model_id,
                chunker=plan.chunker,
                documents=parsed.hashes,
                chunk_ids=tuple(sorted(wanted)),
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
            ),
        )
    return _summary(parsed, changes, len(missing), len(obsolete), started)


def _present_ids(plan: IngestPlan) -> set[str]:
    try:
        return ChunkStore.open_embedded(plan.index_dir, plan.collection, create=False).ids()
    except IndexMissingError:
        return set()


def _summary(
    parsed: ParsedCorpus,
    changes: ChangePlan,
    embedded: int,
    removed: int,
    started: float,
    dry_run: bool = False,
) -> IngestSummary:
    return IngestSummary(
        documents=parsed.documents,
        chunks=len({c.id for c in parsed.chunks}),
        embedded=embedded,
        removed=removed,
        skipped=parsed.skipped,
        warnings=parsed.warnings,
        seconds=time.perf_counter() - started,
        changes=changes,
        dry_run=dry_run,
    )


def parse_corpus(plan: IngestPlan, embedder: Embedder) -> ParsedCorpus:
    """Read, parse and chunk every corpus file; editions replace their originals."""
    corpus = load_corpus(plan.corpus_dir)
    parsed: list[ParsedDocument] = []
    skipped = list(corpus.skipped)
    for source in corpus.files:
        result = parse_file(source)
        (parsed if isinstance(result, ParsedDocument) else skipped).append(result)
    hashes = {f.name: f.sha256 for f in corpus.files}
    indexed, edition_warnings = apply_editions(parsed, hashes)
    warnings = [f"{d.name}: {w}" for d in parsed for w in d.warnings] + edition_warnings
    split_text = sentence_splitter(plan.chunk_size, plan.chunk_overlap, embedder.tokenize)
    unique: dict[str, Chunk] = {}
    for item in indexed:
        doc = item.document
        for chunk in chunk_blocks(doc.name, doc.blocks, split_text, item.original):
            unique.setdefault(chunk.id, replace(chunk, glossary=doc.glossary))
    glossary = Glossary.from_rows(
        [value for _, value in block.cells]
        for item in indexed
        if item.document.glossary
        for block in item.document.blocks
        if block.kind == "row"
    )
    return ParsedCorpus(
        hashes, list(unique.values()), len(indexed), tuple(skipped), tuple(warnings), glossary
    )


def write_keyword_index(index_dir: Path, chunks: list[Chunk]) -> None:
    """Rebuild the BM25 index over exactly the chunks now in Chroma (same ids)."""
    if chunks:
        KeywordIndex.build(chunks).save(index_dir)
    else:
        KeywordIndex.remove(index_dir)


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
