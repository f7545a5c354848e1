"""The optional LLM writer against a local OpenAI-compatible test server with canned replies.

The server stands in for the network boundary (a llama.cpp or vLLM server); everything else
— llama-index's OpenAILike client, the prompt, verification — runs for real. Slow: the
OpenAI client takes 2 s to import; tests/answering/test_written.py checks the same logic
through the AnswerWriter protocol in milliseconds.
"""

import itertools
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar

import pytest

from cica_qa.answering.assistant import Assistant
from cica_qa.answering.llm import OpenAICompatibleWriter

pytestmark = pytest.mark.slow

CANNED = (
    "The Lantern Charter was adopted on 3 March 1987 [1]. "
    "It was later amended in Paris in 2031 [1]."
)


class CannedChat(BaseHTTPRequestHandler):
    """POST /v1/chat/completions → one canned assistant message; requests are recorded."""

    requests: ClassVar[list[dict]] = []
    reply = CANNED

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        CannedChat.requests.append(body)
        if body.get("stream"):
            self.stream_reply(body["model"])
            return
        payload = json.dumps(
            {
                "id": "canned",
                "object": "chat.completion",
                "created": 0,
                "model": body["model"],
                "choices": [
                    {
                        "index": 0,
                        "finish_reason": "stop",
                        "message": {"role": "assistant", "content": CannedChat.reply},
                    }
                ],
                "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2},
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(payload)))
        self.end_headers()
        self.wfile.write(payload)

    def stream_reply(self, model: str) -> None:
        """Server-sent events, a word per chunk, as OpenAI-compatible servers stream."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        words = CannedChat.reply.split(" ")
        pieces = [w if i == 0 else f" {w}" for i, w in enumerate(words)]
        for piece in [*pieces, None]:
            delta = {"content": piece} if piece is not None else {}
            chunk = {
                "id": "canned",
                "object": "chat.completion.chunk",
                "created": 0,
                "model": model,
                "choices": [
                    {"index": 0, "delta": delta, "finish_reason": None if piece else "stop"}
                ],
            }
            self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
            self.wfile.flush()
        self.wfile.write(b"data: [DONE]\n\n")
        self.wfile.flush()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), CannedChat)
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    CannedChat.requests.clear()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/v1"
    httpd.shutdown()


def assistant_with(memory_index, base_url: str) -> Assistant:
    """The in-memory tiny index (fake embedder), answers written by the LLM at base_url."""
    config, backend, embedder = memory_index
    writer = OpenAICompatibleWriter(base_url, "canned-model", "", timeout=5)
    return Assistant.open(config.index_dir, embedder, backend, writer=writer)


def test_the_llm_writes_from_numbered_passages_and_hallucinations_are_dropped(server, memory_index):
    answer = assistant_with(memory_index, server).ask("When was the Lantern Charter adopted?")
    assert answer.written_by == "llm"
    assert answer.text == "The Lantern Charter was adopted on 3 March 1987 [1]."
    assert "Paris" not in answer.text
    assert answer.notice == "1 unsupported sentence(s) removed from the LLM's answer"
    assert "1987" in answer.citations[0].text and len(answer.citations) == 1
    (request,) = CannedChat.requests
    assert request["model"] == "canned-model"
    assert "[1] " in request["messages"][1]["content"]
    assert request["messages"][0]["content"].startswith("You answer questions about CICA")


def test_nothing_supported_falls_back_to_the_extractive_answer(server, memory_index):
    CannedChat.reply = "It was adopted in Atlantis in 1066 [1]."
    try:
        answer = assistant_with(memory_index, server).ask("When was the Lantern Charter adopted?")
    finally:
        CannedChat.reply = CANNED
    assert answer.written_by == "extractive" and "1987" in answer.text
    assert "no sentence its passages support" in answer.notice


def test_an_unreachable_endpoint_is_a_notice_and_the_extractive_answer(memory_index):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    url = f"http://127.0.0.1:{closed}/v1"
    answer = assistant_with(memory_index, url).ask("When was the Lantern Charter adopted?")
    assert answer.written_by == "extractive" and "1987" in answer.text
    assert answer.notice.startswith(f"the LLM at {url} did not answer")
    assert "showing the extractive answer" in answer.notice


def test_the_llm_answer_streams_in_as_drafts_then_only_verified_sentences_stay(
    server, memory_index
):
    drafts: list[str] = []
    answer = assistant_with(memory_index, server).ask(
        "When was the Lantern Charter adopted?", on_draft=drafts.append
    )
    assert len(drafts) >= 10 and all(a in b for a, b in itertools.pairwise(drafts))
    assert drafts[-1] == CANNED  # the whole unverified text was shown while it was written
    assert answer.text == "The Lantern Charter was adopted on 3 March 1987 [1]."


def test_the_chat_shows_drafts_then_replaces_them_with_the_verified_answer(server, memory_index):
    from cica_qa.web.stream import reply_stream

    assistant = assistant_with(memory_index, server)
    shown = list(reply_stream(assistant, "When was the Lantern Charter adopted?", []))
    drafts = [text for text, answer in shown if answer is None]
    assert drafts and all(text.startswith("_Writing; not yet checked") for text in drafts)
    assert "Paris" in drafts[-1]
    final, answer = shown[-1]
    assert answer is not None and "Paris" not in final and "1987" in final
