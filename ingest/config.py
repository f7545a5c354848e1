"""What an ingest reads, where it writes, and how it chunks."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from cica_qa.index.chroma import ChromaBackend
from cica_qa.index.layout import IndexLayout
from cica_qa.index.store import StoreBackend
from cica_qa.ingest.chunk import CHUNKER_VERSION
from cica_qa.ingest.readers import MAX_DOCUMENT_CHARS
from cica_qa.settings import Settings


@dataclass(frozen=True)
class IngestConfig:
    """The corpus folder, the index it feeds, and the chunk sizes."""

    corpus_dir: Path
    index_dir: Path
    collection: str  # prefix of the collection names (CICA_COLLECTION)
    chunk_size: int
    chunk_overlap: int
    chroma_host: str = ""  # set: vectors go to this Chroma server, not the embedded index
    chroma_port: int = 8000
    max_document_chars: int = MAX_DOCUMENT_CHARS  # a longer document is skipped

    @classmethod
    def from_settings(cls, settings: Settings) -> IngestConfig:
        """The ingest the settings describe."""
        return cls(
            corpus_dir=settings.corpus_dir,
            index_dir=settings.index_dir,
            collection=settings.collection,
            chunk_size=settings.chunk_size,
            chunk_overlap=settings.chunk_overlap,
            chroma_host=settings.chroma_host,
            chroma_port=settings.chroma_port,
            max_document_chars=settings.max_document_chars,
        )

    @property
    def chunker(self) -> str:
        """Chunker identity recorded in the manifest: version and sizes."""
        return f"v{CHUNKER_VERSION}:size={self.chunk_size}:overlap={self.chunk_overlap}"

    @property
    def layout(self) -> IndexLayout:
        """The index folder's files."""
        return IndexLayout(self.index_dir)

    def backend(self) -> StoreBackend:
        """Where the vectors go: a Chroma server, or the embedded store in the index folder."""
        return ChromaBackend(self.index_dir, self.chroma_host, self.chroma_port)
