"""The web chat: reply rendering and a real server answering over HTTP."""

import socket

import pytest

from cica_qa.web.chat import history_for_assistant, reply_stream
from cica_qa.web.render import render_error


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_gradio_history_becomes_plain_turns():
    history = [
        {"role": "user", "content": "Who?"},
        {"role": "assistant", "content": [{"type": "text", "text": "Them [1]"}]},
        {"role": "system", "content": "ignored"},
        "garbage",
    ]
    assert history_for_assistant(history) == [
        {"role": "user", "content": "Who?"},
        {"role": "assistant", "content": "Them [1]"},
    ]


def final_reply(assistant, message: str) -> str:
    """What the chat bubble reads once the answer is complete."""
    return list(reply_stream(assistant, message, []))[-1][0]


@pytest.mark.slow
def test_reply_shows_answer_and_escaped_sources(tiny_assistant):
    rendered = final_reply(tiny_assistant, "When was the Lantern Charter adopted?")
    assert "1987" in rendered
    assert "[1] milestones.txt" in rendered


@pytest.mark.slow
def test_reply_turns_user_errors_into_a_line(tiny_assistant):
    expected = render_error("the question is empty: type a question about CICA")
    assert final_reply(tiny_assistant, "   ") == expected


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
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert "1987" in answer["answer"]


def test_make_run_calls_a_valid_serve_command():
    from pathlib import Path

    from cica_qa.cli import _parser

    makefile = (Path(__file__).parents[2] / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\nrun:", 1)[1].splitlines()[1]
    arguments = recipe.split("cica-qa", 1)[1].split()
    parsed, unknown = _parser().parse_known_args(arguments)
    assert (parsed.command, unknown) == ("serve", [])


def test_serving_beyond_loopback_without_logins_is_refused(tmp_path):
    import os
    import subprocess
    import sys
    from pathlib import Path

    users_file = tmp_path / "users.json"
    env = {**os.environ, "CICA_HOST": "0.0.0.0", "CICA_USERS_FILE": str(users_file)}
    cli = str(Path(sys.executable).parent / "cica-qa")
    result = subprocess.run(
        [cli, "serve", "--no-ingest"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "error: refusing to serve the chat on 0.0.0.0 without logins: add a user with "
        f"`cica-qa user add NAME` (stored in {users_file}, CICA_USERS_FILE), or bind to "
        "127.0.0.1 with CICA_HOST"
    ]
