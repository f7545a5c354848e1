"""The Gradio web chat (`app.py`, `cica-qa serve`): chat, source cards, the document viewer,
feedback and the About panel. Everything shown from documents or users is escaped."""

from __future__ import annotations

import html
import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.types import Answer, Citation
from cica_qa.web.cards import source_cards
from cica_qa.web.render import escape_text, render_answer, render_error
from cica_qa.web.viewer import PASSAGE_ID, document_view, unavailable

EXAMPLES = [
    "When was the Almaty Act adopted?",
    "Who coordinates tourism?",
    "How often does the Senior Officials Committee meet?",
    "What are CICA's governing bodies?",
    "What does SWG stand for?",
]
STREAM_DELAY = 0.012  # seconds between words as the answer appears
CSS = """
.cica-card { border: 1px solid #d0d7de; border-radius: 8px; padding: 8px 10px; margin: 8px 0; }
.cica-card-head { font-size: 0.85em; color: #57606a; margin-bottom: 4px; }
.cica-related { border-style: dashed; opacity: 0.85; }
.cica-related-head, .cica-notice { color: #9a6700; font-weight: 600; }
.cica-passage mark, .cica-cited { background: #fff3b0; }
.cica-cited { border-left: 4px solid #d4a72c; padding-left: 6px; }
.cica-document { max-height: 560px; overflow-y: auto; }
.cica-empty { color: #57606a; font-style: italic; }
"""
SCROLL_TO_PASSAGE = (
    f"() => {{ setTimeout(() => document.getElementById('{PASSAGE_ID}')"
    "?.scrollIntoView({block: 'center'}), 50); }"
)


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


def reply_stream(
    assistant: Assistant, message: str, turns: list[dict[str, str]]
) -> Iterator[tuple[str, Answer | None]]:
    """The chat bubble at each moment of answering, then the answer itself.

    An LLM's text shows as it streams in, marked as not yet checked, and is then replaced
    by its verified answer; an extractive answer appears word by word.
    """
    if not assistant.writes_with_llm:
        try:
            answer = assistant.ask(message, history=turns)
        except CicaError as error:
            yield render_error(str(error)), None
            return
        text = render_answer(answer)
        for partial in words_of(text):
            yield partial, None
            time.sleep(STREAM_DELAY)
        yield text, answer
        return
    drafts: queue.Queue[str | None] = queue.Queue()
    outcome: dict[str, Any] = {}

    def write() -> None:
        try:
            outcome["answer"] = assistant.ask(message, history=turns, on_draft=drafts.put)
        except Exception as error:  # re-raised below, in the caller's thread
            outcome["error"] = error
        finally:
            drafts.put(None)

    threading.Thread(target=write, daemon=True).start()
    while (draft := drafts.get()) is not None:
        yield f"_Writing; not yet checked against the passages:_\n\n{escape_text(draft)}", None
    error = outcome.get("error")
    if isinstance(error, CicaError):
        yield render_error(str(error)), None
        return
    if error is not None:
        raise error
    yield render_answer(outcome["answer"]), outcome["answer"]


def words_of(text: str) -> Iterator[str]:
    """The text growing word by word, ending with all of it (for a streamed answer)."""
    pieces = text.split(" ")
    for end in range(1, len(pieces)):
        yield " ".join(pieces[:end])
    yield text


@dataclass(frozen=True)
class Feedback:
    """Where the chat records thumbs up/down: a function taking the entry's parts."""

    record: Callable[[Answer, str, str, str], None]  # (answer, verdict, comment, user)


@dataclass(frozen=True)
class Maintainer:
    """What the maintainer tab may do, for users the check calls admins."""

    is_admin: Callable[[str], bool]
    reingest: Callable[[], str]  # runs an ingest, returns its summary (CicaError on failure)
    report_path: Path  # the latest eval report (HTML)


def report_frame(path: Path) -> str:
    """The eval report in a sandboxed frame (no scripts), or how to make one."""
    if not path.is_file():
        return (
            f'<div class="cica-empty">No eval report at {html.escape(str(path))} yet: '
            "run <code>make eval</code>.</div>"
        )
    page = path.read_text(encoding="utf-8", errors="replace")
    return (
        f'<iframe sandbox="" title="Latest eval report" style="width:100%;height:640px;'
        f'border:1px solid #d0d7de" srcdoc="{html.escape(page, quote=True)}"></iframe>'
    )


def source_choices(answer: Answer | None) -> list[str]:
    """Dropdown labels for the sources of an answer (or the related passages)."""
    if answer is None:
        return []
    listed = answer.related if answer.abstained else answer.citations
    prefix = "•" if answer.abstained else ""
    return [f"{prefix}[{c.number}] {c.where}" for c in listed]


