"""Ingest's logic on tiny corpora, with the fake embedder and the in-memory store (the same
protocols as the model and Chroma); tests/ingest/test_pipeline_chroma.py runs the real ones."""

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from cica_qa.answering.assistant import Assistant
from cica_qa.errors import StoreDamagedError
from cica_qa.index.manifest import read_manifest, write_manifest
from cica_qa.ingest.pipeline import index_is_stale, run_ingest
from cica_qa.passages import texts_to_embed
from cica_qa.types import Chunk, Location
from tests.support.fakes import FakeEmbedder, MemoryBackend, MemoryCollection


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parents[1] / "data" / "tiny-corpus", folder)
    return folder


@pytest.fixture
def setup(tmp_path, corpus, config_for):
    """(config, backend, embedder) for a fresh index of the corpus copy."""
    return config_for(tmp_path / "index", corpus), MemoryBackend(), FakeEmbedder()


def ingest(setup, **options):
    config, backend, embedder = setup
    return run_ingest(config, embedder, show_progress=False, backend=backend, **options)


def store_of(setup):
    """The collection the manifest names."""
    config, backend, _ = setup
    return backend.open(read_manifest(config.layout.manifest).collection, create=False)


def stale(setup, config=None) -> bool:
    config_, backend, embedder = setup
    return index_is_stale(config or config_, embedder.model_id, backend)


def test_ingest_writes_chunks_with_locations_and_a_manifest(setup):
    summary = ingest(setup)
    assert summary.documents == 2 and summary.chunks == summary.embedded > 0
    store = store_of(setup)
    assert store.count() == summary.chunks
    manifest = read_manifest(setup[0].layout.manifest)
    assert set(manifest.documents) == {"bodies.md", "milestones.txt"}
    assert manifest.model_id == FakeEmbedder.model_id and manifest.store == "memory"
    for document, entry in manifest.documents.items():
        chunks = [store.records[i][0] for i in entry.chunk_ids]
        assert chunks and {c.document for c in chunks} == {document}
    charter = next(c for c, _ in store.records.values() if "Lantern Charter" in c.text)
    assert charter.document == "milestones.txt"
    assert charter.location.unit == "line" and charter.location.start <= 6 <= charter.location.end
    assert not stale(setup)


def test_a_second_ingest_embeds_nothing_and_keeps_the_count(setup):
    first = ingest(setup)
    embedded = setup[2].embedded
    second = ingest(setup)
    assert (second.embedded, second.removed, second.chunks) == (0, 0, first.chunks)
    assert setup[2].embedded == embedded  # nothing was even read again
    assert store_of(setup).count() == first.chunks


def test_a_file_whose_size_and_time_are_unchanged_is_not_read_again(setup, corpus):
    import os

    config = setup[0]
    ingest(setup)
    stamps = read_manifest(config.layout.manifest).stamps
    assert set(stamps) == {"bodies.md", "milestones.txt"}  # copied with their old times
    page = corpus / "milestones.txt"
    when = page.stat().st_mtime_ns
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Charter", "Charted"), encoding="utf-8")  # as long
    os.utime(page, ns=(when, when))
    assert not stale(setup)  # the stamp is trusted: the file is not even read
    assert ingest(setup).embedded == 0
    os.utime(page, ns=(when + 10**9, when + 10**9))  # touched: read, and the change found
    assert stale(setup)
    assert ingest(setup).changes.changed == ("milestones.txt",)
    assert any("Lantern Charted" in c.text for c, _ in store_of(setup).records.values())
    # a file not read again (its stamp matches) whose parse the cache lacks is read
    config.layout.parse_cache.unlink()
    (corpus / "bodies.md").write_text("The Lumen Forum meets in Duskport.", encoding="utf-8")
    summary = ingest(setup)
    assert summary.documents == 2 and summary.changes.changed == ("bodies.md",)
    assert any("Lantern Charted" in c.text for c, _ in store_of(setup).records.values())


def test_a_removed_document_disappears_from_the_index(setup, corpus):
    ingest(setup)
    (corpus / "milestones.txt").unlink()
    assert stale(setup)
    summary = ingest(setup)
    assert summary.removed > 0 and summary.embedded == 0
    assert {c.document for c, _ in store_of(setup).records.values()} == {"bodies.md"}


