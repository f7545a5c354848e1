"""The web chat: reply rendering and a real server answering over HTTP."""

import socket

import pytest

from cica_qa.render import render_error
from cica_qa.web import build_app, history_for_assistant, reply


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


@pytest.mark.slow
def test_reply_shows_answer_and_escaped_sources(tiny_assistant):
    rendered = reply(tiny_assistant, "When was the Lantern Charter adopted?", [])
    assert "1987" in rendered
    assert "**Sources**" in rendered
    assert "milestones\\.txt" in rendered


@pytest.mark.slow
def test_reply_turns_user_errors_into_a_line(tiny_assistant):
    expected = render_error("the question is empty: type a question about CICA")
    assert reply(tiny_assistant, "   ", []) == expected


@pytest.mark.slow
def test_served_chat_answers_over_http(tiny_assistant):
    from gradio_client import Client

    app = build_app(tiny_assistant)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    try:
        client = Client(f"http://127.0.0.1:{port}/", verbose=False)
        rendered = client.predict("When was the Lantern Charter adopted?", api_name="/ask")
    finally:
        app.close()
    assert "1987" in rendered and "milestones\\.txt" in rendered
