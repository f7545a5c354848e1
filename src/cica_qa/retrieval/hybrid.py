"""Retrieval: dense (Chroma) and keyword (BM25) candidates fused by reciprocal rank fusion,
with what the question pins down (dates and ordinals: cica_qa.reading) put first.

A question about "the SOC meeting of 5 March 2024" must be answered from the passage about
that meeting, not from the passage that describes the SOC in general and outranks it on
words: among the candidates (the best dense and keyword hits, searched deeper), passages
holding more of the question's dates and ordinals, by value, come first; the names it
mentions are a ranking of their own in the fusion.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from cica_qa.embedder import Embedder
from cica_qa.index.glossary import Glossary
from cica_qa.index.keyword import KeywordIndex
from cica_qa.index.mentions import NAME_KINDS, PIN_KINDS, MentionIndex, asked_keys, pins_of
from cica_qa.index.people import People
from cica_qa.index.store import VectorStore
from cica_qa.types import Hit, Mention

RETRIEVAL_MODES = ("hybrid", "dense", "keyword")
RRF_K = 60  # the constant of Cormack et al.; damps the weight of the very first ranks
ALWAYS_KEPT = 2  # each retriever's best hits lead the list even when the other missed them
NEIGHBOURS = 4  # passages of the best hit's document added as candidate sources
# passages ranked below this count as not retrieved: answering takes candidates from the
# top twelve (answering/candidates.CANDIDATE_SOURCES)
NEIGHBOURS_BEYOND = 12
NEIGHBOUR_SCOPE = 40  # documents with more unretrieved passages than this add none
KEYWORD_POOL = 100  # keyword hits searched for passages holding what the question pins down


@dataclass(frozen=True)
class Retrieved:
    """Hits for a question, best first; scores are cosine similarities to the query vector."""

    query: str  # the question with glossary expansions (what BM25 and answering read)
    query_vector: tuple[float, ...]  # of the question as asked
    hits: tuple[Hit, ...]
    mentions: tuple[Mention, ...] = ()  # what the question names and pins down
    # passages of the best hit's document that were not retrieved, closest first
    neighbours: tuple[Hit, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)  # embed, dense, keyword, fuse


def reciprocal_rank_fusion(rankings: Sequence[Sequence[str]], k: int = RRF_K) -> list[str]:
    """Ids ordered by the sum of 1 / (k + rank) over the rankings that contain them."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, item in enumerate(ranking, start=1):
            scores[item] = scores.get(item, 0.0) + 1.0 / (k + rank)
    return sorted(scores, key=lambda item: (-scores[item], item))


class HybridRetriever:
    """Dense and keyword candidates, fused; either alone when the mode says so."""

    def __init__(
        self,
        embedder: Embedder,
        store: VectorStore,
        keyword: KeywordIndex,
        glossary: Glossary,
        mode: str = "hybrid",
        live: frozenset[str] | None = None,
        mentions: MentionIndex | None = None,
        people: People | None = None,
        chunks_of: Callable[[str], Sequence[str]] | None = None,
    ) -> None:
        if mode not in RETRIEVAL_MODES:
            raise ValueError(f"retrieval mode {mode!r} is not one of {RETRIEVAL_MODES}")
        self._embedder = embedder
        self._store = store
        self._keyword = keyword
        self._glossary = glossary
        self.mode = mode
        self._live = live  # the chunk ids of the index's current state (None: all)
        self._mentions = mentions if mentions is not None else MentionIndex({})
        self._people = people if people is not None else People()
        self._chunks_of = chunks_of

    def retrieve(
        self,
        question: str,
        top_k: int,
        mentions: Sequence[Mention] = (),
        embedded: Sequence[float] | None = None,
    ) -> Retrieved:
        """The top_k chunks for a question, with cosine scores for every hit; `mentions` are
        the question's own (what it names and pins down); `embedded` its vector, when it was
        embedded already."""
        clock = _Clock()
        query = self._glossary.expand(question)
        # The model already knows a country's other names; expansions would only blur its vector.
        if embedded is None:
            embedded = self._embedder.embed_query(question)
        vector = tuple(embedded)
        clock.lap("embed")
        rankings: list[list[str]] = []
        dense: dict[str, Hit] = {}
        if self.mode != "keyword":
            dense = {hit.chunk.id: hit for hit in self._store.query(vector, top_k, self._live)}
            rankings.append(list(dense))
        clock.lap("dense")
        pool: list[str] = []
        if self.mode != "dense":
            keyword = [hit.chunk_id for hit in self._keyword.search(query, KEYWORD_POOL)]
            rankings.append(keyword[:top_k])
            pool = reciprocal_rank_fusion([*rankings[:-1], keyword])
        clock.lap("keyword")
        pinned = self._mentions.matches(asked_keys(pins_of(mentions), PIN_KINDS))
        named = self._mentions.matches(asked_keys(mentions, NAME_KINDS))
        pool = pool or list(dense)
        for matched in (pinned, named):
            if matched:
                holding = [i for i in pool if matched[i]]
                rankings.append(sorted(holding, key=lambda i: -matched[i])[:top_k])
        # RRF rewards agreement, so a passage only one retriever finds (the one chunk that says
        # "website") would sink below passages both find half-way; each one's best stay on top.
        leaders = [item for ranking in rankings[:2] for item in ranking[:ALWAYS_KEPT]]
        chosen = list(dict.fromkeys(leaders + reciprocal_rank_fusion(rankings)))[:top_k]
        if pinned:  # the passage about the date asked for beats the one about another date
            chosen.sort(key=lambda i: -pinned[i])
        missing = [chunk_id for chunk_id in chosen if chunk_id not in dense]
        found = {hit.chunk.id: hit for hit in self._store.scored(missing, vector)}
        hits = tuple(
            self._people.hit(dense.get(i) or found[i]) for i in chosen if i in dense or i in found
        )
        neighbours = self._neighbours(hits, vector)
        clock.lap("fuse")
        return Retrieved(query, vector, hits, tuple(mentions), neighbours, clock.laps)

    def _neighbours(self, hits: Sequence[Hit], vector: Sequence[float]) -> tuple[Hit, ...]:
        """The passages of the best hit's document that were not retrieved (its prose, not
        its table rows), closest first: a press release's second passage says what its first
        one, which names the meeting, leads up to."""
        if not hits or self._chunks_of is None:
            return ()
        document = hits[0].chunk.document
        found = {h.chunk.id for h in hits[:NEIGHBOURS_BEYOND]}
        others = [i for i in self._chunks_of(document) if i not in found]
        if not others or len(others) > NEIGHBOUR_SCOPE:
            return ()
        scored = [h for h in self._store.scored(others, vector) if not h.chunk.cells]
        scored.sort(key=lambda h: -h.score)
        return tuple(self._people.hit(h) for h in scored[:NEIGHBOURS])


class _Clock:
    """Milliseconds spent in each named stage, in order."""

    def __init__(self) -> None:
        self.laps: dict[str, float] = {}
        self._last = time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = (now - self._last) * 1000
        self._last = now
