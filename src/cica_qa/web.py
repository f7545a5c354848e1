"""The Gradio web chat (`app.py`, `cica-qa serve`)."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from cica_qa.answer import Assistant
from cica_qa.embedder import Embedder
from cica_qa.errors import CicaError
from cica_qa.render import render_answer, render_error
from cica_qa.settings import Settings

EXAMPLES = [
    "When was the Almaty Act adopted?",
    "How often does the Senior Officials Committee meet?",
    "How many member states does CICA have?",
]


def history_for_assistant(history: Sequence[object]) -> list[dict[str, str]]:
    """Gradio's message history as plain {"role", "content"} turns."""
    turns: list[dict[str, str]] = []
    for message in history:
        role = message.get("role") if isinstance(message, dict) else None
        content = message.get("content") if isinstance(message, dict) else None
        if isinstance(content, list):  # Gradio 6 may send [{"type": "text", "text": ...}]
            content = " ".join(part.get("text", "") for part in content if isinstance(part, dict))
        if role in ("user", "assistant") and isinstance(content, str):
            turns.append({"role": role, "content": content})
    return turns


def reply(assistant: Assistant, message: str, history: Sequence[object]) -> str:
    """Answer one chat message as rendered, escaped markdown; user errors become a line."""
    try:
        return render_answer(assistant.ask(message, history=history_for_assistant(history)))
    except CicaError as error:
        return render_error(str(error))


def build_app(assistant: Assistant) -> object:
    """The chat page: a chatbot that shows answers with numbered, escaped sources."""
    import gradio as gr

    def answer_question(message: str, history: list[dict]) -> str:
        return reply(assistant, message, history)

    chatbot = gr.Chatbot(
        label="CICA Q&A",
        sanitize_html=True,
        allow_tags=False,
        latex_delimiters=[],
        height=560,
        placeholder="Ask about CICA: its bodies, coordinators, milestones, Secretariat…",
    )
    with gr.Blocks(title="CICA Q&A") as app:
        gr.Markdown("## CICA Q&A\nAnswers from CICA's own documents, with numbered sources.")
        gr.ChatInterface(
            fn=answer_question,
            chatbot=chatbot,
            examples=EXAMPLES,
            api_name="ask",
            flagging_mode="never",
        )
    return app


def serve(ingest_if_stale: bool = True) -> int:
    """Ingest if the index is missing or stale, then serve the chat until interrupted."""
    from cica_qa.embedder import MiniLMEmbedder

    settings = Settings.from_env()
    embedder = MiniLMEmbedder()
    if ingest_if_stale:
        _ingest_if_stale(settings, embedder)
    app = build_app(Assistant.from_settings(settings, embedder))
    print(f"CICA Q&A: serving http://{settings.host}:{settings.port}", flush=True)
    try:
        app.launch(server_name=settings.host, server_port=settings.port, show_error=False)
    except OSError as error:
        raise CicaError(
            f"cannot serve on {settings.host}:{settings.port} ({error}): "
            "stop what uses that port or set CICA_PORT"
        ) from None
    return 0


def _ingest_if_stale(settings: Settings, embedder: Embedder) -> None:
    from ingest.cli import ingest_with_settings, plan_from_settings
    from ingest.pipeline import index_is_stale

    if index_is_stale(plan_from_settings(settings), embedder.model_id):
        sys.stderr.write("index missing or stale: ingesting corpus/ first\n")
        print(ingest_with_settings(settings, embedder).line(), flush=True)


def main() -> None:
    """`python app.py`: serve with settings from the environment, errors as one line."""
    try:
        sys.exit(serve())
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
