"""Where everything of one index lives on disk: the only module that knows the file names.

<index_dir>/
  manifest.json             the current state (index/manifest.py); replaced in one rename
  generations/<name>/       one state's keyword index (keyword/), glossary (vocabulary.json)
                            mention index (mentions.json), sentence vectors
                            (spans.npz) and people the reader missed (people.json)
  parse-cache.sqlite        what ingest made of each document (ingest/cache.py)
  ingest.lock               held by the one ingest writing the index (and .holder: its pid)
  chroma.sqlite3, <uuid>/   the embedded Chroma store (when CICA_CHROMA_HOST is unset)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

# Bump when anything the index stores changes shape (chunk records, manifest, keyword index,
# glossary): readers then ask for an ingest, and ingest builds a new collection.
INDEX_FORMAT = "7"


@dataclass(frozen=True)
class GenerationFiles:
    """The files of one index state beside the vectors."""

    folder: Path

    @property
    def keyword(self) -> Path:
        """The keyword (BM25) index's folder."""
        return self.folder / "keyword"

    @property
    def mentions(self) -> Path:
        """Which chunks mention which dates, ordinals, numbers and names."""
        return self.folder / "mentions.json"

    @property
    def spans(self) -> Path:
        """The vectors of the passages' sentences, list items and lists."""
        return self.folder / "spans.npz"

    @property
    def people(self) -> Path:
        """People's names the reader missed, found with the whole corpus (index/people.py)."""
        return self.folder / "people.json"

    @property
    def vocabulary(self) -> Path:
        """The glossary's groups of interchangeable names."""
        return self.folder / "vocabulary.json"


@dataclass(frozen=True)
class IndexLayout:
    """The paths of an index folder."""

    root: Path

    @property
    def manifest(self) -> Path:
        """The manifest: which state readers use."""
        return self.root / "manifest.json"

    @property
    def generations(self) -> Path:
        """The folder of states, one sub-folder each."""
        return self.root / "generations"

    def generation(self, name: str) -> GenerationFiles:
        """The files of the state called `name`."""
        return GenerationFiles(self.generations / name)

    @property
    def parse_cache(self) -> Path:
        """What ingest made of each document, so unchanged ones are not parsed again."""
        return self.root / "parse-cache.sqlite"

    @property
    def lock(self) -> Path:
        """The lock the one writing ingest holds."""
        return self.root / "ingest.lock"

    @property
    def lock_holder(self) -> Path:
        """Which process holds the lock, for the message a second ingest gives."""
        return self.root / "ingest.lock.holder"

    @property
    def legacy(self) -> tuple[Path, ...]:
        """Files of the single-state layout of older versions, removed by the next ingest."""
        return (
            self.root / "keyword",
            self.root / "vocabulary.json",
            self.root / "parse-cache.json",  # the parse cache as one JSON file
        )
