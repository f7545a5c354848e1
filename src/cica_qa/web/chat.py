"""The Gradio chat page: chat with streamed answers, source cards, the document viewer,
feedback, the About panel and the Maintainer tab. Everything shown is escaped."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from cica_qa.answering.answer import Answer, Citation
from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.web.about import about_html, report_frame
from cica_qa.web.cards import source_cards
from cica_qa.web.render import escape_text, render_error
from cica_qa.web.stream import history_for_assistant, reply_stream
from cica_qa.web.viewer import PASSAGE_ID, view_citation

EXAMPLES = [
    "When was the Almaty Act adopted?",
    "Who coordinates tourism?",
    "How often does the Senior Officials Committee meet?",
    "What are CICA's governing bodies?",
    "What does SWG stand for?",
]
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
Known = dict[int, Answer]  # assistant message index -> its Answer, per browser session


CHAT_CONCURRENCY = 16  # chat answers made at the same time (each streams in under a second)


@dataclass(frozen=True)
class Feedback:
    """Where the chat records thumbs up/down: a function taking the entry's parts."""

    record: Callable[[Answer, str, str, str], None]  # (answer, verdict, comment, user)


@dataclass(frozen=True)
class Maintainer:
    """What the maintainer tab may do, for users the check calls admins."""

    is_admin: Callable[[str], bool]
    # runs an ingest for (user, client address), returns its summary (CicaError on failure)
    reingest: Callable[[str, str], str]
    report_path: Path  # the latest eval report (HTML)


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


def build_app(
    assistant: Assistant,
    corpus_dir: Path = Path("corpus"),
    feedback: Feedback | None = None,
    maintainer: Maintainer | None = None,
) -> Any:
    """The chat page: chat with streamed answers, source cards, viewer, feedback, About."""
    return ChatPage(assistant, corpus_dir, feedback, maintainer).blocks()


