"""The index as a reader sees it: one manifest's chunks, collection, keyword index and glossary.

A reader loads the state the manifest names and answers only from the chunks it lists, so an
ingest running (or killed) beside it never shows a half-updated document. When a re-ingest
replaces the manifest, `IndexReader.current()` loads the new state, whole, on the next call.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from cica_qa.errors import IndexMissingError
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import KeywordIndex
from cica_qa.index.manifest import Manifest, generation_dir, manifest_stamp, read_manifest
from cica_qa.index.store import ChromaTarget, ChunkStore


@dataclass(frozen=True)
class IndexState:
    """Everything one finished ingest left for readers."""

    manifest: Manifest
    store: ChunkStore
    keyword: KeywordIndex
    glossary: Glossary
    stamp: int  # the manifest file's mtime when loaded
    store_description: str = ""  # where the vectors live, for people (the About panel)

    @property
    def live(self) -> frozenset[str]:
        """The chunk ids this state answers from."""
        return self.manifest.live


def load_state(target: ChromaTarget) -> IndexState:
    """The state the manifest at target.index_dir names; IndexMissingError if there is none."""
    index_dir = target.index_dir
    if target.is_server:
        target.client()  # a server that does not answer says so first, whatever else is wrong
    stamp = manifest_stamp(index_dir)
    manifest = read_manifest(index_dir)
    if (manifest is None or not manifest.generation) and stamp:
        raise IndexMissingError(
            f"the index at {index_dir} was built by an older version or its manifest is "
            "damaged: run `cica-qa ingest` (or `make run`) to rebuild it"
        )
    if manifest is None or not manifest.generation:
        raise IndexMissingError(
            f"no index at {index_dir}: run `cica-qa ingest` (or `make run`) first"
        )
    if manifest.store != target.identity:
        raise IndexMissingError(
            f"the index at {index_dir} was built for the {manifest.store} store, not the "
            f"{target.describe()}: run `cica-qa ingest` with these settings first"
        )
    folder = generation_dir(index_dir, manifest.generation)
    return IndexState(
        manifest=manifest,
        store=ChunkStore.open(target, manifest.collection, create=False),
        keyword=KeywordIndex.load(folder),
        glossary=Glossary.load(folder),
        stamp=stamp,
        store_description=target.describe(),
    )


class IndexReader:
    """The current state of one index, reloaded when a re-ingest switches the manifest."""

    def __init__(self, target: ChromaTarget) -> None:
        self.target = target
        self._lock = threading.Lock()
        self._state = load_state(target)
        self.reloads = 0

    def current(self) -> IndexState:
        """The latest finished state; a cheap file-time check when nothing changed."""
        if manifest_stamp(self.target.index_dir) == self._state.stamp:
            return self._state
        with self._lock:
            if manifest_stamp(self.target.index_dir) != self._state.stamp:
                self.target.refresh()  # an embedded client would keep the old vectors
                self._state = load_state(self.target)
                self.reloads += 1
        return self._state