def citation_for(answer: Answer | None, choice: str | None) -> Citation | None:
    """The citation a dropdown label names."""
    if answer is None or not choice:
        return None
    listed = answer.related if answer.abstained else answer.citations
    return next((c for c in listed if choice.endswith(f"[{c.number}] {c.where}")), None)


def view_citation(corpus_dir: Path, citation: Citation | None) -> str:
    """The cited passage inside its whole document, read from the corpus folder."""
    from cica_qa.ingest.load import Skipped, check_file
    from cica_qa.ingest.readers import parse_file

    if citation is None:
        return '<div class="cica-empty">Choose a source, then View in document.</div>'
    root = corpus_dir.resolve()
    path = (root / citation.document).resolve()
    if root not in path.parents or not path.is_file():
        return unavailable(
            citation, f"{citation.document} is no longer in the corpus folder: re-ingest"
        )
    source = check_file(citation.document, path)
    parsed = parse_file(source) if not isinstance(source, Skipped) else source
    if isinstance(parsed, Skipped):
        return unavailable(citation, f"cannot open {citation.document}: {parsed.reason}")
    return document_view(citation, parsed.blocks)


def about_html(assistant: Assistant) -> str:
    """What the chat answers from: documents, chunks, last ingest, model and store."""
    state = assistant.state
    manifest = state.manifest
    rows = "".join(
        f"<tr><td>{html.escape(name)}</td><td>{len(manifest.chunks.get(name, ()))}</td></tr>"
        for name in sorted(manifest.documents)
    )
    facts = [
        ("Chunks", str(len(manifest.chunk_ids))),
        ("Last ingest", manifest.ingested_at),
        ("Embedding model", manifest.model_id),
        ("Store", state.store_description),
        ("Collection", manifest.collection),
    ]
    listed = "".join(f"<li><b>{k}:</b> {html.escape(v)}</li>" for k, v in facts)
    return (
        f'<div class="cica-about"><ul>{listed}</ul>'
        f"<table><tr><th>Document</th><th>Chunks</th></tr>{rows}</table></div>"
    )


