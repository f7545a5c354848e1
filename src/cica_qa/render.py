"""Pure rendering of answers for the web chat: document text is always data, never markup."""

from __future__ import annotations

import string

from cica_qa.types import Answer

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_MARKDOWN_PUNCTUATION = frozenset(string.punctuation) - set(_HTML)


def escape_text(text: str) -> str:
    """Text that a markdown+HTML renderer shows literally: entities and backslash escapes."""
    # CommonMark lets any ASCII punctuation be backslash-escaped; HTML-significant characters
    # become entities instead, so neither markdown nor HTML in a document can take effect.
    return "".join(
        _HTML.get(ch) or (f"\\{ch}" if ch in _MARKDOWN_PUNCTUATION else ch) for ch in text
    )


def render_answer(answer: Answer) -> str:
    """The chat bubble, as escaped markdown: the answer with its [n] markers and a short list
    of where each source is (copied with the answer), or, abstaining, a distinct 'The
    documents don't say' (the closest passages show beside the chat, as cards)."""
    parts = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(f"_Understood as: {escape_text(answer.standalone_question)}_")
    if answer.abstained:
        parts.append(f"**The documents don't say.** {escape_text(_reason(answer.text))}")
        if answer.related:
            parts.append("_The closest passages are beside the chat; none of them answers it._")
        return "\n\n".join(parts)
    parts.append(escape_text(answer.text))
    if answer.notice:
        parts.append(f"_Note: {escape_text(answer.notice)}_")
    if answer.citations:
        parts.append(
            "  \n".join(f"\\[{c.number}\\] {escape_text(c.where)}" for c in answer.citations)
        )
    return "\n\n".join(parts)


def _reason(text: str) -> str:
    """'The documents don't say: no passage …' -> 'No passage …'."""
    prefix = "The documents don't say"
    reason = text[len(prefix) :].lstrip(":. ") if text.startswith(prefix) else text
    return reason[:1].upper() + reason[1:]


def render_error(message: str) -> str:
    """A user-facing error line, escaped like everything else."""
    return f"⚠️ {escape_text(message)}"
