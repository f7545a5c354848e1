"""Serving: `cica-qa serve` ingests a missing index and answers; an exposed address without
logins is refused before anything loads; `make run` calls a valid command."""

import pytest

from cica_qa.cli import main
from tests.support.servers import free_port


@pytest.mark.slow
def test_serve_ingests_a_missing_index_then_answers(tmp_path):
    """The `make run` path: no index yet -> ingest -> serve -> an answer over HTTP."""
    import json
    import os
    import subprocess
    import sys
    import time
    import urllib.error
    import urllib.request
    from pathlib import Path

    port = free_port()
    env = {
        **os.environ,
        "CICA_CORPUS_DIR": str(Path(__file__).parents[1] / "data" / "tiny-corpus"),
        "CICA_INDEX_DIR": str(tmp_path / "index"),
        "CICA_PORT": str(port),
        "CICA_AUDIT_LOG": str(tmp_path / "audit.jsonl"),
        "CICA_USERS_FILE": str(tmp_path / "users.json"),
        "CICA_FEEDBACK_LOG": str(tmp_path / "feedback.jsonl"),
        "CICA_CONVERSATIONS_DB": str(tmp_path / "conversations.sqlite3"),
        "CICA_MODEL_DIR": str(tmp_path / "model"),
    }
    cli = str(Path(sys.executable).parent / "cica-qa")
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen([cli, "serve"], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 180
        while "serving http" not in (tmp_path / "serve.log").read_text() and server.poll() is None:
            assert time.monotonic() < deadline, "server did not start in 180 s"
            time.sleep(0.5)
        output = (tmp_path / "serve.log").read_text()
        assert server.poll() is None, output
        assert "ingested 2 documents" in output
        # a fresh machine: the question encoder is exported once, and everything is loaded
        # before the server says it serves
        assert "exporting the question encoder" in output
        assert output.index("loading the index and the models") < output.index("serving http")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/ask",
            data=json.dumps({"question": "When was the Lantern Charter adopted?"}).encode(),
            method="POST",
        )
        deadline = time.monotonic() + 60
        while True:  # uvicorn may print before it accepts connections
            try:
                with urllib.request.urlopen(request, timeout=60) as response:
                    answer = json.loads(response.read())
                break
            except urllib.error.URLError:
                assert time.monotonic() < deadline, "no answer from /api/ask in 60 s"
                time.sleep(0.5)
        # a page left open holds a stream; a stop still ends the server, in one line
        page = urllib.request.urlopen(f"http://127.0.0.1:{port}/gradio_api/heartbeat/t", timeout=30)
        stopping = time.monotonic()
        server.terminate()
        server.wait(timeout=30)
        assert time.monotonic() - stopping < 5 + 10
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "1987" in answer["answer"]
    output = (tmp_path / "serve.log").read_text()
    assert "closed the connections of pages still open" in output
    assert "Traceback" not in output


def test_make_run_calls_a_valid_serve_command(capsys):
    from pathlib import Path

    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].splitlines()[1]
    arguments = recipe.split("cica-qa", 1)[1].split()
    assert arguments[0] == "serve"
    assert main([*arguments, "--help"]) == 0
    assert "Serve the web chat" in capsys.readouterr().out


def test_serving_beyond_loopback_without_logins_is_refused(tmp_path, monkeypatch, capsys):
    users_file = tmp_path / "users.json"
    monkeypatch.setenv("CICA_HOST", "0.0.0.0")
    monkeypatch.setenv("CICA_USERS_FILE", str(users_file))
    assert main(["serve", "--no-ingest"]) == 2
    assert capsys.readouterr().err.strip().splitlines() == [
        "error: refusing to serve the chat on 0.0.0.0 without logins: add a user with "
        f"`cica-qa user add NAME` (stored in {users_file}, CICA_USERS_FILE), or bind to "
        "127.0.0.1 with CICA_HOST"
    ]


def test_a_taken_port_is_one_line_before_anything_loads(tmp_path, monkeypatch, capsys):
    import socket
    import time

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("CICA_PORT", str(port))
        monkeypatch.setenv("CICA_USERS_FILE", str(tmp_path / "users.json"))
        started = time.perf_counter()
        assert main(["serve", "--no-ingest"]) == 2
        assert time.perf_counter() - started < 2  # refused before the model or index load
    out, err = capsys.readouterr()
    assert "serving" not in out
    assert err.strip().splitlines() == [
        f"error: cannot serve on 127.0.0.1:{port} (Address already in use): stop what uses "
        "that port, or set CICA_PORT (or CICA_HOST to an address of this machine)"
    ]


def test_the_served_corpus_has_its_eval_suite_and_an_unknown_suite_fails_in_a_line(tmp_path):
    from pathlib import Path

    from cica_qa.errors import CicaError
    from cica_qa.web.server import run_suite, served_suite

    assert served_suite(Path("corpus")) == "brochure"
    assert served_suite(tmp_path) == ""
    with pytest.raises(CicaError, match=r"the eval of suite no-such-suite failed: .*no-such-suite"):
        run_suite("no-such-suite")


def test_an_index_that_cannot_answer_is_still_served_with_a_warning(capsys):
    """The warm-up before serving does not stop the server: /readyz then says why."""
    from cica_qa.web.server import _warm_up

    class Broken:
        def warm_up(self) -> int:
            raise RuntimeError("Failed to apply logs to the hnsw segment writer\nmore")

    _warm_up(Broken())  # type: ignore[arg-type]
    err = capsys.readouterr().err
    assert err == (
        "warning: the index does not answer yet (Failed to apply logs to the hnsw segment "
        "writer); /readyz says why\n"
    )
