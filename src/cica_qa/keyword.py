"""The keyword (BM25) index: llama-index's BM25Retriever over normalised chunk texts.

Built at ingest from the same chunks (same ids) as the Chroma collection and saved beside
it; texts are normalised first so case, accents and punctuation never change a match.
"""

from __future__ import annotations

import logging
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from cica_qa.errors import IndexMissingError
from cica_qa.normalize import normalise
from cica_qa.types import Chunk

KEYWORD_DIR = "keyword"


@dataclass(frozen=True)
class KeywordHit:
    """A chunk id with its BM25 score."""

    chunk_id: str
    score: float


def keyword_text(chunk: Chunk) -> str:
    """What BM25 indexes for a chunk: its section path and text, normalised."""
    return normalise(f"{chunk.section}\n{chunk.text}")


class KeywordIndex:
    """BM25 over chunk texts; answers with chunk ids."""

    def __init__(self, retriever: object, vocabulary: frozenset[str]) -> None:
        self._retriever = retriever
        self.vocabulary = vocabulary  # every stem in the corpus
        self.size = int(retriever.bm25.scores["num_docs"])

    @classmethod
    def build(cls, chunks: Sequence[Chunk], texts: Mapping[str, str] | None = None) -> KeywordIndex:
        """Index the chunks (at least one); `texts` gives keyword_text by id when known."""
        from llama_index.core.schema import TextNode
        from llama_index.retrievers.bm25 import BM25Retriever

        known = texts or {}
        nodes = [TextNode(id_=c.id, text=known.get(c.id) or keyword_text(c)) for c in chunks]
        logging.getLogger("llama_index.retrievers.bm25").setLevel(logging.ERROR)
        retriever = BM25Retriever.from_defaults(nodes=nodes, similarity_top_k=10)
        return cls(retriever, _vocabulary(retriever))

    def save(self, index_dir: Path) -> None:
        """Replace the saved index in one rename, so readers see the old one or the new one."""
        target = index_dir / KEYWORD_DIR
        temporary = index_dir / f"{KEYWORD_DIR}.tmp"
        shutil.rmtree(temporary, ignore_errors=True)
        self._retriever.persist(str(temporary), show_progress=False)
        old = index_dir / f"{KEYWORD_DIR}.old"
        shutil.rmtree(old, ignore_errors=True)
        if target.exists():
            target.rename(old)
        temporary.rename(target)
        shutil.rmtree(old, ignore_errors=True)

    @staticmethod
    def remove(index_dir: Path) -> None:
        """Delete the saved index (the corpus is empty)."""
        shutil.rmtree(index_dir / KEYWORD_DIR, ignore_errors=True)

    @classmethod
    def load(cls, index_dir: Path) -> KeywordIndex:
        """The saved index; IndexMissingError when there is none."""
        path = index_dir / KEYWORD_DIR
        if not path.is_dir():
            raise IndexMissingError(
                f"the index at {index_dir} has no keyword index: run `cica-qa ingest`"
            )
        from llama_index.retrievers.bm25 import BM25Retriever

        logging.getLogger("llama_index.retrievers.bm25").setLevel(logging.ERROR)
        retriever = BM25Retriever.from_persist_dir(str(path), show_progress=False)
        return cls(retriever, _vocabulary(retriever))

    def search(self, query: str, top_k: int) -> list[KeywordHit]:
        """The top_k chunks for a query, best first; chunks sharing no word are left out."""
        from llama_index.core.schema import QueryBundle

        self._retriever.similarity_top_k = min(top_k, self.size)
        found = self._retriever.retrieve(QueryBundle(normalise(query)))
        return [KeywordHit(r.node.node_id, float(r.score)) for r in found if r.score > 0]


def _vocabulary(retriever: object) -> frozenset[str]:
    return frozenset(str(token) for token in retriever.bm25.vocab_dict if str(token))
