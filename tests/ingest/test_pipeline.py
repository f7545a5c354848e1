"""Ingest with the real model and real Chroma, on tiny corpora."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from cica_qa.ingest.pipeline import index_is_stale, run_ingest

from cica_qa.answering.assistant import Assistant
from cica_qa.index.manifest import generation_dir, read_manifest, write_manifest
from cica_qa.index.store import ChunkStore
from tests.conftest import start_ingest

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parents[1] / "data" / "tiny-corpus", folder)
    return folder


def open_store(plan) -> ChunkStore:
    """The collection the manifest names."""
    collection = read_manifest(plan.index_dir).collection
    return ChunkStore.open_embedded(plan.index_dir, collection, create=False)


def test_ingest_writes_chunks_with_locations_and_a_manifest(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.documents == 2 and summary.chunks == summary.embedded > 0
    assert open_store(plan).count() == summary.chunks
    manifest = read_manifest(plan.index_dir)
    assert set(manifest.documents) == {"bodies.md", "milestones.txt"}
    assert manifest.model_id == embedder.model_id
    for document, ids in manifest.chunks.items():
        found = open_store(plan).scored(list(ids), embedder.embed_query("x"))
        assert ids and {h.chunk.document for h in found} == {document}
    hit = open_store(plan).query(embedder.embed_query("When was the Lantern Charter adopted?"), 1)[
        0
    ]
    assert hit.chunk.document == "milestones.txt"
    assert hit.chunk.location.start <= 6 <= hit.chunk.location.end
    assert not index_is_stale(plan, embedder.model_id)


def test_second_ingest_embeds_nothing_and_keeps_the_count(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    first = run_ingest(plan, embedder, show_progress=False)
    second = run_ingest(plan, embedder, show_progress=False)
    assert (second.embedded, second.removed, second.chunks) == (0, 0, first.chunks)
    assert open_store(plan).count() == first.chunks


def test_removed_document_disappears_from_the_index(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    (corpus / "milestones.txt").unlink()
    assert index_is_stale(plan, embedder.model_id)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.removed > 0 and summary.embedded == 0
    documents = {
        h.chunk.document for h in open_store(plan).query(embedder.embed_query("Charter"), 10)
    }
    assert documents == {"bodies.md"}


def test_bad_files_are_skipped_counted_and_named(tmp_path, corpus, embedder, plan_for):
    (corpus / "fake.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    (corpus / "data.xlsx").write_bytes(b"PK")
    (corpus / "legacy.txt").write_bytes("Réunion à Genève en 1994.".encode("latin-1"))
    summary = run_ingest(plan_for(tmp_path / "index", corpus), embedder, show_progress=False)
    assert summary.documents == 3
    assert sorted(s.name for s in summary.skipped) == [
        "data.xlsx",
        "empty.md",
        "fake.pdf",
        "image.txt",
    ]
    assert summary.warnings == (
        "legacy.txt: not UTF-8; read as latin_1: re-save it as UTF-8 to be sure",
    )
    assert "4 files skipped, 1 warnings" in summary.line()


def test_edition_replaces_its_original_and_warns_when_the_original_changed(
    tmp_path, corpus, embedder, plan_for
):
    import hashlib

    original = corpus / "milestones.txt"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    (corpus / "milestones.md").write_text(
        f"---\nedition_of: milestones.txt\nedition_of_sha256: {digest}\n---\n\n# Milestones\n\n"
        "| Year | Event |\n|---|---|\n| 1987 | Lantern Charter adopted in Brightwater |\n",
        encoding="utf-8",
    )
    plan = plan_for(tmp_path / "index", corpus)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.warnings == ()
    hits = open_store(plan).query(embedder.embed_query("Lantern Charter 1987"), 20)
    assert {h.chunk.document for h in hits} == {"milestones.md", "bodies.md"}
    row = next(h.chunk for h in hits if h.chunk.cells)
    assert (row.original, row.row, str(row.location)) == ("milestones.txt", "1987", "line 10")

    original.write_text(original.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    changed = run_ingest(plan, embedder, show_progress=False)
    (warning,) = changed.warnings
    assert warning.startswith("milestones.md needs review: milestones.txt changed")
    assert changed.embedded == 0  # the edition is still what is indexed


def test_every_format_is_ingested_with_its_locations(
    tmp_path, embedder, plan_for, sample_pdf, sample_docx
):
    corpus = tmp_path / "formats"
    corpus.mkdir()
    (corpus / "areas.pdf").write_bytes(sample_pdf)
    (corpus / "forum.docx").write_bytes(sample_docx)
    (corpus / "page.html").write_text(
        "<h1>Wardens</h1><table><tr><th>Warden</th><th>Meets</th></tr>"
        "<tr><td>Council of Wardens</td><td>four times a year</td></tr></table>",
        encoding="utf-8",
    )
    plan = plan_for(tmp_path / "index", corpus)
    summary = run_ingest(plan, embedder, show_progress=False)
    assert (summary.documents, summary.skipped) == (3, ())
    store = open_store(plan)
    rows = {
        h.chunk.document: h.chunk
        for h in store.query(embedder.embed_query("Avalon"), 50)
        if h.chunk.cells
    }
    assert str(rows["areas.pdf"].location) == "page 1"
    assert str(rows["forum.docx"].location).startswith("paragraph")
    assert str(rows["page.html"].location) == "line 1"


def test_dry_run_reports_the_plan_and_changes_nothing(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    before = open_store(plan).count(), read_manifest(plan.index_dir)
    (corpus / "bodies.md").write_text("# Lumen Forum\n\nA new text.\n", encoding="utf-8")
    (corpus / "extra.md").write_text("# Extra\n\nMore.\n", encoding="utf-8")
    dry = run_ingest(plan, embedder, show_progress=False, dry_run=True)
    assert (dry.changes.added, dry.changes.changed) == (("extra.md",), ("bodies.md",))
    assert dry.changes.to_embed > 0 and dry.embedded == 0
    assert (open_store(plan).count(), read_manifest(plan.index_dir)) == before
    assert dry.line().startswith("dry run, nothing changed: 1 added, 1 changed")
    real = run_ingest(plan, embedder, show_progress=False)
    assert real.embedded == dry.changes.to_embed and real.removed == dry.changes.to_remove
    assert real.to_json()["documents_changed"] == ["bodies.md"]


def test_an_open_assistant_answers_from_a_finished_re_ingest_without_a_restart(
    tmp_path, corpus, embedder, plan_for
):

    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    assistant = Assistant.open(plan.index_dir, embedder)
    assert assistant.ask("When was the Mirror Pact signed?").abstained
    (corpus / "extra.md").write_text(
        "# Extra\n\nThe Mirror Pact was signed in 2001.\n", encoding="utf-8"
    )
    (corpus / "milestones.txt").unlink()
    # in its own process, as a maintainer runs it beside the app
    process = start_ingest(plan, "--quiet")
    assert process.wait(timeout=300) == 0, process.stderr.read()
    answer = assistant.ask("When was the Mirror Pact signed?")
    assert not answer.abstained and "2001" in answer.text
    assert answer.citations[0].document == "extra.md"
    # the removed document can no longer be cited, nor shown as related
    charter = assistant.ask("When was the Lantern Charter adopted?")
    cited = {c.document for c in charter.citations} | {c.document for c in charter.related}
    assert "milestones.txt" not in cited


def test_a_renamed_document_is_not_embedded_again(tmp_path, corpus, embedder, plan_for):
    plan = plan_for(tmp_path / "index", corpus)
    first = run_ingest(plan, embedder, show_progress=False)
    (corpus / "milestones.txt").rename(corpus / "history.txt")
    dry = run_ingest(plan, embedder, show_progress=False, dry_run=True)
    assert (dry.changes.added, dry.changes.removed) == (("history.txt",), ("milestones.txt",))
    assert dry.changes.to_embed == 0 and dry.changes.to_reuse > 0
    second = run_ingest(plan, embedder, show_progress=False)
    assert second.embedded == 0 and second.chunks == first.chunks
    store = open_store(plan)
    assert store.count() == first.chunks
    hit = store.query(embedder.embed_query("When was the Lantern Charter adopted?"), 1)[0]
    assert hit.chunk.document == "history.txt"


def test_a_keyword_index_of_an_older_format_is_rewritten_without_embedding(
    tmp_path, corpus, embedder, plan_for
):
    plan = plan_for(tmp_path / "index", corpus)
    first = run_ingest(plan, embedder, show_progress=False)
    manifest = read_manifest(plan.index_dir)
    (generation_dir(plan.index_dir, manifest.generation) / "keyword" / "chunk-ids.json").unlink()
    assert index_is_stale(plan, embedder.model_id)
    again = run_ingest(plan, embedder, show_progress=False)
    assert (again.embedded, again.chunks) == (0, first.chunks)
    assert not index_is_stale(plan, embedder.model_id)
    answer = Assistant.open(plan.index_dir, embedder).ask("When was the Lantern Charter adopted?")
    assert not answer.abstained


def test_an_index_in_another_collection_than_this_version_writes_is_stale(
    tmp_path, corpus, embedder, plan_for
):
    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    manifest = read_manifest(plan.index_dir)
    write_manifest(plan.index_dir, replace(manifest, collection=f"{plan.collection}-0000000000"))
    assert index_is_stale(plan, embedder.model_id)


def test_a_new_chunker_builds_a_new_collection_then_drops_the_old(
    tmp_path, corpus, embedder, plan_for
):
    from dataclasses import replace

    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    old = read_manifest(plan.index_dir).collection
    bigger = replace(plan, chunk_size=120)
    assert index_is_stale(bigger, embedder.model_id)
    summary = run_ingest(bigger, embedder, show_progress=False)
    new = read_manifest(plan.index_dir).collection
    assert new != old and summary.embedded == summary.chunks
    assert ChunkStore.names(plan.target) == [new]
    assert not index_is_stale(bigger, embedder.model_id)


def test_chunks_an_unfinished_ingest_left_are_never_answered_from(
    tmp_path, corpus, embedder, plan_for
):
    """A killed ingest may leave new chunks in the collection before the manifest switch."""
    from cica_qa.types import Chunk, Location

    plan = plan_for(tmp_path / "index", corpus)
    run_ingest(plan, embedder, show_progress=False)
    text = "The Mirror Pact was signed in 2001."
    stray = Chunk("stray", "half.md", "Extra", Location("line", 1, 1), text)
    open_store(plan).upsert([stray], embedder.embed_texts([text]))
    assistant = Assistant.open(plan.index_dir, embedder)
    answer = assistant.ask("When was the Mirror Pact signed?")
    assert answer.abstained
    assert "half.md" not in {c.document for c in answer.citations + answer.related}
    # the next ingest removes what the unfinished one left behind
    summary = run_ingest(plan, embedder, show_progress=False)
    assert summary.removed == 1 and "stray" not in open_store(plan).ids()


class _FailingStore:
    """Accepts two batches, then fails as a full disk would."""

    def __init__(self) -> None:
        self.batches = 0

    def upsert(self, chunks, vectors) -> None:
        self.batches += 1
        if self.batches == 2:
            raise OSError("No space left on device")


class _CountingEmbedder:
    model_id = "fake"

    def __init__(self) -> None:
        self.texts = 0

    def embed_texts(self, texts):
        self.texts += len(texts)
        return [[1.0, 0.0] for _ in texts]


def test_a_failed_write_stops_embedding_and_is_raised():
    from cica_qa.ingest.pipeline import EMBED_BATCH, WRITE_BATCH, embed_and_store

    from cica_qa.types import Chunk, Location

    chunks = [Chunk(str(i), "d.md", "S", Location("line", i, i), "x" * i) for i in range(1, 1000)]
    store, embedder = _FailingStore(), _CountingEmbedder()
    with pytest.raises(OSError, match="No space left"):
        embed_and_store(chunks, embedder, store, show_progress=False)
    assert embedder.texts < len(chunks)  # it stopped instead of embedding everything
    # the second write fails; the model is then at most the queue's two batches and one ahead
    assert embedder.texts <= 2 * WRITE_BATCH + EMBED_BATCH * 3
