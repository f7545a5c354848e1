"""Ingest with the real model and real Chroma: what the in-memory tests cannot show."""

import shutil
from pathlib import Path

import pytest

from cica_qa.answering.assistant import Assistant
from cica_qa.index.manifest import read_manifest
from cica_qa.ingest.pipeline import index_is_stale, run_ingest
from tests.conftest import start_ingest

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(Path(__file__).parents[1] / "data" / "tiny-corpus", folder)
    return folder


def test_ingest_into_chroma_answers_and_a_second_run_changes_nothing(
    tmp_path, corpus, embedder, config_for
):
    config = config_for(tmp_path / "index", corpus)
    first = run_ingest(config, embedder, show_progress=False)
    assert first.documents == 2 and first.chunks == first.embedded > 0
    manifest = read_manifest(config.layout.manifest)
    store = config.backend().open(manifest.collection, create=False)
    assert store.count() == first.chunks and (config.index_dir / "chroma.sqlite3").exists()
    hit = store.query(embedder.embed_query("When was the Lantern Charter adopted?"), 1)[0]
    assert hit.chunk.document == "milestones.txt"
    second = run_ingest(config, embedder, show_progress=False)
    assert (second.embedded, second.removed, second.chunks) == (0, 0, first.chunks)
    assert not index_is_stale(config, embedder.model_id)


def test_an_open_assistant_answers_from_a_finished_re_ingest_without_a_restart(
    tmp_path, corpus, embedder, config_for
):
    config = config_for(tmp_path / "index", corpus)
    run_ingest(config, embedder, show_progress=False)
    assistant = Assistant.open(config.index_dir, embedder)
    assert assistant.ask("When was the Mirror Pact signed?").abstained
    (corpus / "extra.md").write_text(
        "# Extra\n\nThe Mirror Pact was signed in 2001.\n", encoding="utf-8"
    )
    (corpus / "milestones.txt").unlink()
    # in its own process, as a maintainer runs it beside the app
    process = start_ingest(config, "--quiet")
    assert process.wait(timeout=300) == 0, process.stderr.read()
    answer = assistant.ask("When was the Mirror Pact signed?")
    assert not answer.abstained and "2001" in answer.text
    assert answer.citations[0].document == "extra.md"
    # the removed document can no longer be cited, nor shown as related
    charter = assistant.ask("When was the Lantern Charter adopted?")
    cited = {c.document for c in charter.citations} | {c.document for c in charter.related}
    assert "milestones.txt" not in cited
