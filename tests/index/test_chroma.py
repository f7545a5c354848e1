"""The Chroma store, for real, in a temporary folder (small hand-made vectors)."""

import math
from pathlib import Path

import pytest

from cica_qa.errors import IndexMissingError
from cica_qa.index.chroma import RECORD_KEY, ChromaBackend, hits_of
from cica_qa.types import Chunk, Location

pytestmark = pytest.mark.slow


def open_embedded(folder: Path, name: str, create: bool):
    return ChromaBackend(folder).open(name, create=create)


def chunk(name: str, cells=(), original="") -> Chunk:
    return Chunk(
        name, "doc.md", "Section", Location("line", 1, 2), f"text of {name}", cells, original
    )


def unit(*values: float) -> list[float]:
    norm = math.sqrt(sum(v * v for v in values))
    return [v / norm for v in values]


def test_query_returns_nearest_chunks_with_cosine_scores(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    store.upsert([chunk("east"), chunk("north")], [unit(1, 0, 0), unit(0, 1, 0)])
    hits = store.query(unit(1, 1, 0), top_k=2)
    assert {h.chunk.id for h in hits} == {"east", "north"}
    assert [round(h.score, 4) for h in hits] == [0.7071, 0.7071]
    best = store.query(unit(1, 0.1, 0), top_k=1)[0]
    assert best.chunk == chunk("east")
    assert best.score == pytest.approx(1 / math.sqrt(1.01), abs=1e-4)


def test_chunks_fetched_by_id_are_scored_by_cosine_to_the_query(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    store.upsert([chunk("east"), chunk("north")], [unit(1, 0, 0), unit(0, 1, 0)])
    scored = {h.chunk.id: h.score for h in store.scored(["north", "east", "gone"], unit(1, 2, 0))}
    assert scored == pytest.approx({"north": 2 / math.sqrt(5), "east": 1 / math.sqrt(5)})
    assert store.scored([], unit(1, 0, 0)) == []


def test_upserting_the_same_ids_twice_creates_no_duplicates(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    for _ in range(2):
        store.upsert([chunk("a"), chunk("b")], [unit(1, 0), unit(0, 1)])
    assert store.count() == 2
    store.delete(["a"])
    assert store.ids() == {"b"}


def test_opening_a_missing_index_says_to_ingest(tmp_path: Path):
    with pytest.raises(IndexMissingError, match=r"no index at .*run `cica-qa ingest`"):
        open_embedded(tmp_path / "none", "chunks", create=False)
    assert not (tmp_path / "none").exists()


def test_index_folder_without_the_collection_says_to_ingest(tmp_path: Path):
    open_embedded(tmp_path, "other", create=True)
    with pytest.raises(IndexMissingError, match="no collection 'chunks'"):
        open_embedded(tmp_path, "chunks", create=False)


def test_a_chunk_is_one_metadata_record_and_no_document(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    store.upsert([chunk("a")], [unit(1, 0)])
    raw = store._collection.get(ids=["a"], include=["documents", "metadatas"])
    assert raw["documents"] == [None]
    assert list(raw["metadatas"][0]) == [RECORD_KEY]


def test_a_record_of_an_older_format_says_to_re_ingest(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    # the format before one record per chunk: the text as a document, flat metadata
    store._collection.upsert(
        ids=["old"],
        embeddings=[unit(1, 0)],
        documents=["old text"],
        metadatas=[{"document": "doc.md", "section": "Section", "start": 1}],
    )
    with pytest.raises(IndexMissingError, match="older format: run `cica-qa ingest`"):
        store.query(unit(1, 0), top_k=1)


def test_a_chunk_deleted_while_a_query_runs_is_left_out_not_an_error(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    store.upsert([chunk("a")], [unit(1, 0)])
    raw = store._collection.query(
        query_embeddings=[unit(1, 0)], n_results=1, include=["metadatas", "distances"]
    )
    # what a query returns for a record a re-ingest deleted between its search and its read
    raced = {
        "ids": [["gone", *raw["ids"][0]]],
        "metadatas": [[None, *raw["metadatas"][0]]],
        "distances": [[0.0, *raw["distances"][0]]],
    }
    assert [hit.chunk.id for hit in hits_of(raced)] == ["a"]


def test_cells_original_and_location_survive_the_round_trip(tmp_path: Path):
    store = open_embedded(tmp_path, "chunks", create=True)
    stored = Chunk(
        "row",
        "b.md",
        "Catalogue › Economic",
        Location("page", 3, 3),
        "Tourism row",
        (("Priority area", "Tourism"), ("Coordinator", "Tajikistan")),
        "b.txt",
    )
    store.upsert([stored], [unit(1, 0)])
    (hit,) = store.query(unit(1, 0), top_k=1)
    assert hit.chunk == stored


def test_refresh_shows_another_processes_writes(tmp_path: Path):
    """An embedded client caches what it read; refresh() makes the next open read anew."""
    import subprocess
    import sys

    backend = ChromaBackend(tmp_path)
    open_embedded(tmp_path, "chunks", create=True).upsert([chunk("a")], [unit(1, 0)])
    assert open_embedded(tmp_path, "chunks", create=False).count() == 1
    writer = (
        "import sys; from pathlib import Path; from cica_qa.index.chroma import ChromaBackend\n"
        "from cica_qa.types import Chunk, Location\n"
        "c = Chunk('b', 'doc.md', 'S', Location('line', 1, 1), 'text of b')\n"
        "ChromaBackend(Path(sys.argv[1])).open('chunks', create=True).upsert([c], [[0.0, 1.0]])\n"
    )
    subprocess.run([sys.executable, "-c", writer, str(tmp_path)], check=True, timeout=120)
    backend.refresh()
    assert open_embedded(tmp_path, "chunks", create=False).ids() == {"a", "b"}
