"""Embed chunks and write them to the store at the same time: the model embeds the next
batch while a writer thread stores the last ones."""

from __future__ import annotations

import queue
import threading
from collections.abc import Sequence

from cica_qa.embedder import Embedder
from cica_qa.index.spans import SpanVectors
from cica_qa.index.store import VectorStore
from cica_qa.types import Chunk

EMBED_BATCH = 64
# Chroma writes this many chunks per call: a call has a cost of its own, and on a small machine
# the writer's CPU time is taken from the model (measured: 10k chunks written 64 at a time
# cost 12.1 s, 256 at a time 8.4 s).
WRITE_BATCH = 256
Batch = tuple[list[Chunk], Sequence[Sequence[float]]]


def embed_and_store(
    chunks: list[Chunk], embedder: Embedder, store: VectorStore, show_progress: bool
) -> None:
    """Embed in batches with a progress bar; a writer thread stores them, WRITE_BATCH at a
    time, while the model embeds the next ones. A failed write stops the embedding and is
    raised here.

    Chunks go in order of length: the model pads a batch to its longest text, so a batch of
    similar lengths costs what its texts need, not what the longest chunk of a mixed batch
    needs (the same reason SentenceTransformer.encode sorts its input).
    """
    from tqdm import tqdm

    chunks = sorted(chunks, key=lambda c: (len(c.text), c.id))
    pending: queue.Queue[Batch | None] = queue.Queue(maxsize=2)
    failures: list[BaseException] = []
    writer = threading.Thread(
        target=_write, args=(pending, store, failures), name="chroma-writer", daemon=True
    )
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


def _write(
    pending: queue.Queue[Batch | None], store: VectorStore, failures: list[BaseException]
) -> None:
    """Store what arrives, WRITE_BATCH at a time, until None; a failure is kept for the caller."""
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


def embed_spans(
    texts: Sequence[str], embedder: Embedder, known: SpanVectors, show_progress: bool
) -> tuple[SpanVectors, int]:
    """The vectors of the chunks' sentences, list items and whole lists (`texts`, as
    passages.texts_to_embed gives them: what answering compares with a question), reusing
    those `known` holds; and how many were embedded. Shortest first, in batches, with a
    progress bar."""
    from tqdm import tqdm

    def embed(missing: Sequence[str]) -> list[Sequence[float]]:
        order = sorted(range(len(missing)), key=lambda i: (len(missing[i]), missing[i]))
        vectors: list[Sequence[float]] = [()] * len(missing)
        with tqdm(
            total=len(missing),
            unit="sentence",
            desc="Embedding sentences",
            disable=not show_progress,
        ) as bar:
            for start in range(0, len(order), EMBED_BATCH):
                batch = order[start : start + EMBED_BATCH]
                for i, vector in zip(
                    batch, embedder.embed_texts([missing[i] for i in batch]), strict=True
                ):
                    vectors[i] = vector
                bar.update(len(batch))
        return vectors

    return SpanVectors.build(texts, embed, known)
