"""Pure rendering of answers for the web chat: document text is always data, never markup."""

from __future__ import annotations

import html
import string

from cica_qa.types import Answer, Citation

_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;"}
_MARKDOWN_PUNCTUATION = frozenset(string.punctuation) - set(_HTML)


def escape_text(text: str) -> str:
    """Text that a markdown+HTML renderer shows literally: entities and backslash escapes."""
    # CommonMark lets any ASCII punctuation be backslash-escaped; HTML-significant characters
    # become entities instead, so neither markdown nor HTML in a document can take effect.
    return "".join(
        _HTML.get(ch) or (f"\\{ch}" if ch in _MARKDOWN_PUNCTUATION else ch) for ch in text
    )


def render_citation(citation: Citation) -> str:
    """One numbered source: where it is, then the passage as a quote."""
    where = " › ".join(
        escape_text(part)
        for part in (citation.document, citation.section, citation.location)
        if part
    )
    passage = "<br>".join(escape_text(line) for line in citation.text.splitlines() if line.strip())
    return f"**\\[{citation.number}\\]** {where}  \n> {passage}"


def render_answer(answer: Answer) -> str:
    """The chat reply: the answer, then its numbered sources."""
    body = escape_text(answer.text)
    if answer.abstained:
        return f"_{body}_"
    sources = "\n\n".join(render_citation(c) for c in answer.citations)
    return f"{body}\n\n**Sources**\n\n{sources}" if sources else body


def render_error(message: str) -> str:
    """A user-facing error line, escaped like everything else."""
    return f"⚠️ {escape_text(message)}"


def plain_text(markup: str) -> str:
    """Undo HTML entities (for history passed back to the assistant)."""
    return html.unescape(markup)
