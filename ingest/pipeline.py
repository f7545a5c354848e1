"""Corpus folder -> blocks -> chunks -> vectors -> Chroma, embedding only what the index lacks."""

from __future__ import annotations

import gc
import hashlib
import os
import queue
import shutil
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cica_qa.ingest.blocks import ParsedDocument
from cica_qa.ingest.cache import DocumentResult, ParseCache
from cica_qa.ingest.changes import ChangePlan, plan_changes
from cica_qa.ingest.chunk import CHUNKER_VERSION, chunk_blocks, sentence_splitter
from cica_qa.ingest.editions import apply_editions
from cica_qa.ingest.load import Corpus, Skipped, load_corpus
from cica_qa.ingest.readers import parse_file

from cica_qa.embedder import Embedder
from cica_qa.errors import IndexMissingError
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import KeywordIndex, is_saved, keyword_terms
from cica_qa.index.lock import ingest_lock
from cica_qa.index.manifest import (
    GENERATIONS_DIR,
    Manifest,
    generation_dir,
    is_stale,
    read_manifest,
    write_manifest,
)
from cica_qa.index.store import STORE_FORMAT, ChromaTarget, ChunkStore
from cica_qa.types import Chunk

EMBED_BATCH = 64
# Chroma writes this many chunks per call: a call has a cost of its own, and on a small machine
# the writer's CPU time is taken from the model (measured: 10k chunks written 64 at a time
# cost 12.1 s, 256 at a time 8.4 s).
WRITE_BATCH = 256


@dataclass(frozen=True)
class IngestPlan:
    """Where to read, where to write, and how to chunk."""

    corpus_dir: Path
    index_dir: Path
    collection: str
    chunk_size: int
    chunk_overlap: int
    chroma_host: str = ""  # set: vectors go to this Chroma server, not the embedded index
    chroma_port: int = 8000

    @property
    def chunker(self) -> str:
        """Chunker identity recorded in the manifest: version and sizes."""
        return f"v{CHUNKER_VERSION}:size={self.chunk_size}:overlap={self.chunk_overlap}"

    @property
    def target(self) -> ChromaTarget:
        """Where the vectors live."""
        return ChromaTarget(self.index_dir, self.chroma_host, self.chroma_port)

    def collection_for(self, model_id: str) -> str:
        """The collection for this model, chunker and record format: a change builds a new one."""
        key = f"{model_id}\n{self.chunker}\n{STORE_FORMAT}"
        digest = hashlib.sha256(key.encode()).hexdigest()[:10]
        return f"{self.collection}-{digest}"


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
    keyword_terms: dict[str, str] = field(default_factory=dict)  # chunk id -> what BM25 counts


def index_is_stale(plan: IngestPlan, model_id: str) -> bool:
    """True when the index is missing or no longer matches the corpus, model, chunker or store."""
    hashes = {f.name: f.sha256 for f in load_corpus(plan.corpus_dir).files}
    manifest = read_manifest(plan.index_dir)
    if is_stale(manifest, hashes, model_id, plan.chunker, plan.target.identity):
        return True
    return manifest.collection != plan.collection_for(model_id) or not _readable(plan, manifest)


def _readable(plan: IngestPlan, manifest: Manifest) -> bool:
    """True when the manifest's state can be loaded by this version (its keyword index
    may be of an older format; a re-ingest then rewrites it without embedding again)."""
    folder = generation_dir(plan.index_dir, manifest.generation)
    return folder.is_dir() and (is_saved(folder) or not manifest.chunk_ids)


