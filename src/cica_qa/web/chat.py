"""The Gradio chat page: chat with streamed answers, source cards, the document viewer,
feedback, the About panel and the Maintainer tab. Everything shown is escaped."""

from __future__ import annotations

import sys
import tempfile
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from cica_qa.answering.answer import Answer, Citation
from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.web.about import about_html, maintainer_documents, report_frame
from cica_qa.web.cards import claims_by_number, source_cards
from cica_qa.web.conversations import Saving, UnknownConversation, owner_of
from cica_qa.web.documents import CorpusFolder
from cica_qa.web.export import exported, file_name
from cica_qa.web.render import escape_text, render_error, sources_message
from cica_qa.web.reopen import past_choices, reopened
from cica_qa.web.stream import history_for_assistant, reply_stream
from cica_qa.web.templates import render
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
.cica-card { cursor: pointer; }
.cica-card-head, .cica-empty { font-size: 0.85em; color: #57606a; }
.cica-card-head { margin-bottom: 4px; }
.cica-related { border-style: dashed; opacity: 0.85; }
.cica-related-head, .cica-notice { color: #8a5a00; font-weight: 600; }
.cica-passage mark, .cica-document mark, .cica-cited-whole { background: #fff3b0; color: #1f2328; }
.cica-cited { border-left: 4px solid #d4a72c; padding-left: 6px; }
.cica-document { max-height: 560px; overflow-y: auto; }
.cica-empty { font-style: italic; }
.dark .cica-card { border-color: #3d444d; }
.dark .cica-card-head, .dark .cica-empty { color: #b1bac4; }
.dark .cica-related-head, .dark .cica-notice { color: #e3b341; }
.dark .cica-passage mark, .dark .cica-document mark, .dark .cica-cited-whole {
  background: #5c4a00; color: #fff8d6; }
.cica-drop { border: 2px dashed #8c959f; border-radius: 8px; padding: 4px 12px; }
.cica-drop input[type=file] { color: inherit; background: transparent; }
input[aria-controls$="-options"] { color: var(--body-text-color) !important; }
.cica-files caption { text-align: left; color: inherit; }
.cica-phone-only, .cica-hidden { display: none !important; }
@media (max-width: 640px) {
  .cica-phone-only { display: block !important; }
  #cica-chat { height: 380px !important; max-height: 380px; }
}
"""
SCROLL_TO_PASSAGE = (
    f"() => {{ setTimeout(() => document.getElementById('{PASSAGE_ID}')"
    "?.scrollIntoView({block: 'center'}), 50); }"
)
UPLOAD_ZONE = """
<div class="cica-drop" tabindex="-1">
<p><b>Add documents:</b> drop files here, or
<label>choose files <input type="file" multiple accept=".txt,.md,.html,.htm,.pdf,.docx"></label></p>
<p><label><input type="checkbox" class="cica-replace"> Replace documents of the same name
(the old ones go to the trash)</label></p>
<p class="cica-upload-result" role="status" aria-live="polite"></p>
</div>
"""
# sends dropped or chosen files to POST /api/documents (the chat's login cookie goes with
# it), says what was added and refused (as text), then asks for the list again
UPLOAD_ON_DROP = """
const zone = element.querySelector('.cica-drop');
if (zone) {
  const input = zone.querySelector('input[type=file]');
  const replace = zone.querySelector('.cica-replace');
  const out = zone.querySelector('.cica-upload-result');
  const send = async (files) => {
    if (!files || !files.length) { return; }
    const body = new FormData();
    for (const file of files) { body.append('files', file); }
    if (replace.checked) { body.append('replace', 'true'); }
    out.textContent = 'Adding ' + files.length + ' document(s)…';
    try {
      const response = await fetch('/api/documents', {method: 'POST', body: body,
                                                      credentials: 'same-origin'});
      const data = await response.json();
      const lines = [];
      (data.added || []).forEach((a) => lines.push('Added ' + a.name
        + (a.replaced ? ' (the old one is in the trash)' : '') + '.'));
      (data.refused || []).forEach((r) => lines.push('Not added: ' + r.reason));
      if (data.error) { lines.push(data.error); }
      if ((data.added || []).length) { lines.push('Re-ingest to answer from them.'); }
      out.textContent = lines.join(' ');
    } catch (error) {
      out.textContent = 'The upload failed: ' + error;
    }
    input.value = '';
    document.querySelector('#cica-refresh-docs')?.click();
  };
  zone.addEventListener('dragover', (event) => { event.preventDefault(); });
  zone.addEventListener('drop', (event) => {
    event.preventDefault(); send(event.dataTransfer.files);
  });
  input.addEventListener('change', () => send(input.files));
}
"""
# A click on an answer's [n] marker: before the chat sees the click (capture), note n in the
# hidden marker box, so that the answer's select event opens source n (show_sources)
MARKER_CLICKS = r"""<script>
document.addEventListener('click', (event) => {
  const bubble = event.target.closest && event.target.closest('#cica-chat [data-testid="bot"]');
  const box = document.querySelector('#cica-marker textarea, #cica-marker input');
  if (!bubble || !box) { return; }
  let found = '';
  const range = document.caretRangeFromPoint
    ? document.caretRangeFromPoint(event.clientX, event.clientY) : null;
  const node = range ? range.startContainer : null;
  if (node && node.nodeType === Node.TEXT_NODE) {
    const pattern = /\[(\d+)\]/g;
    let match;
    while ((match = pattern.exec(node.textContent))) {
      if (match.index <= range.startOffset && range.startOffset <= match.index + match[0].length) {
        found = match[1];
      }
    }
  }
  box.value = found;
  box.dispatchEvent(new Event('input', {bubbles: true}));
}, true);
// The Sources panel under each answer is a Gradio "thought": its title (role=button) holds
// an unnamed arrow button, a control nested in a control. Make the arrow the one control,
// named by the title ("Sources (2)"); a click on it still reaches the title, which toggles.
new MutationObserver(() => {
  document.querySelectorAll('#cica-chat .thought-group .title').forEach((title) => {
    const arrow = title.querySelector('button');
    const name = 'Show or hide: ' + title.textContent.trim();
    if (!arrow || arrow.getAttribute('aria-label') === name) { return; }
    title.removeAttribute('role');
    title.removeAttribute('tabindex');
    arrow.setAttribute('aria-label', name);
    arrow.removeAttribute('title');
    if (!arrow.dataset.cicaToggle) {  // Enter clicks the arrow: not also the title's own key
      arrow.dataset.cicaToggle = '1';
      arrow.addEventListener('keydown', (event) => {
        if (event.key === 'Enter') { event.stopPropagation(); }
      });
    }
  });
}).observe(document.documentElement, {childList: true, subtree: true});
</script>"""
OPEN_CARD_ON_CLICK = (
    "element.addEventListener('click', (event) => {"
    " const card = event.target.closest('.cica-card');"
    " if (card) { trigger('click', {number: card.dataset.number}); } });"
)


def theme() -> Any:
    """Gradio's default theme with primary buttons dark enough for their white text to read
    (WCAG AA contrast), in light and dark mode."""
    return gr.themes.Default().set(
        button_primary_background_fill="#1f5fbf",
        button_primary_background_fill_hover="#174a96",
        button_primary_background_fill_dark="#1f5fbf",
        button_primary_background_fill_hover_dark="#174a96",
        button_primary_text_color="#ffffff",
        button_primary_text_color_dark="#ffffff",
        button_primary_border_color="#1f5fbf",
        button_primary_border_color_dark="#1f5fbf",
    )


Known = dict[int, Answer]  # assistant message index -> its Answer, per browser session
# what a browser remembers (in its localStorage, encrypted with the server's kept secret):
# its own id (whose conversations it may reopen, without logins) and its open conversation
Remembered = dict[str, str]
NOT_SAVED = "_This answer could not be saved, so it has no link; the server's log says why._"


LINK_QUESTION_CHARS = 2000  # a question a link gives is cut to this (the ask checks it)
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
    folder: CorpusFolder | None = None  # the corpus folder, to add, delete and restore in
    preview: Callable[[], str] | None = None  # what a re-ingest would change (a dry run)
    # (user, client address, action, what): a change to the documents, for the audit log
    heard: Callable[[str, str, str, str], None] | None = None
    # runs the eval suite of the served corpus for (user, address): its summary (CicaError)
    run_eval: Callable[[str, str], str] | None = None


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
    saving: Saving | None = None,
) -> Any:
    """The chat page: chat with streamed answers, source cards, viewer, feedback, About;
    with `saving`, every answer saved with a link, and past conversations to reopen."""
    return ChatPage(assistant, corpus_dir, feedback, maintainer, saving).blocks()


class ChatPage:
    """The page's layout (blocks) and what each of its controls does (one method each)."""

    def __init__(
        self,
        assistant: Assistant,
        corpus_dir: Path,
        feedback: Feedback | None,
        maintainer: Maintainer | None,
        saving: Saving | None = None,
    ) -> None:
        self.assistant = assistant
        self.corpus_dir = corpus_dir
        self.feedback = feedback
        self.maintainer = maintainer
        self.saving = saving

    def blocks(self) -> Any:
        """Lay the page out and wire each control to its handler."""
        with gr.Blocks(title="CICA Q&A") as app:
            answers = gr.State({})
            conversation = gr.State(None)  # the saved conversation this chat adds to
            rated = gr.State(None)  # (message index, verdict) of the latest rating
            showing = gr.State(None)  # the message index of the answer whose sources show
            secret = self.saving.conversations.secret("browser") if self.saving else None
            remembered = gr.BrowserState({}, storage_key="cica-qa-chat", secret=secret)
            with gr.Row(equal_height=True):
                gr.Markdown(
                    "## CICA Q&A\nAnswers from CICA's own documents, with numbered sources.",
                    scale=4,
                )
                who = gr.Markdown("", elem_id="cica-who", scale=1)
                logout = gr.Button(
                    "Log out",
                    link="/logout",
                    visible=False,
                    size="sm",
                    scale=0,
                    min_width=90,
                    elem_id="cica-logout",
                )
            with gr.Tab("Chat"), gr.Row():
                chat = self._chat_column()
                sources = self._sources_column()
            with gr.Tab("About"):
                about = gr.HTML(elem_id="cica-about")
                refresh = gr.Button("Refresh")
            maintainer_tab, reingest, ingest_result, show_report, report = self._maintainer_tab()
            shown = [chat["chatbot"], answers, sources["cards"], sources["choice"]]
            shown += [sources["document"], sources["link"], conversation, remembered, rated]
            shown += [showing]
            outputs = [*shown, chat["question"], chat["status"]]
            inputs = [chat["question"], chat["chatbot"], answers, conversation, remembered]
            # answers for several staff at once (the assistant answers from many threads):
            # Gradio's default lets one event run at a time for everyone
            concurrent = {"concurrency_limit": CHAT_CONCURRENCY}
            chat["question"].submit(self.respond, inputs, outputs, **concurrent)
            chat["ask"].click(self.respond, inputs, outputs, **concurrent)
            chat["chatbot"].example_select(self.from_example, inputs[1:], outputs)
            past = [chat["past"], chat["status"]]
            chat["new_chat"].click(self.start_over, [remembered], [*shown, chat["comment"]])
            # the chat's own 🗑 clears its sources too, and starts a new conversation
            chat["chatbot"].clear(self.start_over, [remembered], [*shown, chat["comment"]])
            # the list as it is now, each time it is opened (a new chat may have begun since)
            chat["past_box"].expand(self.list_past, [remembered], chat["past"])
            chat["open_past"].click(self.open_past, [chat["past"], remembered], shown + past)
            chat["delete_past"].click(
                self.delete_past, [chat["past"], conversation, remembered], shown + past
            )
            exporting = ([conversation, remembered], [chat["exported"], chat["status"]])
            chat["export_md"].click(self.export_markdown, *exporting)
            chat["export_docx"].click(self.export_word, *exporting)
            sources["view"].click(
                self.open_source, [sources["choice"], answers, showing], sources["document"]
            ).then(None, None, None, js=SCROLL_TO_PASSAGE)
            sources["cards"].click(self.open_card, [answers, showing], sources["document"]).then(
                None, None, None, js=SCROLL_TO_PASSAGE
            )
            chat["chatbot"].select(
                self.show_sources,
                [answers, chat["marker"]],
                [
                    sources["cards"],
                    sources["choice"],
                    sources["document"],
                    sources["link"],
                    showing,
                ],
            ).then(None, None, None, js=SCROLL_TO_PASSAGE)
            chat["chatbot"].like(
                self.rate,
                [answers, chat["comment"]],
                [chat["comment"], chat["status"], rated],
            )
            chat["comment"].submit(
                self.send_comment,
                [rated, answers, chat["comment"]],
                [chat["comment"], chat["status"]],
            )
            refresh.click(lambda: about_html(self.assistant.state), None, about)
            loaded = [about, maintainer_tab, who, logout, *shown, chat["past"]]
            app.load(self.on_load, [remembered], loaded)
            app.load(self.asked_in_link, None, chat["question"])
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
            # on a phone the sources column comes after the whole chat: say so, with a link
            to_sources = gr.HTML(
                '<a href="#cica-cards">↓ Each answer\'s sources are below the chat</a>',
                elem_id="cica-to-sources",
                elem_classes="cica-phone-only",
            )
            with gr.Row():
                question = gr.Textbox(
                    label="Your question",
                    placeholder="Type a question and press Enter",
                    show_label=False,
                    autofocus=True,
                    scale=5,
                    elem_id="cica-question",
                )
                ask = gr.Button("Ask", variant="primary", scale=1, elem_id="cica-ask")
            with gr.Row():
                comment = gr.Textbox(
                    label="Comment on your rating",
                    placeholder="Optional comment: type it before or after your thumbs up or "
                    "down, then press Enter",
                    show_label=False,
                    scale=5,
                    elem_id="cica-comment",
                )
                new_chat = gr.Button("New chat", scale=1, elem_id="cica-new-chat")
            status = gr.Markdown("", elem_id="cica-status")
            # which [n] marker of an answer was clicked (MARKER_CLICKS sets it; never shown)
            marker = gr.Textbox(
                "",
                elem_id="cica-marker",
                elem_classes="cica-hidden",
                show_label=False,
                container=False,
            )
            with (
                gr.Accordion(
                    "Past conversations", open=False, visible=self.saving is not None
                ) as past_box,
                gr.Row(),
            ):
                past = gr.Dropdown(choices=[], label="Conversation", scale=4, elem_id="cica-past")
                open_past = gr.Button("Open", scale=1, elem_id="cica-open-past")
                delete_past = gr.Button("Delete", scale=1, elem_id="cica-delete-past")
            with gr.Row(visible=self.saving is not None):
                export_md = gr.Button("Export as Markdown", size="sm", elem_id="cica-export-md")
                export_docx = gr.Button("Export as Word", size="sm", elem_id="cica-export-docx")
            exported_file = gr.File(
                label="This conversation, exported", visible=False, elem_id="cica-export"
            )
        return {
            "chatbot": chatbot,
            "question": question,
            "ask": ask,
            "comment": comment,
            "new_chat": new_chat,
            "status": status,
            "past": past,
            "open_past": open_past,
            "delete_past": delete_past,
            "past_box": past_box,
            "to_sources": to_sources,
            "marker": marker,
            "export_md": export_md,
            "export_docx": export_docx,
            "exported": exported_file,
        }

    def _sources_column(self) -> dict[str, Any]:
        with gr.Column(scale=2):
            gr.Markdown("### Sources")
            link = gr.HTML("", elem_id="cica-link")
            cards = gr.HTML(
                source_cards(None),
                elem_id="cica-cards",
                # a click on a card opens its source in the document below (one click)
                js_on_load=OPEN_CARD_ON_CLICK,
            )
            with gr.Row():
                choice = gr.Dropdown(
                    choices=[], label="Source", scale=3, elem_id="cica-source-choice"
                )
                view = gr.Button("View in document", scale=1, elem_id="cica-view")
            document = gr.HTML("", elem_id="cica-document")
        return {
            "cards": cards,
            "choice": choice,
            "view": view,
            "document": document,
            "link": link,
        }

    def _maintainer_tab(self) -> tuple[Any, ...]:
        with gr.Tab("Maintainer", visible=False, elem_id="cica-maintainer") as tab:
            gr.Markdown(
                f"The corpus folder is `{escape_text(str(self.corpus_dir))}`. After adding, "
                "changing or deleting documents, re-ingest: only what changed is embedded, "
                "and the chat answers from the new index as soon as it finishes."
            )
            managed = self.maintainer is not None and self.maintainer.folder is not None
            with gr.Column(visible=managed):
                gr.Markdown("### Documents")
                files = gr.HTML("", elem_id="cica-files")
                refresh_files = gr.Button(
                    "Refresh the list", size="sm", elem_id="cica-refresh-docs"
                )
                gr.HTML(UPLOAD_ZONE, elem_id="cica-upload", js_on_load=UPLOAD_ON_DROP)
                with gr.Row():
                    doomed = gr.Dropdown(
                        choices=[],
                        label="Document to delete",
                        interactive=True,
                        scale=3,
                        elem_id="cica-doomed",
                    )
                    delete = gr.Button("Move to the trash", scale=1, elem_id="cica-delete-doc")
                with gr.Row():
                    trashed = gr.Dropdown(
                        choices=[],
                        label="Deleted document",
                        interactive=True,
                        scale=3,
                        elem_id="cica-trashed",
                    )
                    restore = gr.Button("Restore", scale=1, elem_id="cica-restore-doc")
                changed = gr.Markdown("", elem_id="cica-doc-result")
                preview = gr.Button(
                    "Preview what a re-ingest will change", elem_id="cica-preview-ingest"
                )
            reingest = gr.Button("Re-ingest now", variant="primary", elem_id="cica-reingest")
            ingest_result = gr.Markdown("", elem_id="cica-ingest-result")
            gr.Markdown("### Latest eval report")
            with gr.Row():
                show_report = gr.Button("Show the latest eval report", elem_id="cica-show-report")
                run_eval = gr.Button(
                    "Run the eval now (a few minutes)",
                    visible=self.maintainer is not None and self.maintainer.run_eval is not None,
                    elem_id="cica-run-eval",
                )
            eval_result = gr.Markdown("", elem_id="cica-eval-result")
            report = gr.HTML("", elem_id="cica-report")
        run_eval.click(self.run_eval, None, eval_result).then(self.latest_report, None, report)
        listed = [files, doomed, trashed]
        tab.select(self.list_documents, None, listed)
        refresh_files.click(self.list_documents, None, listed)  # also after an upload
        delete.click(self.delete_document, [doomed], [*listed, changed])
        restore.click(self.restore_document, [trashed], [*listed, changed])
        preview.click(self.preview_ingest, None, ingest_result)
        return tab, reingest, ingest_result, show_report, report

    def respond(
        self,
        message: str,
        history: list[dict],
        known: Known,
        conversation: str | None = None,
        remembered: Remembered | None = None,
        request: gr.Request | None = None,
    ) -> Iterator[tuple[Any, ...]]:
        """Stream the answer into the chat; then show its sources, and save it (with a
        link) in the chat's conversation."""
        history = list(history or [])
        remembered = dict(remembered or {})
        turns = history_for_assistant(history)
        history.append({"role": "user", "content": escape_text(message or "")})
        index = len(history)
        history.append({"role": "assistant", "content": ""})
        answer: Answer | None = None
        kept = gr.update()
        for text, answer in reply_stream(self.assistant, message or "", turns):
            history[-1] = {"role": "assistant", "content": text}
            if answer is None:
                yield (history, known, *[kept] * 4, conversation, *[kept] * 3, "", "")
        if answer is None:  # an error, said in the chat
            yield (history, known, *[kept] * 4, conversation, *[kept] * 3, "", "")
            return
        known = {**known, index: answer}
        owner, remembered = self._owner(request, remembered)
        conversation, link, status = self._save(owner, conversation, answer)
        remembered["conversation"] = conversation or ""
        if (sources := sources_message(answer)) is not None:
            history.append(sources)  # a Sources toggle right under the answer
        labels = source_choices(answer)
        choice = gr.update(choices=labels, value=labels[0] if labels else None)
        cards = source_cards(answer)
        shown = (history, known, cards, choice, "", link, conversation, remembered, None, index)
        yield (*shown, "", status)

    def _save(
        self, owner: str, conversation: str | None, answer: Answer
    ) -> tuple[str | None, str, str]:
        """Save the answer in the conversation (a new one when it is gone): the
        conversation's id, the answer's link, and what to tell the user."""
        if self.saving is None:
            return conversation, "", ""
        try:
            try:
                saved = self.saving.save(owner, conversation, answer)
            except UnknownConversation:  # deleted meanwhile, in another tab
                saved = self.saving.save(owner, None, answer)
        except CicaError as error:
            sys.stderr.write(f"warning: {error}\n")
            return conversation, "", NOT_SAVED
        return str(saved["conversation_id"]), permalink(answer.id), ""

    def _owner(self, request: gr.Request | None, remembered: Remembered) -> tuple[str, Remembered]:
        """Whose conversations these are: the logged-in user, or without logins this
        browser (an id it remembers, made on its first visit)."""
        user = _user(request) if request is not None else ""
        if user:
            return owner_of(user), remembered
        browser = remembered.get("id") or uuid.uuid4().hex
        return f"browser:{browser}", {**remembered, "id": browser}

    def from_example(
        self,
        picked: gr.SelectData,
        history: list[dict],
        known: Known,
        conversation: str | None,
        remembered: Remembered | None,
        request: gr.Request,
    ) -> Iterator[tuple[Any, ...]]:
        """Ask an example question the empty chat shows."""
        text = picked.value.get("text", "") if isinstance(picked.value, dict) else ""
        yield from self.respond(text, history, known, conversation, remembered, request)

    def start_over(self, remembered: Remembered | None = None) -> tuple[Any, ...]:
        """A new chat: no messages, no sources, no open document; the next answer starts a
        new saved conversation."""
        remembered = {**(remembered or {}), "conversation": ""}
        cleared = gr.update(choices=[], value=None)
        return [], {}, source_cards(None), cleared, "", "", None, remembered, None, None, ""

    def open_past(
        self, picked: str | None, remembered: Remembered | None, request: gr.Request
    ) -> tuple[Any, ...]:
        """Reopen a past conversation of this user (or browser) in the chat."""
        owner, remembered = self._owner(request, dict(remembered or {}))
        if not picked or self.saving is None:
            return (*self._unchanged(), gr.update(), "_Choose a conversation first._")
        shown = self._reopen(owner, picked, remembered)
        if shown is None:
            return (*self._unchanged(), self._past(owner), "_That conversation is gone._")
        return (*shown, gr.update(), "")

    def delete_past(
        self,
        picked: str | None,
        conversation: str | None,
        remembered: Remembered | None,
        request: gr.Request,
    ) -> tuple[Any, ...]:
        """Delete a past conversation; the chat is cleared when it was the open one."""
        owner, remembered = self._owner(request, dict(remembered or {}))
        if not picked or self.saving is None:
            return (*self._unchanged(), gr.update(), "_Choose a conversation first._")
        try:
            self.saving.conversations.delete(owner, picked)
        except CicaError as error:
            return (*self._unchanged(), self._past(owner), render_error(str(error)))
        shown = self.start_over(remembered)[:-1] if picked == conversation else self._unchanged()
        return (*shown, self._past(owner), "_The conversation was deleted._")

    def list_past(self, remembered: Remembered | None, request: gr.Request) -> Any:
        """The dropdown of this user's (or browser's) past conversations, as they are now."""
        owner, _ = self._owner(request, dict(remembered or {}))
        return self._past(owner)

    def _reopen(self, owner: str, conversation: str, remembered: Remembered) -> tuple | None:
        """The chat showing a saved conversation, or None when it is not the owner's."""
        assert self.saving is not None
        try:
            saved = self.saving.conversations.answers(owner, conversation)
        except CicaError:
            return None
        history, known = reopened(saved)
        latest = known[max(known)] if known else None
        labels = source_choices(latest)
        choice = gr.update(choices=labels, value=labels[0] if labels else None)
        link = permalink(latest.id) if latest is not None else ""
        remembered = {**remembered, "conversation": conversation}
        cards = source_cards(latest)
        showing = max(known) if known else None
        return (history, known, cards, choice, "", link, conversation, remembered, None, showing)

    def _past(self, owner: str) -> Any:
        """The dropdown of the owner's past conversations."""
        if self.saving is None:
            return gr.update()
        try:
            found = self.saving.conversations.conversations(owner)
        except CicaError:
            return gr.update()
        return gr.update(choices=past_choices(found), value=None)

    @staticmethod
    def _unchanged() -> tuple[Any, ...]:
        return tuple(gr.update() for _ in range(10))

    def export_markdown(
        self, conversation: str | None, remembered: Remembered | None, request: gr.Request
    ) -> tuple[Any, str]:
        """The open conversation as a Markdown file to download."""
        return self.export("md", conversation, remembered, request)

    def export_word(
        self, conversation: str | None, remembered: Remembered | None, request: gr.Request
    ) -> tuple[Any, str]:
        """The open conversation as a Word file to download."""
        return self.export("docx", conversation, remembered, request)

    def export(
        self,
        form: str,
        conversation: str | None,
        remembered: Remembered | None,
        request: gr.Request | None,
    ) -> tuple[Any, str]:
        """The open conversation as a file to download ("md" or "docx")."""
        if self.saving is None or not conversation:
            return gr.update(visible=False), "_Ask a question first: there is nothing to export._"
        owner, _ = self._owner(request, dict(remembered or {}))
        try:
            answers = self.saving.conversations.answers(owner, conversation)
            folder = Path(tempfile.mkdtemp(prefix="cica-export-"))
            path = folder / file_name(answers, form)
            path.write_bytes(exported(answers, form))
        except (CicaError, OSError) as error:
            sys.stderr.write(f"warning: export failed: {error}\n")
            return gr.update(visible=False), "_The conversation could not be exported._"
        return gr.update(value=str(path), visible=True), ""

    def open_source(self, picked: str | None, known: Known, showing: Any = None) -> str:
        """The chosen source of the answer whose sources show (the latest by default), in
        its document, the part that supports the answer highlighted."""
        answer = _shown_answer(known, showing)
        citation = citation_for(answer, picked)
        return view_citation(self.corpus_dir, citation, _claim(answer, citation))

    def open_card(self, known: Known, showing: Any, clicked: gr.EventData) -> str:
        """The source whose card was clicked, in its document (one click)."""
        answer = _shown_answer(known, showing)
        number = str(getattr(clicked, "_data", {}).get("number", "") or "")
        listed = (
            () if answer is None else (answer.related if answer.abstained else answer.citations)
        )
        citation = next((c for c in listed if str(c.number) == number), None)
        return view_citation(self.corpus_dir, citation, _claim(answer, citation))

    def show_sources(
        self, known: Known, marker: str | None, picked: gr.SelectData
    ) -> tuple[Any, ...]:
        """The sources of an answer whose message is clicked; a click on one of its [n]
        markers (`marker`, set by MARKER_CLICKS) also opens source n in its document."""
        index = _message_index(picked.index)
        answer = known.get(index) if index is not None else None
        if answer is None:
            return tuple(gr.update() for _ in range(5))
        labels = source_choices(answer)
        choice = gr.update(choices=labels, value=labels[0] if labels else None)
        link = permalink(answer.id) if self.saving is not None else ""
        cited = next((c for c in answer.citations if str(c.number) == (marker or "").strip()), None)
        document = view_citation(self.corpus_dir, cited, _claim(answer, cited)) if cited else ""
        if cited is not None:
            choice = gr.update(
                choices=labels,
                value=next(
                    (label for label in labels if label.startswith(f"[{cited.number}]")), None
                ),
            )
        return source_cards(answer), choice, document, link, index

    def rate(
        self, data: gr.LikeData, known: Known, note: str, request: gr.Request
    ) -> tuple[str, str, Any]:
        """Record a thumbs up or down on an answer with the comment typed, or take it back
        (a second click on the same thumb); the rating is remembered, so that a comment
        typed after it goes with it."""
        index = _message_index(data.index)
        answer = known.get(index) if index is not None else None
        if answer is None or self.feedback is None:
            return note, "_Feedback is not recorded for this message._", None
        verdict = _verdict(data.liked)
        self.feedback.record(answer, verdict, note or "", _user(request))
        if verdict == "withdrawn":
            return note, "_Your rating was taken back._", None
        return "", f"_Thanks: your thumbs {verdict} was recorded._", (index, verdict)

    def send_comment(
        self, rated: Any, known: Known, note: str, request: gr.Request
    ) -> tuple[str, str]:
        """Add the comment typed to the latest rating (of the answer it was given on)."""
        if not (note or "").strip():
            return "", ""
        answer = known.get(rated[0]) if isinstance(rated, list | tuple) and rated else None
        if answer is None or self.feedback is None:
            return note, "_Click 👍 or 👎 on the answer your comment is about: it goes with it._"
        self.feedback.record(answer, rated[1], note, _user(request))
        return "", f"_Thanks: your comment was added to your thumbs {rated[1]}._"

    def asked_in_link(self, request: gr.Request) -> Any:
        """The question a link gives (`/?q=…`), in the question box, ready to send."""
        params = getattr(request, "query_params", None) or {}
        asked = params.get("q", "") if hasattr(params, "get") else ""
        if not isinstance(asked, str) or not asked.strip():
            return gr.update()
        return " ".join(asked.split())[:LINK_QUESTION_CHARS]

    def on_load(self, remembered: Remembered | None, request: gr.Request) -> tuple[Any, ...]:
        """The About panel, the Maintainer tab for admins, and the conversation this
        browser had open (and the list of past ones)."""
        user = _user(request)
        about = about_html(self.assistant.state)
        tab = gr.update(visible=self._admin(request))
        who = f"Logged in as **{escape_text(user)}**" if user else ""
        page = (about, tab, who, gr.update(visible=bool(user)))
        if self.saving is None:
            return (*page, *self._unchanged(), gr.update())
        owner, remembered = self._owner(request, dict(remembered or {}))
        open_one = remembered.get("conversation", "")
        shown = self._reopen(owner, open_one, remembered) if open_one else None
        if shown is None:
            shown = (*self._unchanged()[:7], {**remembered, "conversation": ""}, *[None] * 2)
        return (*page, *shown, self._past(owner))

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

    def list_documents(self, request: gr.Request) -> tuple[Any, Any, Any]:
        """The documents of the folder and index, and the choices to delete and restore."""
        folder = self.maintainer.folder if self.maintainer is not None else None
        if not self._admin(request) or folder is None:
            return "", gr.update(choices=[]), gr.update(choices=[])
        files = folder.files()
        table = maintainer_documents(self.assistant.state.manifest, files)
        trash = [(f"{t.name} (deleted {t.deleted})", t.id) for t in folder.trashed()]
        names = [name for name, _ in files]
        return table, gr.update(choices=names, value=None), gr.update(choices=trash, value=None)

    def delete_document(self, name: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Move a document to the trash (admins)."""
        return self._change_documents(request, name, "document-delete")

    def restore_document(self, trash_id: str | None, request: gr.Request) -> tuple[Any, ...]:
        """Put a deleted document back (admins)."""
        return self._change_documents(request, trash_id, "document-restore")

    def _change_documents(self, request: gr.Request, chosen: str | None, action: str) -> tuple:
        maintainer = self.maintainer
        if not self._admin(request) or maintainer is None or maintainer.folder is None:
            return (*self.list_documents(request), "Only maintainers can change documents.")
        if not chosen:
            return (*self.list_documents(request), "Choose a document first.")
        try:
            if action == "document-delete":
                name = maintainer.folder.delete(chosen).name
                said = (
                    f"Moved {escape_text(name)} to the trash: re-ingest to stop answering from it."
                )
            else:
                name = maintainer.folder.restore(chosen)
                said = f"Restored {escape_text(name)}: re-ingest to answer from it again."
        except CicaError as error:
            return (*self.list_documents(request), render_error(str(error)))
        if maintainer.heard is not None:
            maintainer.heard(_user(request), _address(request), action, name)
        return (*self.list_documents(request), said)

    def preview_ingest(self, request: gr.Request) -> str:
        """What a re-ingest would change, without changing anything (admins)."""
        if not self._admin(request) or self.maintainer is None or self.maintainer.preview is None:
            return "Only maintainers (admin users) can preview a re-ingest."
        try:
            return f"Preview: {escape_text(self.maintainer.preview())}"
        except CicaError as error:
            return render_error(str(error))

    def run_eval(
        self,
        request: gr.Request,
        progress: Any = gr.Progress(),  # noqa: B008
    ) -> str:
        """Run the eval suite of the served corpus (admins); its summary."""
        maintainer = self.maintainer
        if not self._admin(request) or maintainer is None or maintainer.run_eval is None:
            return "Only maintainers (admin users) can run the eval."
        progress(0, desc="Running the eval: every question asked over its own index")
        try:
            return f"Done: {escape_text(maintainer.run_eval(_user(request), _address(request)))}"
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


def _shown_answer(known: Known, showing: Any) -> Answer | None:
    """The answer whose sources show: the one at `showing`, else the latest."""
    if isinstance(showing, int) and showing in known:
        return known[showing]
    return known[max(known)] if known else None


def _claim(answer: Answer | None, citation: Citation | None) -> str:
    """What the answer says with this citation (the words before its [n] marker)."""
    if answer is None or citation is None or answer.abstained:
        return ""
    return claims_by_number(f"{answer.text} {answer.earlier}").get(citation.number, "")


def permalink(answer_id: str) -> str:
    """The link to an answer's page (/a/<id>), as HTML."""
    return render(
        "link.html", href=f"/a/{answer_id}", text="Link to this answer (opens in a new tab)"
    )


def _verdict(liked: object) -> str:
    """'up', 'down', or 'withdrawn' for what Gradio sends when a thumb is clicked again."""
    if liked in (True, "like", "Like"):
        return "up"
    if liked in (False, "dislike", "Dislike"):
        return "down"
    return "withdrawn"


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