def build_app(
    assistant: Assistant,
    corpus_dir: Path = Path("corpus"),
    feedback: Feedback | None = None,
    maintainer: Maintainer | None = None,
) -> Any:
    """The chat page: chat with streamed answers, source cards, viewer, feedback, About."""
    with gr.Blocks(title="CICA Q&A") as app:
        answers = gr.State({})  # assistant message index -> Answer, per browser session
        gr.Markdown("## CICA Q&A\nAnswers from CICA's own documents, with numbered sources.")
        with gr.Tab("Chat"), gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(
                    label="CICA Q&A",
                    elem_id="cica-chat",
                    sanitize_html=True,
                    allow_tags=False,
                    latex_delimiters=[],
                    height=520,
                    buttons=["copy"],
                    examples=[{"text": q} for q in EXAMPLES],
                    placeholder="Ask about CICA: its bodies, coordinators, milestones, "
                    "Secretariat… or click an example.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        placeholder="Type a question and press Enter",
                        show_label=False,
                        scale=5,
                        elem_id="cica-question",
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="cica-ask")
                with gr.Row():
                    comment = gr.Textbox(
                        placeholder="Optional comment, sent with your thumbs up or down",
                        show_label=False,
                        scale=5,
                        elem_id="cica-comment",
                    )
                    new_chat = gr.Button("New chat", scale=1, elem_id="cica-new-chat")
                status = gr.Markdown("", elem_id="cica-status")
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                cards = gr.HTML(source_cards(None), elem_id="cica-cards")
                with gr.Row():
                    choice = gr.Dropdown(
                        choices=[], label="Source", scale=3, elem_id="cica-source-choice"
                    )
                    view = gr.Button("View in document", scale=1, elem_id="cica-view")
                document = gr.HTML("", elem_id="cica-document")
        with gr.Tab("About"):
            about = gr.HTML(elem_id="cica-about")
            refresh = gr.Button("Refresh")
        with gr.Tab("Maintainer", visible=False, elem_id="cica-maintainer") as maintainer_tab:
            gr.Markdown(
                "Re-ingest `corpus/` after adding or changing documents: only what changed is "
                "embedded, and the chat answers from the new index as soon as it finishes."
            )
            reingest = gr.Button("Re-ingest now", variant="primary", elem_id="cica-reingest")
            ingest_result = gr.Markdown("", elem_id="cica-ingest-result")
            gr.Markdown("### Latest eval report")
            show_report = gr.Button("Show the latest eval report", elem_id="cica-show-report")
            report = gr.HTML("", elem_id="cica-report")

        def respond(
            message: str, history: list[dict], known: dict[int, Answer]
        ) -> Iterator[tuple[Any, ...]]:
            history = list(history or [])
            turns = history_for_assistant(history)
            history.append({"role": "user", "content": escape_text(message or "")})
            index = len(history)
            history.append({"role": "assistant", "content": ""})
            answer: Answer | None = None
            for text, answer in reply_stream(assistant, message or "", turns):
                history[-1] = {"role": "assistant", "content": text}
                if answer is None:
                    yield history, known, "", gr.update(), gr.update(), "", gr.update()
            known = {**known, index: answer} if answer is not None else known
            labels = source_choices(answer)
            yield (
                history,
                known,
                "",
                source_cards(answer),
                gr.update(choices=labels, value=labels[0] if labels else None),
                "",
                "",
            )

        outputs = [chatbot, answers, question, cards, choice, status, document]
        question.submit(respond, [question, chatbot, answers], outputs)
        ask.click(respond, [question, chatbot, answers], outputs)

        def from_example(picked: gr.SelectData, history: list[dict], known: dict[int, Answer]):
            yield from respond(picked.value.get("text", ""), history, known)

        chatbot.example_select(from_example, [chatbot, answers], outputs)

        def start_over() -> tuple[Any, ...]:
            return [], {}, source_cards(None), gr.update(choices=[], value=None), "", "", ""

        new_chat.click(
            start_over, None, [chatbot, answers, cards, choice, document, status, comment]
        )

        def open_source(picked: str | None, known: dict[int, Answer]) -> str:
            latest = known[max(known)] if known else None
            return view_citation(corpus_dir, citation_for(latest, picked))

        view.click(open_source, [choice, answers], document).then(
            None, None, None, js=SCROLL_TO_PASSAGE
        )

        def rate(
            data: gr.LikeData, known: dict[int, Answer], note: str, request: gr.Request
        ) -> tuple[str, str]:
            index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
            answer = known.get(int(index))
            if answer is None or feedback is None:
                return note, "_Feedback is not recorded for this message._"
            verdict = "up" if data.liked in (True, "like", "Like") else "down"
            user = getattr(request, "username", None) or ""
            feedback.record(answer, verdict, note or "", user)
            return "", f"_Thanks: your thumbs {verdict} was recorded._"

        chatbot.like(rate, [answers, comment], [comment, status])

        refresh.click(lambda: about_html(assistant), None, about)

        def admin(request: gr.Request) -> bool:
            user = getattr(request, "username", None) or ""
            return maintainer is not None and bool(user) and maintainer.is_admin(user)

        def on_load(request: gr.Request) -> tuple[str, Any]:
            return about_html(assistant), gr.update(visible=admin(request))

        app.load(on_load, None, [about, maintainer_tab])

        tracked = gr.Progress(track_tqdm=True)  # the ingest's tqdm bar, shown in the page

        def run_reingest(request: gr.Request, progress: Any = tracked) -> str:
            if not admin(request) or maintainer is None:
                return "Only maintainers (admin users) can re-ingest."
            progress(0, desc="Reading the corpus")
            try:
                return f"Done: {escape_text(maintainer.reingest())}"
            except CicaError as error:
                return render_error(str(error))

        def latest_report(request: gr.Request) -> str:
            if not admin(request) or maintainer is None:
                return '<div class="cica-empty">Only maintainers can see eval reports.</div>'
            return report_frame(maintainer.report_path)

        reingest.click(run_reingest, None, ingest_result)
        show_report.click(latest_report, None, report)
    return app


def serve(ingest_if_stale: bool = True) -> int:
    """Ingest if the index is missing or stale, then serve the chat until interrupted."""
    from cica_qa.embedder import MiniLMEmbedder
    from cica_qa.settings import Settings
    from cica_qa.web.server import run_server
    from cica_qa.web.users import check_exposure, load_users

    settings = Settings.from_env()
    # refuse an exposed address without logins before anything slow is loaded
    check_exposure(settings.host, load_users(settings.users_file), settings.users_file)
    embedder = MiniLMEmbedder()
    if ingest_if_stale:
        _ingest_if_stale(settings, embedder)
    return run_server(settings, Assistant.from_settings(settings, embedder), embedder)


def _ingest_if_stale(settings: Any, embedder: Any) -> None:
    import sys

    from cica_qa.ingest.cli import ingest_with_settings, plan_from_settings
    from cica_qa.ingest.pipeline import index_is_stale

    if index_is_stale(plan_from_settings(settings), embedder.model_id):
        sys.stderr.write("index missing or stale: ingesting corpus/ first\n")
        print(ingest_with_settings(settings, embedder).line(), flush=True)


def main() -> None:
    """`python app.py`: serve with settings from the environment, errors as one line."""
    import sys

    try:
        sys.exit(serve())
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