def run_ingest(
    plan: IngestPlan, embedder: Embedder, show_progress: bool = True, dry_run: bool = False
) -> IngestSummary:
    """Bring the index in line with the corpus folder; running it twice changes nothing
    (see _run_ingest)."""
    with _cycle_collection_paused():
        return _run_ingest(plan, embedder, show_progress, dry_run)


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cycle collector off while ingest runs. Ingest makes many small objects and
    no cycles worth collecting, and each full collection also walks every object of the
    model and Chroma: measured, 0.3 s pauses in a 1.3 s re-ingest of 1% of 5,000 documents.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _run_ingest(
    plan: IngestPlan, embedder: Embedder, show_progress: bool, dry_run: bool
) -> IngestSummary:
    """Bring the index in line with the corpus folder; running it twice changes nothing.

    Readers keep answering from the old state until the manifest switches them to the new
    one, whole: new chunks are added first (vectors of unchanged text are reused, not
    embedded again), then the manifest is replaced, then what it no longer lists is deleted.
    Killed at any moment, the index still answers from the old state or the new one, and
    the next run finishes the job. With dry_run, work out and return the plan, write nothing.
    """
    started = time.perf_counter()
    corpus = load_corpus(plan.corpus_dir)
    previous = read_manifest(plan.index_dir)
    name = plan.collection_for(embedder.model_id)
    if previous is not None and _settled(plan, previous, corpus, embedder.model_id, name):
        return _unchanged(previous, corpus, started, dry_run)
    # what each document made, by name, hash, model (its tokenizer sizes chunks) and chunker
    cache = ParseCache.load(plan.index_dir, f"{embedder.model_id}|{plan.chunker}")
    parsed = parse_corpus(plan, embedder, corpus, cache)
    wanted = {c.id for c in parsed.chunks}
    if dry_run:
        store = _existing(plan.target, name)
        present = store.ids() if store else set()
        reusable = _reusable(store, present - wanted) if store else {}
        work = _work(parsed.chunks, present, reusable)
        changes = plan_changes(previous, parsed.hashes, wanted, present, len(work.reused))
        return _summary(parsed, changes, 0, 0, started, dry_run=True)
    with ingest_lock(plan.index_dir):
        store = ChunkStore.open(plan.target, name, create=True)
        present = _present(store, previous, name)
        obsolete = sorted(present - wanted)
        work = _work(parsed.chunks, present, _reusable(store, obsolete))
        changes = plan_changes(previous, parsed.hashes, wanted, present, len(work.reused))
        store.upsert(work.reused, work.reused_vectors)
        embed_and_store(work.to_embed, embedder, store, show_progress)
        generation = _new_generation()
        _write_generation(plan, generation, parsed, cache)
        write_manifest(  # the switch: from here on readers answer from the new state
            plan.index_dir,
            Manifest(
                model_id=embedder.model_id,
                chunker=plan.chunker,
                documents=parsed.hashes,
                chunks=_chunks_by_document(parsed),
                ingested_at=datetime.now(UTC).isoformat(timespec="seconds"),
                collection=name,
                generation=generation,
                store=plan.target.identity,
            ),
        )
        store.delete(obsolete)
        _remove_old_states(plan, name, generation, previous)
    return _summary(parsed, changes, len(work.to_embed), len(obsolete), started)


def _write_generation(
    plan: IngestPlan, generation: str, parsed: ParsedCorpus, cache: ParseCache
) -> None:
    """The files of a new state (keyword index and glossary), and the parse cache."""
    folder = generation_dir(plan.index_dir, generation)
    folder.mkdir(parents=True)
    write_keyword_index(folder, parsed.chunks, parsed.keyword_terms)
    parsed.glossary.save(folder)
    cache.save()


def _chunks_by_document(parsed: ParsedCorpus) -> dict[str, tuple[str, ...]]:
    """Each corpus file's chunk ids (none for an original its edition replaces)."""
    ids: dict[str, list[str]] = {name: [] for name in parsed.hashes}
    for chunk in parsed.chunks:
        ids.setdefault(chunk.document, []).append(chunk.id)
    return {name: tuple(sorted(chunk_ids)) for name, chunk_ids in ids.items()}


def _settled(
    plan: IngestPlan, previous: Manifest, corpus: Corpus, model_id: str, name: str
) -> bool:
    """True when the last ingest finished for exactly these files, model, chunker and store,
    and left nothing behind: then there is nothing to read, embed or delete."""
    hashes = {f.name: f.sha256 for f in corpus.files}
    if is_stale(previous, hashes, model_id, plan.chunker, plan.target.identity):
        return False
    if previous.collection != name or not _readable(plan, previous):
        return False
    ours = [n for n in ChunkStore.names(plan.target) if n.startswith(f"{plan.collection}-")]
    if ours != [name]:
        return False
    store = _existing(plan.target, name)
    return store is not None and store.count() == len(previous.chunk_ids)


