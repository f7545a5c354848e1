"""Ingest with the real model and real Chroma, on tiny corpora."""

import shutil
from pathlib import Path

import pytest

from cica_qa.store import ChunkStore
from ingest.manifest import read_manifest
from ingest.pipeline import index_is_stale, run_ingest

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parents[1] / "data" / "tiny-corpus", folder)
    return folder


def test_ingest_writes_chunks_with_locations_and_a_manifest(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.documents == 2 and summary.chunks == summary.embedded > 0
    store = ChunkStore.open_embedded(plan.index_dir, plan.collection, create=False)
    assert store.count() == summary.chunks
    manifest = read_manifest(plan.index_dir)
    assert set(manifest.documents) == {"bodies.md", "milestones.txt"}
    assert manifest.model_id == embedder.model_id
    hit = store.query(embedder.embed_query("When was the Lantern Charter adopted?"), 1)[0]
    assert hit.chunk.document == "milestones.txt"
    assert hit.chunk.line_start <= 6 <= hit.chunk.line_end
    assert not index_is_stale(plan, embedder.model_id)


def test_second_ingest_embeds_nothing_and_keeps_the_count(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    first = run_ingest(plan, embedder, show_progress=False)
    second = run_ingest(plan, embedder, show_progress=False)
    assert (second.embedded, second.removed, second.chunks) == (0, 0, first.chunks)
    store = ChunkStore.open_embedded(plan.index_dir, plan.collection, create=False)
    assert store.count() == first.chunks


def test_removed_document_disappears_from_the_index(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    (corpus / "milestones.txt").unlink()
    assert index_is_stale(plan, embedder.model_id)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.removed > 0 and summary.embedded == 0
    store = ChunkStore.open_embedded(plan.index_dir, plan.collection, create=False)
    documents = {h.chunk.document for h in store.query(embedder.embed_query("Charter"), 10)}
    assert documents == {"bodies.md"}


def test_bad_files_are_skipped_and_counted(tmp_path, corpus, embedder, plan_for):
    (corpus / "latin1.txt").write_bytes("café au lait".encode("latin-1"))
    summary = run_ingest(plan_for(tmp_path / "index", corpus), embedder, show_progress=False)
    assert summary.documents == 2
    assert [s.name for s in summary.skipped] == ["latin1.txt"]
    assert "1 files skipped" in summary.line()