class ChatPage:
    """The page's layout (blocks) and what each of its controls does (one method each)."""

    def __init__(
        self,
        assistant: Assistant,
        corpus_dir: Path,
        feedback: Feedback | None,
        maintainer: Maintainer | None,
    ) -> None:
        self.assistant = assistant
        self.corpus_dir = corpus_dir
        self.feedback = feedback
        self.maintainer = maintainer

    def blocks(self) -> Any:
        """Lay the page out and wire each control to its handler."""
        with gr.Blocks(title="CICA Q&A") as app:
            answers = gr.State({})
            gr.Markdown("## CICA Q&A\nAnswers from CICA's own documents, with numbered sources.")
            with gr.Tab("Chat"), gr.Row():
                chat = self._chat_column()
                sources = self._sources_column()
            with gr.Tab("About"):
                about = gr.HTML(elem_id="cica-about")
                refresh = gr.Button("Refresh")
            maintainer_tab, reingest, ingest_result, show_report, report = self._maintainer_tab()
            outputs = [chat["chatbot"], answers, chat["question"], sources["cards"]]
            outputs += [sources["choice"], chat["status"], sources["document"]]
            inputs = [chat["question"], chat["chatbot"], answers]
            # answers for several staff at once (the assistant answers from many threads):
            # Gradio's default lets one event run at a time for everyone
            concurrent = {"concurrency_limit": CHAT_CONCURRENCY}
            chat["question"].submit(self.respond, inputs, outputs, **concurrent)
            chat["ask"].click(self.respond, inputs, outputs, **concurrent)
            chat["chatbot"].example_select(self.from_example, [chat["chatbot"], answers], outputs)
            cleared = [chat["chatbot"], answers, sources["cards"], sources["choice"]]
            cleared += [sources["document"], chat["status"], chat["comment"]]
            chat["new_chat"].click(self.start_over, None, cleared)
            sources["view"].click(
                self.open_source, [sources["choice"], answers], sources["document"]
            ).then(None, None, None, js=SCROLL_TO_PASSAGE)
            chat["chatbot"].like(
                self.rate, [answers, chat["comment"]], [chat["comment"], chat["status"]]
            )
            refresh.click(lambda: about_html(self.assistant.state), None, about)
            app.load(self.on_load, None, [about, maintainer_tab])
            reingest.click(self.run_reingest, None, ingest_result)
            show_report.click(self.latest_report, None, report)
        return app

    def _chat_column(self) -> dict[str, Any]:
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
        return {
            "chatbot": chatbot,
            "question": question,
            "ask": ask,
            "comment": comment,
            "new_chat": new_chat,
            "status": status,
        }

    def _sources_column(self) -> dict[str, Any]:
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            cards = gr.HTML(source_cards(None), elem_id="cica-cards")
            with gr.Row():
                choice = gr.Dropdown(
                    choices=[], label="Source", scale=3, elem_id="cica-source-choice"
                )
                view = gr.Button("View in document", scale=1, elem_id="cica-view")
            document = gr.HTML("", elem_id="cica-document")
        return {"cards": cards, "choice": choice, "view": view, "document": document}

    def _maintainer_tab(self) -> tuple[Any, ...]:
        with gr.Tab("Maintainer", visible=False, elem_id="cica-maintainer") as tab:
            gr.Markdown(
                "Re-ingest `corpus/` after adding or changing documents: only what changed is "
                "embedded, and the chat answers from the new index as soon as it finishes."
            )
            reingest = gr.Button("Re-ingest now", variant="primary", elem_id="cica-reingest")
            ingest_result = gr.Markdown("", elem_id="cica-ingest-result")
            gr.Markdown("### Latest eval report")
            show_report = gr.Button("Show the latest eval report", elem_id="cica-show-report")
            report = gr.HTML("", elem_id="cica-report")
        return tab, reingest, ingest_result, show_report, report

    def respond(self, message: str, history: list[dict], known: Known) -> Iterator[tuple[Any, ...]]:
        """Stream the answer into the chat; then show its sources."""
        history = list(history or [])
        turns = history_for_assistant(history)
        history.append({"role": "user", "content": escape_text(message or "")})
        index = len(history)
        history.append({"role": "assistant", "content": ""})
        answer: Answer | None = None
        for text, answer in reply_stream(self.assistant, message or "", turns):
            history[-1] = {"role": "assistant", "content": text}
            if answer is None:
                yield history, known, "", gr.update(), gr.update(), "", gr.update()
        known = {**known, index: answer} if answer is not None else known
        labels = source_choices(answer)
        choice = gr.update(choices=labels, value=labels[0] if labels else None)
        yield history, known, "", source_cards(answer), choice, "", ""

    def from_example(
        self, picked: gr.SelectData, history: list[dict], known: Known
    ) -> Iterator[tuple[Any, ...]]:
        """Ask an example question the empty chat shows."""
        yield from self.respond(picked.value.get("text", ""), history, known)

    def start_over(self) -> tuple[Any, ...]:
        """A new chat: no messages, no sources, no open document."""
        return [], {}, source_cards(None), gr.update(choices=[], value=None), "", "", ""

    def open_source(self, picked: str | None, known: Known) -> str:
        """The chosen source of the latest answer, in its document."""
        latest = known[max(known)] if known else None
        return view_citation(self.corpus_dir, citation_for(latest, picked))

    def rate(
        self, data: gr.LikeData, known: Known, note: str, request: gr.Request
    ) -> tuple[str, str]:
        """Record a thumbs up or down on an answer, with the comment typed."""
        answer = known.get(_message_index(data.index))
        if answer is None or self.feedback is None:
            return note, "_Feedback is not recorded for this message._"
        verdict = "up" if data.liked in (True, "like", "Like") else "down"
        self.feedback.record(answer, verdict, note or "", _user(request))
        return "", f"_Thanks: your thumbs {verdict} was recorded._"

    def on_load(self, request: gr.Request) -> tuple[str, Any]:
        """The About panel, and the Maintainer tab for admins."""
        return about_html(self.assistant.state), gr.update(visible=self._admin(request))

    def run_reingest(
        self,
        request: gr.Request,
        progress: Any = gr.Progress(track_tqdm=True),  # noqa: B008
    ) -> str:
        """Re-ingest the corpus from the browser (admins), the ingest's bar in the page."""
        if not self._admin(request) or self.maintainer is None:
            return "Only maintainers (admin users) can re-ingest."
        progress(0, desc="Reading the corpus")
        try:
            line = self.maintainer.reingest(_user(request), _address(request))
            return f"Done: {escape_text(line)}"
        except CicaError as error:
            return render_error(str(error))

    def latest_report(self, request: gr.Request) -> str:
        """The latest eval report (admins)."""
        if not self._admin(request) or self.maintainer is None:
            return '<div class="cica-empty">Only maintainers can see eval reports.</div>'
        return report_frame(self.maintainer.report_path)

    def _admin(self, request: gr.Request) -> bool:
        user = _user(request)
        return self.maintainer is not None and bool(user) and self.maintainer.is_admin(user)


def _message_index(index: object) -> int | None:
    """The rated message's place in the chat, as Gradio sends it (a number, or [row, column]);
    None for anything else a crafted request may send."""
    if isinstance(index, list | tuple):
        index = index[0] if index else None
    return index if isinstance(index, int) and not isinstance(index, bool) else None


def _user(request: gr.Request) -> str:
    return getattr(request, "username", None) or ""


def _address(request: gr.Request) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", "") or ""