def test_bad_files_are_skipped_counted_and_named(setup, corpus):
    (corpus / "fake.pdf").write_bytes(b"%PDF-1.4 not a pdf")
    (corpus / "empty.md").write_bytes(b"")
    (corpus / "image.txt").write_bytes(b"\x89PNG\x00\x00")
    (corpus / "data.xlsx").write_bytes(b"PK")
    (corpus / "legacy.txt").write_bytes("Réunion à Genève en 1994.".encode("latin-1"))
    (corpus / "front.md").write_text("---\nglossary: 'yes'\n---\n# T\n\nText.\n", encoding="utf-8")
    summary = ingest(setup)
    assert summary.documents == 3
    assert sorted(s.name for s in summary.skipped) == [
        "data.xlsx",
        "empty.md",
        "fake.pdf",
        "front.md",
        "image.txt",
    ]
    front = next(s for s in summary.skipped if s.name == "front.md")
    assert front.reason == "front matter field 'glossary' must be true or false, not 'yes'"
    assert summary.warnings == (
        "legacy.txt: not UTF-8; read as latin_1: re-save it as UTF-8 to be sure",
    )
    assert "5 files skipped, 1 warnings" in summary.line()


def test_a_document_over_the_configured_length_is_skipped_and_the_rest_ingested(
    tmp_path, corpus, config_for
):
    (corpus / "long.md").write_text(
        "# Annals\n\n" + "The forum met again. " * 500, encoding="utf-8"
    )
    config = config_for(tmp_path / "index", corpus, max_document_chars=5000)
    summary = run_ingest(config, FakeEmbedder(), show_progress=False, backend=MemoryBackend())
    assert summary.documents == 2
    (skipped,) = summary.skipped
    assert skipped.name == "long.md" and skipped.reason.startswith("10,510 characters of text")


def test_an_edition_replaces_its_original_and_warns_when_the_original_changed(setup, corpus):
    import hashlib

    original = corpus / "milestones.txt"
    digest = hashlib.sha256(original.read_bytes()).hexdigest()
    (corpus / "milestones.md").write_text(
        f"---\nedition_of: milestones.txt\nedition_of_sha256: {digest}\n---\n\n# Milestones\n\n"
        "| Year | Event |\n|---|---|\n| 1987 | Lantern Charter adopted in Brightwater |\n",
        encoding="utf-8",
    )
    summary = ingest(setup)
    assert summary.warnings == ()
    chunks = [c for c, _ in store_of(setup).records.values()]
    assert {c.document for c in chunks} == {"milestones.md", "bodies.md"}
    row = next(c for c in chunks if c.cells)
    assert (row.original, row.row, str(row.location)) == ("milestones.txt", "1987", "line 10")

    original.write_text(original.read_text(encoding="utf-8") + "\nA new line.\n", encoding="utf-8")
    changed = ingest(setup)
    (warning,) = changed.warnings
    assert warning.startswith("milestones.md needs review: milestones.txt changed")
    assert changed.embedded == 0  # the edition is still what is indexed


def test_every_format_is_ingested_with_its_locations(tmp_path, config_for, sample_pdf, sample_docx):
    corpus = tmp_path / "formats"
    corpus.mkdir()
    (corpus / "areas.pdf").write_bytes(sample_pdf)
    (corpus / "forum.docx").write_bytes(sample_docx)
    (corpus / "page.html").write_text(
        "<h1>Wardens</h1><table><tr><th>Warden</th><th>Meets</th></tr>"
        "<tr><td>Council of Wardens</td><td>four times a year</td></tr></table>",
        encoding="utf-8",
    )
    setup = (config_for(tmp_path / "index", corpus), MemoryBackend(), FakeEmbedder())
    summary = ingest(setup)
    assert (summary.documents, summary.skipped) == (3, ())
    rows = {c.document: c for c, _ in store_of(setup).records.values() if c.cells}
    assert str(rows["areas.pdf"].location) == "page 1"
    assert str(rows["forum.docx"].location).startswith("paragraph")
    assert str(rows["page.html"].location) == "line 1"


def test_a_dry_run_reports_the_plan_and_changes_nothing(setup, corpus):
    ingest(setup)
    before = store_of(setup).count(), read_manifest(setup[0].layout.manifest)
    (corpus / "bodies.md").write_text("# Lumen Forum\n\nA new text.\n", encoding="utf-8")
    (corpus / "extra.md").write_text("# Extra\n\nMore.\n", encoding="utf-8")
    dry = ingest(setup, dry_run=True)
    assert (dry.changes.added, dry.changes.changed) == (("extra.md",), ("bodies.md",))
    assert dry.changes.to_embed > 0 and dry.embedded == 0
    assert (store_of(setup).count(), read_manifest(setup[0].layout.manifest)) == before
    assert dry.line().startswith("dry run, nothing changed: 1 added, 1 changed")
    real = ingest(setup)
    assert real.embedded == dry.changes.to_embed and real.removed == dry.changes.to_remove
    assert real.changes.changed == ("bodies.md",)


