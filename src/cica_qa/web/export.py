"""A saved conversation exported to send or file: Markdown or Word (python-docx). Each
question, its answer (and what older documents said), and the passages it cited, quoted with
their document, section, location and date."""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from cica_qa.values import spoken_date
from cica_qa.web.conversations import SavedAnswer
from cica_qa.web.render import escape_text

FORMATS = {
    "md": "text/markdown; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
TITLE = "CICA Q&A conversation"
# what a Word file cannot hold: control characters, and lone surrogates from a browser
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff]")


@dataclass(frozen=True)
class Source:
    """A cited passage as an export quotes it."""

    number: int
    where: str  # "document › section (row: X), location — edition of Y"
    date: str  # as people write it, or "undated"
    text: str


@dataclass(frozen=True)
class Exchange:
    """One question and its answer, as an export shows them."""

    question: str
    understood_as: str  # "" when the question was understood as asked
    answer: str
    earlier: str
    answered: str  # when, ISO
    sources: tuple[Source, ...]
    related: bool  # the sources are the closest passages of an abstention, not citations


def exchanges(saved: Sequence[SavedAnswer]) -> list[Exchange]:
    """The conversation's answers as an export shows them."""
    return [_exchange(one) for one in saved]


def _exchange(saved: SavedAnswer) -> Exchange:
    data = saved.data
    abstained = bool(data.get("abstained"))
    listed = data.get("related" if abstained else "citations") or []
    question = str(data.get("question", saved.question))
    standalone = str(data.get("standalone_question", question))
    return Exchange(
        question=question,
        understood_as=standalone if standalone != question else "",
        answer=str(data.get("answer", saved.reply)),
        earlier=str(data.get("earlier", "")),
        answered=saved.created,
        sources=tuple(_source(c) for c in listed if isinstance(c, dict)),
        related=abstained,
    )


def _source(citation: dict[str, Any]) -> Source:
    where = " › ".join(
        str(citation.get(k) or "") for k in ("document", "section") if citation.get(k)
    )
    if citation.get("row"):
        where += f" (row: {citation['row']})"
    where += f", {citation.get('location', '')}"
    if citation.get("original"):
        where += f" — edition of {citation['original']}"
    date = spoken_date(str(citation.get("date") or "")) or "undated"
    return Source(int(citation.get("number", 0)), where, date, str(citation.get("text", "")))


def to_markdown(saved: Sequence[SavedAnswer]) -> str:
    """The conversation as Markdown; text from documents and users is escaped, so that it
    reads as written and carries no markup."""
    lines = [f"# {TITLE}", ""]
    for number, exchange in enumerate(exchanges(saved), start=1):
        lines += [f"## {number}. {escape_text(exchange.question)}", ""]
        if exchange.understood_as:
            lines += [f"_Understood as: {escape_text(exchange.understood_as)}_", ""]
        lines += [_with_markers(exchange.answer), ""]
        if exchange.earlier:
            lines += [f"_{_with_markers(exchange.earlier)}_", ""]
        lines += [f"Answered {exchange.answered}", ""]
        if exchange.sources:
            heading = "Closest passages (none answers it)" if exchange.related else "Sources"
            lines += [f"**{heading}**", ""]
        for source in exchange.sources:
            mark = "•" if exchange.related else f"\\[{source.number}\\]"
            lines.append(f"{mark} {escape_text(source.where)} · {source.date}")
            lines.append("")
            lines += [f"> {escape_text(line)}" if line else ">" for line in source.text.split("\n")]
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _with_markers(text: str) -> str:
    """Escaped text whose [n] markers stay readable."""
    return escape_text(text).replace("\\[", "[").replace("\\]", "]")


def to_docx(saved: Sequence[SavedAnswer]) -> bytes:
    """The conversation as a Word document."""
    from docx import Document

    document = Document()
    document.core_properties.title = TITLE
    document.add_heading(TITLE, level=0)
    for number, exchange in enumerate(exchanges(saved), start=1):
        document.add_heading(f"{number}. {_plain(exchange.question)}", level=1)
        if exchange.understood_as:
            document.add_paragraph().add_run(
                f"Understood as: {_plain(exchange.understood_as)}"
            ).italic = True
        document.add_paragraph(_plain(exchange.answer))
        if exchange.earlier:
            document.add_paragraph().add_run(_plain(exchange.earlier)).italic = True
        document.add_paragraph(f"Answered {exchange.answered}")
        if exchange.sources:
            heading = "Closest passages (none answers it)" if exchange.related else "Sources"
            document.add_heading(heading, level=2)
        for source in exchange.sources:
            mark = "•" if exchange.related else f"[{source.number}]"
            document.add_paragraph().add_run(
                f"{mark} {_plain(source.where)} · {source.date}"
            ).bold = True
            document.add_paragraph(_plain(source.text), style="Quote")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _plain(text: str) -> str:
    """Text a Word file can hold (control characters dropped)."""
    return _CONTROL.sub("", text)


def exported(saved: Sequence[SavedAnswer], form: str) -> bytes:
    """The conversation in this format ("md" or "docx"); ValueError for another."""
    if form == "md":
        return to_markdown(saved).encode("utf-8", errors="replace")
    if form == "docx":
        return to_docx(saved)
    raise ValueError(f"format {form!r} is unknown: use format=md or format=docx")


def file_name(saved: Sequence[SavedAnswer], form: str) -> str:
    """'cica-qa-2026-12-03.md': the day the conversation began."""
    day = saved[0].created[:10] if saved else "empty"
    return f"cica-qa-{day}.{form}"
