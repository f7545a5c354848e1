"""Server mode against a real `chroma run` on a free loopback port: ingest, ask, re-ingest,
and one clear error when the server does not answer."""

from __future__ import annotations

import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from cica_qa.ingest.pipeline import index_is_stale, run_ingest

from cica_qa.errors import StoreUnreachableError
from cica_qa.index.store import ChromaTarget, ChunkStore
from tests.conftest import TINY_CORPUS, ChromaServer, free_port, ingest_environment, make_plan

pytestmark = pytest.mark.slow


def server_plan(tmp_path: Path, server, collection: str = "server_chunks"):
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    plan = make_plan(tmp_path / "index", corpus)
    return replace(plan, collection=collection, chroma_host=server.host, chroma_port=server.port)


def test_ingest_ask_and_re_ingest_against_a_chroma_server(tmp_path, embedder, chroma_server):
    from cica_qa.answering.assistant import Assistant

    plan = server_plan(tmp_path, chroma_server)
    first = run_ingest(plan, embedder, show_progress=False)
    assert first.embedded == first.chunks > 0
    # the vectors are on the server, not in the local index folder
    assert not (plan.index_dir / "chroma.sqlite3").exists()
    names = ChunkStore.names(plan.target)
    assert any(name.startswith("server_chunks-") for name in names)
    assert not index_is_stale(plan, embedder.model_id)
    # built for the server: the embedded store is another index
    assert index_is_stale(replace(plan, chroma_host=""), embedder.model_id)

    assistant = Assistant.open(plan.target, embedder)
    answer = assistant.ask("When was the Lantern Charter adopted?")
    assert "1987" in answer.text and answer.citations[0].document == "milestones.txt"

    (plan.corpus_dir / "extra.md").write_text(
        "# Extra\n\nThe Mirror Pact was signed in 2001.\n", encoding="utf-8"
    )
    second = run_ingest(plan, embedder, show_progress=False)
    assert second.embedded > 0 and second.changes.added == ("extra.md",)
    assert "2001" in assistant.ask("When was the Mirror Pact signed?").text
    again = run_ingest(plan, embedder, show_progress=False)
    assert (again.embedded, again.removed, again.chunks) == (0, 0, second.chunks)


def test_an_unreachable_server_is_one_clear_error_at_ingest_and_ask(tmp_path):
    port = free_port()  # nothing listens there
    plan = replace(make_plan(tmp_path / "index", TINY_CORPUS), chroma_host="127.0.0.1")
    plan = replace(plan, chroma_port=port)
    env = ingest_environment(plan)
    expected = f"error: cannot reach the Chroma server at 127.0.0.1:{port}"
    cli = str(Path(sys.executable).parent / "cica-qa")
    for command in ([sys.executable, "-m", "cica_qa.ingest", "--quiet"], [cli, "ask", "When?"]):
        result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 2, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(expected), result.stderr
        assert "unset CICA_CHROMA_HOST" in lines[0] and "Traceback" not in result.stderr


def test_a_server_that_stops_answering_is_a_clear_error_in_the_chat(tmp_path, embedder):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.web.chat import reply_stream

    server = ChromaServer(tmp_path / "data")
    try:
        plan = server_plan(tmp_path, server)
        run_ingest(plan, embedder, show_progress=False)
        assistant = Assistant.open(plan.target, embedder)
        assert not assistant.ask("When was the Lantern Charter adopted?").abstained
    finally:
        server.stop()
    with pytest.raises(StoreUnreachableError, match=f"127.0.0.1:{server.port}"):
        assistant.ask("When was the Lantern Charter adopted?")
    shown = "".join(
        t for t, _ in reply_stream(assistant, "When was the Lantern Charter adopted?", [])
    )
    assert "cannot reach the Chroma server" in shown and "Traceback" not in shown


def test_the_target_names_the_store_it_points_at(tmp_path):
    embedded, server = ChromaTarget(tmp_path), ChromaTarget(tmp_path, "10.0.0.5", 8001)
    assert (embedded.is_server, server.is_server) == (False, True)
    assert embedded.identity == "embedded" and server.identity == "server 10.0.0.5:8001"
    assert "10.0.0.5:8001" in server.describe()