def test_a_renamed_document_is_not_embedded_again(setup, corpus):
    first = ingest(setup)
    (corpus / "milestones.txt").rename(corpus / "history.txt")
    dry = ingest(setup, dry_run=True)
    assert (dry.changes.added, dry.changes.removed) == (("history.txt",), ("milestones.txt",))
    assert dry.changes.to_embed == 0 and dry.changes.to_reuse > 0
    embedded = setup[2].embedded
    second = ingest(setup)
    assert second.embedded == 0 and second.chunks == first.chunks
    assert setup[2].embedded == embedded
    documents = {c.document for c, _ in store_of(setup).records.values()}
    assert documents == {"bodies.md", "history.txt"}


def test_a_keyword_index_of_an_older_format_is_rewritten_without_embedding(setup):
    first = ingest(setup)
    config = setup[0]
    manifest = read_manifest(config.layout.manifest)
    (config.layout.generation(manifest.generation).keyword / "chunk-ids.json").unlink()
    assert stale(setup)
    again = ingest(setup)
    assert (again.embedded, again.chunks) == (0, first.chunks)
    assert not stale(setup)


def test_an_index_in_another_collection_than_this_version_writes_is_stale(setup):
    ingest(setup)
    config = setup[0]
    manifest = read_manifest(config.layout.manifest)
    changed = replace(manifest, collection=f"{config.collection}-0000000000")
    write_manifest(config.layout.manifest, changed)
    assert stale(setup)


def test_a_new_chunker_builds_a_new_collection_then_drops_the_old(setup):
    config, backend, _ = setup
    ingest(setup)
    old = read_manifest(config.layout.manifest).collection
    bigger = (replace(config, chunk_size=120), backend, setup[2])
    assert stale(setup, bigger[0])
    summary = ingest(bigger)
    new = read_manifest(config.layout.manifest).collection
    assert new != old and summary.embedded == summary.chunks
    assert backend.names() == [new]
    assert not stale(setup, bigger[0])


def test_chunks_an_unfinished_ingest_left_are_never_answered_from(setup):
    """A killed ingest may leave new chunks in the collection before the manifest switch."""
    config, backend, embedder = setup
    ingest(setup)
    text = "The Mirror Pact was signed in 2001."
    stray = Chunk("stray", "half.md", "Extra", Location("line", 1, 1), text)
    store_of(setup).upsert([stray], embedder.embed_texts([text]))
    assistant = Assistant.open(config.index_dir, embedder, backend)
    answer = assistant.ask("When was the Mirror Pact signed?")
    assert answer.abstained
    assert "half.md" not in {c.document for c in answer.citations + answer.related}
    # the next ingest removes what the unfinished one left behind
    summary = ingest(setup)
    assert summary.removed == 1 and "stray" not in store_of(setup).ids()


def test_every_sentence_is_embedded_at_ingest_so_answering_embeds_only_the_question(setup):
    ingest(setup)
    config, backend, embedder = setup
    spans = Assistant.open(config.index_dir, embedder, backend).state.spans
    sentences = [t for c, _ in store_of(setup).records.values() for t in texts_to_embed(c)]
    assert sentences and all(spans.get(t) is not None for t in sentences)
    before = embedder.embedded
    for engine in ("rules", "model", "ranked"):
        assistant = Assistant.open(config.index_dir, embedder, backend, engine=engine)
        for question in ("Who keeps the lamps lit?", "Which country coordinates the lamps?"):
            answer = assistant.ask(question)
            assert answer.considered or engine == "rules"
    # a question asking two things also compares pairs of sentences: from the same vectors
    two = assistant.ask("Where and how often does the Assembly of Lamplighters meet?")
    assert any(c.candidate.form == "pair" for c in two.considered)
    assert embedder.embedded == before


def test_a_changed_document_embeds_only_its_new_sentences(setup, corpus):
    ingest(setup)
    embedder = setup[2]
    before = embedder.embedded
    with (corpus / "bodies.md").open("a", encoding="utf-8") as text:
        text.write("\n\nThe Lamp Office moved to a new harbour in spring. It keeps two boats.\n")
    summary = ingest(setup)
    assert 0 < embedder.embedded - before <= summary.embedded + 2


class _Damaged(MemoryCollection):
    """A collection a kill left broken: every read and write fails as Chroma's does, but for
    reading its vectors back when `readable`."""

    def __init__(self, healthy: MemoryCollection, readable: bool) -> None:
        super().__init__(healthy.name)
        self.records = dict(healthy.records)
        self.readable = readable

    def _fail(self, *_: object) -> None:
        raise StoreDamagedError(f"the vector store's collection {self.name} is damaged (x)")

    count = ids = upsert = delete = _fail  # type: ignore[assignment]

    def vectors(self, ids):
        if not self.readable:
            self._fail()
        return super().vectors(ids)


