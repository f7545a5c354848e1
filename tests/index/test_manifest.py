from pathlib import Path

from cica_qa.index.manifest import MANIFEST_NAME, Manifest, is_stale, read_manifest, write_manifest

DOCS = {"a.md": "hash-a"}


def manifest(**changes) -> Manifest:
    values = dict(
        model_id="m",
        chunker="c",
        documents={"a.md": "hash-a"},
        chunks={"a.md": ("1",)},
        ingested_at="2026-01-01T00:00:00+00:00",
        collection="chunks-abc",
        generation="0001",
        store="embedded",
    )
    values.update(changes)
    return Manifest(**values)


def test_round_trip(tmp_path: Path):
    write_manifest(tmp_path, manifest())
    assert read_manifest(tmp_path) == manifest()
    assert not (tmp_path / f"{MANIFEST_NAME}.tmp").exists()


def test_missing_or_corrupt_manifest_reads_as_none(tmp_path: Path):
    assert read_manifest(tmp_path) is None
    (tmp_path / MANIFEST_NAME).write_text("{not json", encoding="utf-8")
    assert read_manifest(tmp_path) is None


def test_fresh_when_documents_model_and_chunker_match():
    assert not is_stale(manifest(), DOCS, "m", "c")


def test_stale_when_anything_changed():
    assert is_stale(None, DOCS, "m", "c")
    assert is_stale(manifest(), DOCS, "other-model", "c")
    assert is_stale(manifest(), DOCS, "m", "other-chunker")
    assert is_stale(manifest(documents={"a.md": "old"}), DOCS, "m", "c")
    assert is_stale(manifest(), {**DOCS, "b.md": "hash-b"}, "m", "c")


def test_stale_when_built_for_another_store_or_by_an_older_layout():
    assert is_stale(manifest(), DOCS, "m", "c", "server h:8000")
    assert not is_stale(manifest(), DOCS, "m", "c", "embedded")
    assert is_stale(manifest(generation=""), DOCS, "m", "c")


def test_the_file_lists_each_documents_hash_and_chunk_ids(tmp_path: Path):
    import json

    write_manifest(tmp_path, manifest(chunks={"a.md": ("2", "1")}))
    data = json.loads((tmp_path / MANIFEST_NAME).read_text(encoding="utf-8"))
    assert data["documents"] == {"a.md": {"sha256": "hash-a", "chunk_ids": ["1", "2"]}}
    assert read_manifest(tmp_path).chunk_ids == ("1", "2")
