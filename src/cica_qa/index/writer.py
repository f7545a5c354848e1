"""The index's one writer, opposite its one reader (index/reader.py): the collection a model
and chunker write to, a new state's files, the manifest switch, and clearing what the new
state no longer uses. Ingest decides what to write; this module decides where it goes."""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import time
from collections.abc import Iterator, Mapping, Sequence

from cica_qa.errors import IndexMissingError
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import KeywordIndex, is_saved
from cica_qa.index.layout import INDEX_FORMAT, IndexLayout
from cica_qa.index.lock import ingest_lock
from cica_qa.index.manifest import Manifest, read_manifest, write_manifest
from cica_qa.index.mentions import MentionIndex
from cica_qa.index.people import People
from cica_qa.index.spans import SpanVectors
from cica_qa.index.store import StoreBackend, VectorStore
from cica_qa.types import Chunk


class IndexWriter:
    """Writes one index: its folder (layout) and the collections of its backend whose names
    start with `prefix` (CICA_COLLECTION)."""

    def __init__(self, layout: IndexLayout, backend: StoreBackend, prefix: str) -> None:
        self.layout = layout
        self.backend = backend
        self.prefix = prefix

    def collection_for(self, model_id: str, chunker: str) -> str:
        """The collection for this model, chunker and index format: a change builds a new one."""
        key = f"{model_id}\n{chunker}\n{INDEX_FORMAT}"
        return f"{self.prefix}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"

    def manifest(self) -> Manifest | None:
        """The current state's manifest, or None when there is none this version can read."""
        return read_manifest(self.layout.manifest)

    def is_current(
        self, manifest: Manifest | None, hashes: Mapping[str, str], model_id: str, chunker: str
    ) -> bool:
        """True when readers can load the manifest's state and it was built from exactly these
        files, model, chunker and store."""
        if manifest is None or manifest.is_stale(hashes, model_id, chunker, self.backend.identity):
            return False
        files = self.layout.generation(manifest.generation)
        readable = files.folder.is_dir() and (is_saved(files.keyword) or not manifest.chunk_ids)
        return manifest.collection == self.collection_for(model_id, chunker) and readable

    def is_settled(self, manifest: Manifest) -> bool:
        """True when the last ingest left nothing behind: its collection is the only one of
        this index, holding exactly the chunks the manifest lists (an is_current manifest)."""
        if self._collections() != [manifest.collection]:
            return False
        store = self.existing(manifest.collection)
        return store is not None and store.count() == len(manifest.chunk_ids)

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the ingest lock: one writer at a time (IngestBusyError otherwise)."""
        with ingest_lock(self.layout):
            yield

    def open(self, collection: str) -> VectorStore:
        """The collection, created when missing."""
        return self.backend.open(collection, create=True)

    def existing(self, collection: str) -> VectorStore | None:
        """The collection, or None when it does not exist."""
        try:
            return self.backend.open(collection, create=False)
        except IndexMissingError:
            return None

    def write_state(
        self,
        chunks: Sequence[Chunk],
        terms: Mapping[str, str],
        glossary: Glossary,
        spans: SpanVectors | None = None,
    ) -> str:
        """A new state's keyword and mention indexes (over exactly these chunks, with the
        people the reader missed), glossary and sentence vectors, in a new generation folder
        that no reader sees until switch() names it; its name."""
        name = f"{time.time_ns():020d}-{os.getpid()}"  # sorts by time, never repeats
        files = self.layout.generation(name)
        files.folder.mkdir(parents=True)
        if chunks:
            KeywordIndex.build(chunks, terms).save(files.keyword)
            people = People.build(chunks)
            MentionIndex.build([people.chunk(c) for c in chunks]).save(files.mentions)
            people.save(files.people)
        if spans is not None and len(spans):
            spans.save(files.spans)
        glossary.save(files.vocabulary)
        return name

    def span_vectors(self, manifest: Manifest | None, collection: str) -> SpanVectors:
        """The sentence vectors of the manifest's state when its vectors are this
        collection's (the same model and chunker), to reuse; none otherwise."""
        if manifest is None or manifest.collection != collection or not manifest.generation:
            return SpanVectors.empty()
        try:
            return SpanVectors.load(self.layout.generation(manifest.generation).spans)
        except (OSError, ValueError, KeyError):  # damaged: the next state embeds them again
            return SpanVectors.empty()

    def switch(self, manifest: Manifest) -> None:
        """Point readers at the new state, in one atomic rename."""
        write_manifest(self.layout.manifest, manifest)

    def remove_old_states(self, current: Manifest, previous: Manifest | None) -> None:
        """After the switch: other collections of this index, and all states but the current
        and the one before it (a reader may be loading that one right now)."""
        for name in self._collections():
            if name != current.collection:
                self.backend.drop(name)
        keep = {current.generation, previous.generation if previous else ""}
        root = self.layout.generations
        for folder in sorted(root.iterdir()) if root.is_dir() else []:
            if folder.name not in keep:
                shutil.rmtree(folder, ignore_errors=True)
        for legacy in self.layout.legacy:
            if legacy.is_dir():
                shutil.rmtree(legacy, ignore_errors=True)
            elif legacy.exists():
                legacy.unlink()

    def _collections(self) -> list[str]:
        """This index's collections: the prefix alone (older versions) or prefix-<hash>."""
        return [
            n for n in self.backend.names() if n == self.prefix or n.startswith(f"{self.prefix}-")
        ]
