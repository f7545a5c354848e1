import json
from pathlib import Path

from cica_qa.index.layout import INDEX_FORMAT
from cica_qa.index.manifest import (
    DocumentFacts,
    Manifest,
    new_manifest,
    read_manifest,
    write_manifest,
)
from cica_qa.types import DocumentDate

DOCS = {"a.md": "hash-a"}


def manifest(chunks=None, hashes=None, **changes) -> Manifest:
    values = dict(
        model_id="m",
        chunker="c",
        ingested_at="2026-01-01T00:00:00+00:00",
        collection="chunks-abc",
        generation="0001",
        store="embedded",
    )
    values.update(changes)
    return new_manifest(chunks or {"a.md": ("1",)}, hashes or DOCS, **values)


def test_round_trip(tmp_path: Path):
    write_manifest(tmp_path / "manifest.json", manifest())
    assert read_manifest(tmp_path / "manifest.json") == manifest()
    assert [p.name for p in tmp_path.iterdir()] == ["manifest.json"]


def test_missing_or_corrupt_manifest_reads_as_none(tmp_path: Path):
    path = tmp_path / "manifest.json"
    assert read_manifest(path) is None
    path.write_text("{not json", encoding="utf-8")
    assert read_manifest(path) is None


def test_fresh_when_documents_model_chunker_and_store_match():
    assert not manifest().is_stale(DOCS, "m", "c")
    assert not manifest().is_stale(DOCS, "m", "c", "embedded")


def test_stale_when_anything_changed():
    assert manifest().is_stale(DOCS, "other-model", "c")
    assert manifest().is_stale(DOCS, "m", "other-chunker")
    assert manifest(hashes={"a.md": "old"}).is_stale(DOCS, "m", "c")
    assert manifest().is_stale({**DOCS, "b.md": "hash-b"}, "m", "c")
    assert manifest().is_stale(DOCS, "m", "c", "server h:8000")
    assert manifest(generation="").is_stale(DOCS, "m", "c")


def test_a_manifest_of_another_index_format_is_stale(tmp_path: Path):
    from dataclasses import replace

    assert manifest().format == INDEX_FORMAT
    assert replace(manifest(), format="2").is_stale(DOCS, "m", "c")


def test_the_file_lists_each_documents_hash_and_sorted_chunk_ids(tmp_path: Path):
    path = tmp_path / "manifest.json"
    write_manifest(path, manifest(chunks={"a.md": ("2", "1")}))
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["documents"] == {
        "a.md": {
            "sha256": "hash-a",
            "chunk_ids": ["1", "2"],
            "date": {"value": "", "rule": ""},
            "supersedes": [],
            "ingested_at": "2026-01-01T00:00:00+00:00",
            "size": 0,
            "mtime_ns": 0,
        }
    }
    assert read_manifest(path).chunk_ids == ("1", "2")
    assert read_manifest(path).chunks_of("a.md") == ("1", "2")
    assert read_manifest(path).chunks_of("gone.md") == ()


def test_a_manifest_written_before_documents_were_dated_is_stale_but_readable(tmp_path: Path):
    from dataclasses import replace

    old = replace(manifest(), dated=False)
    assert old.is_stale(DOCS, "m", "c")
    path = tmp_path / "manifest.json"
    data = json.loads(
        json.dumps(
            {
                "model_id": "m",
                "chunker": "c",
                "ingested_at": "t",
                "documents": {"a.md": {"sha256": "h", "chunk_ids": ["1"]}},
            }
        )
    )
    path.write_text(json.dumps(data), encoding="utf-8")
    read = read_manifest(path)
    assert read is not None and not read.dated
    assert not read.documents["a.md"].date.dated


def test_each_document_keeps_its_date_and_what_it_supersedes(tmp_path: Path):
    facts = {"a.md": DocumentFacts(DocumentDate("2025-02-27", "dateline"), ("old.md",))}
    made = manifest(facts=facts)
    path = tmp_path / "manifest.json"
    write_manifest(path, made)
    entry = read_manifest(path).documents["a.md"]
    assert entry.date == DocumentDate("2025-02-27", "dateline")
    assert entry.supersedes == ("old.md",)


def test_an_unchanged_document_keeps_when_it_was_first_ingested():
    first = manifest(
        hashes={"a.md": "h1", "b.md": "h2"}, chunks={"a.md": ("1",)}, ingested_at="2026-01-01"
    )
    later = manifest(
        hashes={"a.md": "h1", "b.md": "changed"},
        chunks={"a.md": ("1",)},
        previous=first,
        ingested_at="2026-02-01",
    )
    assert later.documents["a.md"].ingested_at == "2026-01-01"
    assert later.documents["b.md"].ingested_at == "2026-02-01"


def test_a_files_stamp_is_kept_only_for_the_bytes_it_was_taken_of():
    from cica_qa.types import FileStamp

    stamps = {"a.md": FileStamp(10, 123, "hash-a"), "b.md": FileStamp(20, 456, "older")}
    made = manifest(
        chunks={"a.md": ("1",), "b.md": ("2",)},
        hashes={"a.md": "hash-a", "b.md": "hash-b"},
        stamps=stamps,
    )
    assert made.stamps == {"a.md": FileStamp(10, 123, "hash-a")}  # b.md is read next time
    assert (made.documents["a.md"].size, made.documents["a.md"].mtime_ns) == (10, 123)
