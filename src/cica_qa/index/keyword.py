"""The keyword (BM25) index: bm25s over normalised chunk texts, holding chunk ids only.

Built at ingest from the same chunks (same ids) as the Chroma collection and saved beside
it; texts are normalised first so case, accents and punctuation never change a match. The
texts themselves stay in Chroma: the saved index is bm25s's score matrix, its vocabulary and
the chunk ids, and it is memory-mapped on load, so a reader's memory grows with the words a
question touches, not with the corpus.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from cica_qa.errors import IndexMissingError
from cica_qa.normalize import misspelt, normalise, stemmer
from cica_qa.types import Chunk

IDS_NAME = "chunk-ids.json"  # also marks the format: older indexes lack it
TOKEN_PATTERN = r"(?u)\b\w\w+\b"
STOPWORDS = "en"
SPELLINGS_KEPT = 10_000  # unknown query terms remembered with their corpus term


@dataclass(frozen=True)
class KeywordHit:
    """A chunk id with its BM25 score."""

    chunk_id: str
    score: float


def keyword_text(chunk: Chunk) -> str:
    """What BM25 reads of a chunk: its section path and text, normalised."""
    return normalise(f"{chunk.section}\n{chunk.text}")


def keyword_terms(chunks: Sequence[Chunk]) -> list[str]:
    """What BM25 indexes for each chunk: the stems of its keyword_text less stopwords,
    space-separated. Ingest keeps them with each document, so a rebuild only counts."""
    import bm25s

    tokens = bm25s.tokenize(
        [keyword_text(c) for c in chunks],
        stopwords=STOPWORDS,
        stemmer=stemmer(),
        token_pattern=TOKEN_PATTERN,
        return_ids=False,
        show_progress=False,
    )
    return [" ".join(t) for t in tokens]


@lru_cache(maxsize=1)
def _unindexed() -> frozenset[str]:
    """The stopwords BM25 leaves out (STOPWORDS names bm25s's list)."""
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


def is_saved(folder: Path) -> bool:
    """True when the folder holds a keyword index this version can load."""
    return (folder / IDS_NAME).is_file()


class KeywordIndex:
    """BM25 over chunk texts; answers with chunk ids."""

    def __init__(self, bm25: Any, ids: Sequence[str]) -> None:
        self._bm25 = bm25
        self._ids = tuple(ids)
        self.size = len(self._ids)
        self.vocabulary = frozenset(t for t in bm25.vocab_dict if t)  # every stem in the corpus
        self._terms: list[str] | None = None  # the vocabulary as a list, for typo matching
        self._spellings: dict[str, str] = {}  # unknown term -> the corpus's term for it

    def spelt(self, term: str) -> str:
        """The corpus's own term (a stem) for a query term: itself when the corpus uses it
        or BM25 leaves it out as a stopword, the term it is a misspelling of, or itself."""
        if term in self.vocabulary or term in _unindexed():
            return term  # a stopword BM25 leaves out is no misspelling ("into" is not "jintao")
        if term not in self._spellings:  # each unknown term is looked up once
            if len(self._spellings) >= SPELLINGS_KEPT:
                self._spellings.clear()
            if self._terms is None:
                self._terms = sorted(self.vocabulary)
            self._spellings[term] = misspelt(term, self._terms) or term
        return self._spellings[term]

    @classmethod
    def build(cls, chunks: Sequence[Chunk], terms: Mapping[str, str] | None = None) -> KeywordIndex:
        """Index the chunks (at least one); `terms` gives keyword_terms by id when known."""
        from bm25s.tokenization import Tokenized

        known = terms or {}
        missing = [c for c in chunks if c.id not in known]
        made = dict(zip((c.id for c in missing), keyword_terms(missing), strict=True))
        documents = [(known.get(c.id) or made.get(c.id, "")).split() for c in chunks]
        # first-seen order, built by dict and map in C: a loop per term costs more here
        vocabulary = {t: i for i, t in enumerate(dict.fromkeys(t for d in documents for t in d))}
        ids = [list(map(vocabulary.__getitem__, d)) for d in documents]
        bm25 = _counting_bm25()
        bm25.index(Tokenized(ids=ids, vocab=vocabulary), show_progress=False)
        return cls(bm25, [c.id for c in chunks])

    def save(self, folder: Path) -> None:
        """Write the index into a new folder (a new index state's: readers never see it
        half-written, since the manifest only names it once it is whole)."""
        folder.mkdir(parents=True, exist_ok=False)
        self._bm25.save(str(folder), show_progress=False)
        (folder / IDS_NAME).write_text(json.dumps(self._ids), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> KeywordIndex:
        """The saved index, memory-mapped; IndexMissingError when there is none."""
        if not is_saved(folder):
            raise IndexMissingError(
                f"{folder} holds no keyword index of this version: run `cica-qa ingest`"
            )
        import bm25s

        bm25 = bm25s.BM25.load(str(folder), mmap=True, show_progress=False)
        ids = json.loads((folder / IDS_NAME).read_text(encoding="utf-8"))
        return cls(bm25, [str(i) for i in ids])

    def search(self, query: str, top_k: int) -> list[KeywordHit]:
        """The top_k chunks for a query, best first; chunks sharing no word are left out.
        A query word the corpus never uses counts as the corpus word it is a misspelling of
        ("turism" as "tourism")."""
        import bm25s

        tokens = bm25s.tokenize(
            normalise(query),
            stopwords=STOPWORDS,
            stemmer=stemmer(),
            token_pattern=TOKEN_PATTERN,
            return_ids=False,
            show_progress=False,
        )
        tokens = [[self.spelt(t) for t in tokens[0]]]
        if not self.size or not any(t in self.vocabulary for t in tokens[0]):
            return []
        found, scores = self._bm25.retrieve(
            tokens, k=min(top_k, self.size), show_progress=False, n_threads=0
        )
        return [
            KeywordHit(self._ids[int(i)], float(s))
            for i, s in zip(found[0], scores[0], strict=True)
            if s > 0
        ]


def _counting_bm25() -> Any:
    """A bm25s.BM25 whose index is built with array operations instead of a Python loop
    per document, giving the same score matrix bit for bit (tests/index/test_keyword.py):
    at 10,000 chunks 0.03 s instead of 0.16 s, which a 1% re-ingest pays in full.

    bm25s 0.3.16 documents build_index_from_ids as the method to override "to build the
    index in a different way"; this overrides it for its default Lucene scoring only.
    """
    import bm25s

    class CountingBM25(bm25s.BM25):
        def build_index_from_ids(
            self,
            unique_token_ids: list[int],
            corpus_token_ids: list[list[int]],
            show_progress: bool = True,
            leave_progress: bool = False,
        ) -> dict[str, Any]:
            if (self.method, self.idf_method) != ("lucene", "lucene"):
                return super().build_index_from_ids(
                    unique_token_ids, corpus_token_ids, show_progress, leave_progress
                )
            self.nonoccurrence_array = None  # as bm25s sets it for Lucene
            return lucene_scores(self, corpus_token_ids, len(unique_token_ids))

    return CountingBM25()


def lucene_scores(bm25: Any, documents: list[list[int]], vocabulary: int) -> dict[str, Any]:
    """bm25s's Lucene BM25 score matrix (CSC: token columns, document rows), computed with
    the same operations in the same order and precision as bm25s's own loop."""
    import numpy as np

    lengths = np.array([len(d) for d in documents])
    flat = np.fromiter((t for d in documents for t in d), dtype=np.int64, count=int(lengths.sum()))
    rows = np.repeat(np.arange(len(documents), dtype=np.int64), lengths)
    pairs, counts = np.unique(rows * max(vocabulary, 1) + flat, return_counts=True)
    doc, token = pairs // max(vocabulary, 1), pairs % max(vocabulary, 1)
    frequencies = np.bincount(token, minlength=vocabulary)
    n_docs = len(documents)
    idf = np.zeros(vocabulary, dtype=bm25.dtype)
    for index in np.flatnonzero(frequencies):  # math.log, as bm25s: numpy's log may differ
        df = int(frequencies[index])
        idf[index] = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    tf = counts.astype(bm25.dtype)
    average = lengths.mean() if n_docs else 0.0
    tfc = tf / (bm25.k1 * ((1 - bm25.b) + bm25.b * lengths[doc] / average) + tf)
    scores = (idf[token] * tfc).astype(bm25.dtype)
    # scipy's CSC matrix, as bm25s's own "scipy" backend builds it: the same arrays its
    # default "numpy" backend makes (test_keyword.py compares them bit for bit)
    from scipy import sparse

    matrix = sparse.csc_matrix(
        (scores, (doc.astype(bm25.int_dtype), token.astype(bm25.int_dtype))),
        shape=(n_docs, vocabulary),
        dtype=bm25.dtype,
    )
    return {
        "data": matrix.data,
        "indices": matrix.indices.astype(bm25.int_dtype),
        "indptr": matrix.indptr.astype(np.int64),  # as bm25s's numpy backend
        "num_docs": n_docs,
    }
