"""Pure rendering of answers for the web chat: document text is always data, never markup."""

from __future__ import annotations

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


def render_citation(citation: Citation, numbered: bool = True) -> str:
    """One source: where it is, then the passage as a quote."""
    where = escape_text(citation.where)
    passage = "<br>".join(escape_text(line) for line in citation.text.splitlines() if line.strip())
    marker = f"**\\[{citation.number}\\]** " if numbered else "• "
    return f"{marker}{where}  \n> {passage}"


def render_answer(answer: Answer) -> str:
    """The reply: the answer and its numbered sources, or an abstention and the closest passages."""
    parts = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        parts.append(f"_Understood as: {escape_text(answer.standalone_question)}_")
    if answer.abstained:
        parts.append(f"_{escape_text(answer.text)}_")
        if answer.related:
            related = "\n\n".join(render_citation(c, numbered=False) for c in answer.related)
            parts.append(f"**Closest passages** (they do not answer it)\n\n{related}")
        return "\n\n".join(parts)
    parts.append(escape_text(answer.text))
    if answer.notice:
        parts.append(f"_Note: {escape_text(answer.notice)}_")
    if answer.citations:
        sources = "\n\n".join(render_citation(c) for c in answer.citations)
        parts.append(f"**Sources**\n\n{sources}")
    return "\n\n".join(parts)


def render_error(message: str) -> str:
    """A user-facing error line, escaped like everything else."""
    return f"⚠️ {escape_text(message)}"