def _unchanged(previous: Manifest, corpus: Corpus, started: float, dry_run: bool) -> IngestSummary:
    """The summary of a run that found nothing to do."""
    names = tuple(sorted(previous.documents))
    return IngestSummary(
        documents=sum(1 for ids in previous.chunks.values() if ids),
        chunks=len(previous.chunk_ids),
        embedded=0,
        removed=0,
        skipped=corpus.skipped,
        warnings=(),
        seconds=time.perf_counter() - started,
        changes=ChangePlan((), (), (), names, 0, 0),
        dry_run=dry_run,
    )


@dataclass(frozen=True)
class _Work:
    """Chunks the index lacks: those whose text it already has a vector for, and the rest."""

    reused: list[Chunk]
    reused_vectors: list[list[float]]
    to_embed: list[Chunk]


def _work(chunks: list[Chunk], present: set[str], reusable: dict[str, list[float]]) -> _Work:
    missing = [c for c in chunks if c.id not in present]
    reused = [c for c in missing if c.text in reusable]
    return _Work(
        reused=reused,
        reused_vectors=[reusable[c.text] for c in reused],
        to_embed=[c for c in missing if c.text not in reusable],
    )


def _present(store: ChunkStore, previous: Manifest | None, name: str) -> set[str]:
    """The chunk ids in the collection. When it holds exactly as many as the last finished
    ingest listed, they are those: ingest only deletes chunks after a switch, and only ones
    the new state does not list, so a count that matches leaves nothing else possible."""
    if (
        previous is not None
        and previous.collection == name
        and store.count() == len(previous.chunk_ids)
    ):
        return set(previous.chunk_ids)
    return store.ids()


def _reusable(store: ChunkStore, obsolete: Iterable[str]) -> dict[str, list[float]]:
    """Vectors of the chunks about to go, by text: a moved or renamed passage keeps its own."""
    return {text: vector for text, vector in store.vectors(sorted(obsolete)).values()}


def _existing(target: ChromaTarget, name: str) -> ChunkStore | None:
    try:
        return ChunkStore.open(target, name, create=False)
    except IndexMissingError:
        return None


def _new_generation() -> str:
    """A folder name that sorts by time and never repeats."""
    return f"{time.time_ns():020d}-{os.getpid()}"


def _remove_old_states(
    plan: IngestPlan, current: str, generation: str, previous: Manifest | None
) -> None:
    """After the switch: other collections of this index, and all but the last two states.

    The state before this one stays, so a reader that is loading it now can finish.
    """
    target = plan.target
    ours = [n for n in ChunkStore.names(target) if n.startswith(f"{plan.collection}-")]
    for name in ours + ([plan.collection] if plan.collection in ChunkStore.names(target) else []):
        if name != current:
            ChunkStore.drop(target, name)
    keep = {generation, previous.generation if previous else ""}
    root = plan.index_dir / GENERATIONS_DIR
    for folder in sorted(root.iterdir()) if root.is_dir() else []:
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)
    for legacy in ("keyword", "vocabulary.json"):  # the single-state layout of older versions
        path = plan.index_dir / legacy
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        elif path.exists():
            path.unlink()


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


def parse_corpus(
    plan: IngestPlan,
    embedder: Embedder,
    corpus: Corpus | None = None,
    cache: ParseCache | None = None,
) -> ParsedCorpus:
    """Read, parse and chunk every corpus file; editions replace their originals.

    With a cache, a document whose name, bytes and chunker are unchanged is taken from it.
    """
    corpus = corpus if corpus is not None else load_corpus(plan.corpus_dir)
    split_text = sentence_splitter(plan.chunk_size, plan.chunk_overlap, embedder.tokenize)
    results: list[DocumentResult] = []
    fresh: list[DocumentResult] = []
    skipped = list(corpus.skipped)
    for source in corpus.files:
        result = cache.get(source.name, source.sha256) if cache is not None else None
        if result is None:
            parsed = parse_file(source)
            if isinstance(parsed, Skipped):
                skipped.append(parsed)
                continue
            result = document_result(parsed, split_text)
            fresh.append(result)
        results.append(result)
    filled = _with_keyword_terms(fresh)
    for result in filled.values():
        if cache is not None:
            cache.put(result)
    results = [filled.get(id(r), r) for r in results]
    hashes = {f.name: f.sha256 for f in corpus.files}
    indexed, edition_warnings = apply_editions(results, hashes)
    warnings = [f"{r.name}: {w}" for r in results for w in r.warnings] + edition_warnings
    unique: dict[str, Chunk] = {}
    keyword_terms: dict[str, str] = {}
    for item in indexed:
        for chunk, text in zip(item.document.chunks, item.document.keyword_terms, strict=True):
            unique.setdefault(chunk.id, chunk)
            keyword_terms.setdefault(chunk.id, text)
    glossary = Glossary.from_rows(
        row for item in indexed if item.document.glossary for row in item.document.glossary_rows
    )
    return ParsedCorpus(
        hashes,
        list(unique.values()),
        len(indexed),
        tuple(skipped),
        tuple(warnings),
        glossary,
        keyword_terms,
    )