@pytest.mark.parametrize("readable", [True, False])
def test_a_damaged_collection_is_rebuilt_and_the_index_converges(setup, corpus, readable):
    config, backend, _ = setup
    first = ingest(setup)
    name = read_manifest(config.layout.manifest).collection
    backend.collections[name] = _Damaged(backend.collections[name], readable)
    (corpus / "new.md").write_text("# New\n\nThe forum met in Duskport.\n", encoding="utf-8")
    summary = ingest(setup)
    assert summary.warnings[-1].startswith(f"the vector store's collection {name} is damaged")
    assert summary.warnings[-1].endswith(": rebuilt it")
    store = backend.collections[name]
    assert not isinstance(store, _Damaged)
    assert store.ids() == set(read_manifest(config.layout.manifest).chunk_ids)
    # what could be read back is not embedded again
    assert summary.embedded == (summary.chunks - first.chunks if readable else summary.chunks)
    again = ingest(setup)
    assert (again.embedded, again.removed, again.warnings) == (0, 0, ())


def test_each_document_is_recorded_with_its_date_and_the_undated_are_named(setup, corpus):
    (corpus / "press-2025-02-27.md").write_text(
        "---\nsupersedes: milestones.txt\n---\n# Lumen Forum\n\nThe forum met again.\n",
        encoding="utf-8",
    )
    summary = ingest(setup)
    entries = read_manifest(setup[0].layout.manifest).documents
    assert entries["press-2025-02-27.md"].date.value == "2025-02-27"
    assert entries["press-2025-02-27.md"].date.rule == "file name"
    assert entries["press-2025-02-27.md"].supersedes == ("milestones.txt",)
    undated = tuple(n for n, e in entries.items() if not e.date.dated)
    assert summary.undated == undated and "press-2025-02-27.md" not in undated
    assert summary.undated_line().startswith(f"{len(undated)} document")
    again = ingest(setup)  # nothing to do: the same names from the manifest
    assert again.embedded == 0 and again.undated == summary.undated


def test_a_manifest_without_dates_is_brought_up_to_date_without_embedding(setup):
    first = ingest(setup)
    config = setup[0]
    manifest = read_manifest(config.layout.manifest)
    write_manifest(config.layout.manifest, replace(manifest, dated=False))
    assert stale(setup)
    again = ingest(setup)
    assert (again.embedded, again.chunks) == (0, first.chunks)
    assert read_manifest(config.layout.manifest).dated and not stale(setup)


def test_a_document_superseding_a_file_not_in_the_corpus_is_warned_about(setup, corpus):
    (corpus / "new.md").write_text(
        "---\nsupersedes: [gone.md, new.md]\n---\n# New\n\nText.\n", encoding="utf-8"
    )
    warnings = ingest(setup).warnings
    assert any("new.md: supersedes gone.md, which is not in the corpus" in w for w in warnings)
    assert any("new.md: supersedes itself" in w for w in warnings)


def test_a_document_keeps_when_it_was_first_ingested_until_it_changes(setup, corpus):
    ingest(setup)
    config = setup[0]
    first = read_manifest(config.layout.manifest).documents
    (corpus / "bodies.md").write_text("# Bodies\n\nChanged text.\n", encoding="utf-8")
    later = read_manifest(config.layout.manifest) if ingest(setup) else None
    assert later.documents["milestones.txt"].ingested_at == first["milestones.txt"].ingested_at
    assert later.documents["bodies.md"].ingested_at >= first["bodies.md"].ingested_at
    assert later.ingested_at == later.documents["bodies.md"].ingested_at


def test_table_facts_documents_give_differently_are_listed_and_kept_in_the_manifest(setup, corpus):
    table = "| Area | Coordinator |\n|---|---|\n| Lamp safety | {} |\n"
    (corpus / "areas-2019-05-01.md").write_text(
        "# Areas\n\n" + table.format("Ruritania"), encoding="utf-8"
    )
    (corpus / "areas-2025-02-27.md").write_text(
        "# Areas\n\n" + table.format("Borduria"), encoding="utf-8"
    )
    summary = ingest(setup)
    line = (
        "Lamp safety › Coordinator: Borduria (areas-2025-02-27.md, 27 February 2025); "
        "Ruritania (areas-2019-05-01.md, 1 May 2019)"
    )
    assert summary.disagreements == (line,)
    assert summary.disagreement_lines()[1] == f"  {line}"
    assert read_manifest(setup[0].layout.manifest).disagreements == (line,)
    assert ingest(setup).disagreements == (line,)  # nothing to do: from the manifest
