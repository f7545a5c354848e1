"""What a reader loads, and the clear error when there is nothing it can load."""

import pytest

from cica_qa.errors import IndexMissingError
from cica_qa.index.layout import IndexLayout
from cica_qa.index.reader import IndexReader, load_state
from tests.support.fakes import MemoryBackend


def test_no_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexMissingError, match=r"no index at .*run `cica-qa ingest`"):
        load_state(IndexLayout(tmp_path), MemoryBackend())


def test_a_damaged_or_older_manifest_says_to_rebuild(tmp_path):
    (tmp_path / "manifest.json").write_text('{"model_id": "m"}', encoding="utf-8")
    with pytest.raises(IndexMissingError, match="another version or its manifest is damaged"):
        load_state(IndexLayout(tmp_path), MemoryBackend())


def test_an_index_built_for_another_store_says_so(memory_index):
    config, _, _ = memory_index
    with pytest.raises(IndexMissingError, match="built for the memory store"):
        load_state(config.layout, config.backend())


def test_the_reader_reloads_after_a_re_ingest(memory_index):
    from cica_qa.ingest.pipeline import run_ingest

    config, backend, embedder = memory_index
    reader = IndexReader(config.layout, backend)
    before = reader.current()
    assert reader.current() is before and reader.reloads == 0
    (config.corpus_dir / "extra.md").write_text("# Extra\n\nThe Mirror Pact.\n", encoding="utf-8")
    run_ingest(config, embedder, show_progress=False, backend=backend)
    after = reader.current()
    assert reader.reloads == 1 and after.live > before.live
