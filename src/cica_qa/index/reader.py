"""The index as a reader sees it: one manifest's chunks, collection, keyword index and glossary.

A reader loads the state the manifest names and answers only from the chunks it lists, so an
ingest running (or killed) beside it never shows a half-updated document. When a re-ingest
replaces the manifest, `IndexReader.current()` loads the new state, whole, on the next call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

from cica_qa.errors import IndexMissingError
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import KeywordIndex
from cica_qa.index.layout import INDEX_FORMAT, IndexLayout
from cica_qa.index.manifest import Manifest, manifest_stamp, read_manifest
from cica_qa.index.mentions import MentionIndex
from cica_qa.index.people import People
from cica_qa.index.spans import SpanVectors
from cica_qa.index.store import StoreBackend, VectorStore


@dataclass(frozen=True)
class IndexState:
    """Everything one finished ingest left for readers."""

    manifest: Manifest
    store: VectorStore
    keyword: KeywordIndex
    glossary: Glossary
    mentions: MentionIndex = field(default_factory=lambda: MentionIndex({}))
    spans: SpanVectors = field(default_factory=SpanVectors.empty)
    people: People = field(default_factory=People)  # completes passages' and questions' names
    stamp: int = 0  # the manifest file's mtime when loaded
    store_description: str = ""  # where the vectors live, for people (the About panel)

    @property
    def live(self) -> frozenset[str]:
        """The chunk ids this state answers from."""
        return self.manifest.live


def load_state(layout: IndexLayout, backend: StoreBackend) -> IndexState:
    """The state the manifest names; IndexMissingError when there is none this version reads."""
    backend.check()  # a server that does not answer says so first, whatever else is wrong
    stamp = manifest_stamp(layout.manifest)
    manifest = read_manifest(layout.manifest)
    if manifest is None and not stamp:
        raise IndexMissingError(
            f"no index at {layout.root}: run `cica-qa ingest` (or `make run`) first"
        )
    if manifest is None or manifest.format != INDEX_FORMAT or not manifest.generation:
        raise IndexMissingError(
            f"the index at {layout.root} was built by another version or its manifest is "
            "damaged: run `cica-qa ingest` (or `make run`) to rebuild it"
        )
    if manifest.store != backend.identity:
        raise IndexMissingError(
            f"the index at {layout.root} was built for the {manifest.store} store, not the "
            f"{backend.describe()}: run `cica-qa ingest` with these settings first"
        )
    files = layout.generation(manifest.generation)
    return IndexState(
        manifest=manifest,
        store=backend.open(manifest.collection, create=False),
        keyword=KeywordIndex.load(files.keyword),
        glossary=Glossary.load(files.vocabulary),
        mentions=MentionIndex.load(files.mentions),
        spans=SpanVectors.load(files.spans),
        people=People.load(files.people),
        stamp=stamp,
        store_description=backend.describe(),
    )


class IndexReader:
    """The current state of one index, reloaded when a re-ingest switches the manifest."""

    def __init__(self, layout: IndexLayout, backend: StoreBackend) -> None:
        self.layout = layout
        self.backend = backend
        self._lock = threading.Lock()
        self._state = load_state(layout, backend)
        self.reloads = 0

    def current(self) -> IndexState:
        """The latest finished state; a cheap file-time check when nothing changed."""
        if manifest_stamp(self.layout.manifest) == self._state.stamp:
            return self._state
        with self._lock:
            if manifest_stamp(self.layout.manifest) != self._state.stamp:
                self.backend.refresh()  # an embedded client would keep the old vectors
                self._state = load_state(self.layout, self.backend)
                self.reloads += 1
        return self._state