def _with_keyword_terms(fresh: list[DocumentResult]) -> dict[int, DocumentResult]:
    """Each freshly parsed result (by id()) with its keyword terms, made in one pass over
    all their chunks (a tokenizer call per document costs more than the tokenizing)."""
    terms = iter(keyword_terms([c for r in fresh for c in r.chunks]))
    return {id(r): replace(r, keyword_terms=tuple(next(terms) for _ in r.chunks)) for r in fresh}


def document_result(doc: ParsedDocument, split_text: Any) -> DocumentResult:
    """A parsed document's chunks (an edition's name their original) and declarations;
    keyword terms are filled in for many documents at once (_with_keyword_terms)."""
    chunks = tuple(
        replace(chunk, glossary=doc.glossary)
        for chunk in chunk_blocks(doc.name, doc.blocks, split_text, doc.edition_of)
    )
    return DocumentResult(
        name=doc.name,
        sha256=doc.sha256,
        chunks=chunks,
        edition_of=doc.edition_of,
        edition_of_sha256=doc.edition_of_sha256,
        glossary=doc.glossary,
        glossary_rows=tuple(
            tuple(value for _, value in block.cells)
            for block in doc.blocks
            if doc.glossary and block.kind == "row"
        ),
        warnings=doc.warnings,
    )


def write_keyword_index(
    index_dir: Path, chunks: list[Chunk], terms: dict[str, str] | None = None
) -> None:
    """Rebuild the BM25 index over exactly the chunks now in Chroma (same ids); `terms`
    holds what BM25 counts of each chunk when it is already known."""
    if chunks:
        KeywordIndex.build(chunks, terms).save(index_dir)
    else:
        KeywordIndex.remove(index_dir)


def embed_and_store(
    chunks: list[Chunk], embedder: Embedder, store: ChunkStore, show_progress: bool
) -> None:
    """Embed in batches with a progress bar; a writer thread stores them, WRITE_BATCH at a
    time, while the model embeds the next ones.

    Chunks go in order of length: the model pads a batch to its longest text, so a batch of
    similar lengths costs what its texts need, not what the longest chunk of a mixed batch
    needs (the same reason SentenceTransformer.encode sorts its input).
    """
    from tqdm import tqdm

    chunks = sorted(chunks, key=lambda c: (len(c.text), c.id))
    pending: queue.Queue[tuple[list[Chunk], Sequence[Sequence[float]]] | None]
    pending = queue.Queue(maxsize=2)
    failures: list[BaseException] = []

    def write() -> None:
        batch: list[Chunk] = []
        vectors: list[Sequence[float]] = []
        while True:
            item = pending.get()
            try:
                if item is not None:
                    batch.extend(item[0])
                    vectors.extend(item[1])
                if batch and (item is None or len(batch) >= WRITE_BATCH) and not failures:
                    store.upsert(batch, vectors)
                    batch, vectors = [], []
            except BaseException as error:  # raised again in the embedding thread
                failures.append(error)
                batch, vectors = [], []
            if item is None:
                return

    writer = threading.Thread(target=write, name="chroma-writer", daemon=True)
    writer.start()
    try:
        with tqdm(
            total=len(chunks),
            unit="chunk",
            desc="Embedding",
            disable=not show_progress or not chunks,
        ) as bar:
            for start in range(0, len(chunks), EMBED_BATCH):
                if failures:
                    break
                batch = chunks[start : start + EMBED_BATCH]
                pending.put((batch, embedder.embed_texts([c.text for c in batch])))
                bar.update(len(batch))
    finally:
        pending.put(None)
        writer.join()
    if failures:
        raise failures[0]
