"""Server mode against a real `chroma run` on a free loopback port: ingest, ask, re-ingest,
and one clear error when the server does not answer."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import pytest

from cica_qa.cli import main
from cica_qa.errors import StoreUnreachableError
from cica_qa.index.chroma import ChromaBackend
from cica_qa.ingest.pipeline import index_is_stale, run_ingest
from tests.conftest import TINY_CORPUS, ingest_environment, make_config
from tests.support.servers import ChromaServer, free_port

pytestmark = pytest.mark.slow


def server_config(tmp_path: Path, server, collection: str = "server_chunks"):
    corpus = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    config = make_config(tmp_path / "index", corpus)
    return replace(config, collection=collection, chroma_host=server.host, chroma_port=server.port)


def test_ingest_ask_and_re_ingest_against_a_chroma_server(tmp_path, embedder, chroma_server):
    from cica_qa.answering.assistant import Assistant

    config = server_config(tmp_path, chroma_server)
    first = run_ingest(config, embedder, show_progress=False)
    assert first.embedded == first.chunks > 0
    # the vectors are on the server, not in the local index folder
    assert not (config.index_dir / "chroma.sqlite3").exists()
    names = config.backend().names()
    assert any(name.startswith("server_chunks-") for name in names)
    assert not index_is_stale(config, embedder.model_id)
    # built for the server: the embedded store is another index
    assert index_is_stale(replace(config, chroma_host=""), embedder.model_id)

    assistant = Assistant.open(config.index_dir, embedder, config.backend())
    answer = assistant.ask("When was the Lantern Charter adopted?")
    assert "1987" in answer.text and answer.citations[0].document == "milestones.txt"

    (config.corpus_dir / "extra.md").write_text(
        "# Extra\n\nThe Mirror Pact was signed in 2001.\n", encoding="utf-8"
    )
    second = run_ingest(config, embedder, show_progress=False)
    assert second.embedded > 0 and second.changes.added == ("extra.md",)
    assert "2001" in assistant.ask("When was the Mirror Pact signed?").text
    again = run_ingest(config, embedder, show_progress=False)
    assert (again.embedded, again.removed, again.chunks) == (0, 0, second.chunks)


def test_an_unreachable_server_is_one_clear_error_at_ingest_and_ask(tmp_path, monkeypatch, capsys):
    port = free_port()  # nothing listens there
    config = replace(make_config(tmp_path / "index", TINY_CORPUS), chroma_host="127.0.0.1")
    config = replace(config, chroma_port=port)
    for name, value in ingest_environment(config).items():
        if name.startswith("CICA_"):
            monkeypatch.setenv(name, value)
    expected = f"error: cannot reach the Chroma server at 127.0.0.1:{port}"
    for command in (["ingest", "--quiet"], ["ask", "When?"]):
        assert main(command) == 2
        lines = capsys.readouterr().err.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(expected), lines
        assert "unset CICA_CHROMA_HOST" in lines[0]


def test_a_server_that_stops_answering_is_a_clear_error_in_the_chat(tmp_path, embedder):
    from cica_qa.answering.assistant import Assistant
    from cica_qa.web.stream import reply_stream

    server = ChromaServer(tmp_path / "data")
    try:
        config = server_config(tmp_path, server)
        run_ingest(config, embedder, show_progress=False)
        assistant = Assistant.open(config.index_dir, embedder, config.backend())
        assert not assistant.ask("When was the Lantern Charter adopted?").abstained
    finally:
        server.stop()
    with pytest.raises(StoreUnreachableError, match=f"127.0.0.1:{server.port}"):
        assistant.ask("When was the Lantern Charter adopted?")
    shown = "".join(
        t for t, _ in reply_stream(assistant, "When was the Lantern Charter adopted?", [])
    )
    assert "cannot reach the Chroma server" in shown and "Traceback" not in shown


def test_the_backend_names_the_store_it_points_at(tmp_path):
    embedded, server = ChromaBackend(tmp_path), ChromaBackend(tmp_path, "10.0.0.5", 8001)
    assert (embedded.is_server, server.is_server) == (False, True)
    assert embedded.identity == "embedded" and server.identity == "server 10.0.0.5:8001"
    assert "10.0.0.5:8001" in server.describe()
