"""Pure rendering of answers for the web chat: document text is always data, never markup."""

from __future__ import annotations

import re

from cica_qa.answering.answer import Answer
from cica_qa.answering.replies import NO_ANSWER

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
_MARKER = re.compile(r"\[(\d+)\]")
# Characters that make markdown anywhere in a line: emphasis, code, links and images,
# strikethrough, tables, and the backslash itself.
_INLINE = frozenset("\\`*_[]~|")
# What makes a block only at the start of a line: headings, quotes, lists, rules.
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def escape_text(text: str) -> str:
    """Text that a markdown+HTML renderer shows literally, and that copies cleanly.

    HTML-significant characters become entities and markdown-significant ones get a
    backslash, so neither markup nor markdown in a document can take effect; ordinary
    punctuation (. , : ; ( ) - ' ") is left alone, so a copied answer reads as plain text.
    """
    escaped = "".join(_HTML.get(ch) or (f"\\{ch}" if ch in _INLINE else ch) for ch in text)
    return _LINE_START.sub(_escape_line_start, escaped)


def _escape_line_start(match: re.Match[str]) -> str:
    indent, mark = match.groups()
    if mark[0].isdigit():  # "1." starts a list: escape the dot, a digit cannot be escaped
        return f"{indent}{mark[:-1]}\\{mark[-1]}"
    return f"{indent}\\{mark}"


def render_answer(answer: Answer) -> str:
    """The chat bubble, as escaped markdown: the answer with its [n] markers (where each
    source is, its document, section and line, is on its card beside the chat), or,
    abstaining, a distinct 'The documents don't say' (the closest passages show beside the
    chat, as cards)."""
    parts = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(f"_Understood as: {escape_text(answer.standalone_question)}_")
    if answer.abstained:
        if answer.text.startswith(NO_ANSWER[:-1]):
            parts.append(f"**{NO_ANSWER}** {escape_text(_reason(answer.text))}")
        else:  # another kind of reply that answers nothing ("the documents are in English")
            parts.append(escape_text(answer.text))
        if answer.related:
            parts.append("_The closest passages are beside the chat; none of them answers it._")
        return "\n\n".join(parts)
    parts.append(_with_markers(answer.text))
    if answer.earlier:
        parts.append(f"_{_with_markers(answer.earlier)}_")
    if answer.notice:
        parts.append(f"_Note: {escape_text(answer.notice)}_")
    return "\n\n".join(parts)


def _with_markers(text: str) -> str:
    """Escaped text whose citation markers ([1], [2]) stay as written.

    A bare [1] is not markdown unless a "[1]: url" line defines it, and no such line can
    survive escaping, so the markers copy and read as they are.
    """
    pieces = _MARKER.split(text)  # text, number, text, number, ..., text
    return "".join(
        f"[{piece}]" if index % 2 else escape_text(piece) for index, piece in enumerate(pieces)
    )


def _reason(text: str) -> str:
    """'The documents don't say: no passage …' -> 'No passage …'."""
    prefix = "The documents don't say"
    reason = text[len(prefix) :].lstrip(":. ") if text.startswith(prefix) else text
    return reason[:1].upper() + reason[1:]


def render_error(message: str) -> str:
    """A user-facing error line, escaped like everything else."""
    return f"⚠️ {escape_text(message)}"


SOURCES_TITLE = "Sources"
CLOSEST_TITLE = "Closest passages"
QUOTED_CHARS = 280  # of each passage, in the message under the answer


def sources_message(answer: Answer) -> dict[str, object] | None:
    """The answer's sources (or, abstaining, the closest passages) as a message right under
    it that opens and closes (Gradio shows a message with a title as a closed panel): on a
    phone the source cards come after the whole chat. Each is numbered as in the answer,
    with where it is, its date and the start of its passage, all escaped. None when there
    are none."""
    listed = answer.related if answer.abstained else answer.citations
    if not listed:
        return None
    title = CLOSEST_TITLE if answer.abstained else SOURCES_TITLE
    entries = []
    for c in listed:
        passage = " ".join(c.text.split())
        if len(passage) > QUOTED_CHARS:
            passage = passage[:QUOTED_CHARS].rsplit(" ", 1)[0] + " …"
        entries.append(
            f"[{c.number}] {escape_text(c.where)} · {escape_text(c.when)}  \n"
            f"“{escape_text(passage)}”"
        )
    return {
        "role": "assistant",
        "content": "\n\n".join(entries),
        "metadata": {"title": f"{title} ({len(listed)})", "status": "done"},
    }


def is_sources_message(message: object) -> bool:
    """True for the message sources_message made (not a turn of the conversation)."""
    metadata = message.get("metadata") if isinstance(message, dict) else None
    title = metadata.get("title") if isinstance(metadata, dict) else None
    return isinstance(title, str) and title.startswith((SOURCES_TITLE, CLOSEST_TITLE))
