"""An answer written by an LLM from the passages, kept only where the passages support it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace

from cica_qa.answering.answer import Answer
from cica_qa.answering.llm import AnswerWriter, LLMError
from cica_qa.answering.replies import cite
from cica_qa.answering.verify import renumber, verify
from cica_qa.types import Hit

WRITER_PASSAGES = 5  # passages an LLM writer may cite


def written_answer(
    writer: AnswerWriter,
    question: str,
    extractive: Answer,
    hits: Sequence[Hit],
    on_draft: Callable[[str], None] | None = None,
) -> Answer:
    """The LLM's answer from the cited and top passages, keeping only verified sentences.

    Falls back to the extractive answer (with a notice) when the LLM is unreachable or none
    of its sentences is supported by the passages it cites.
    """
    passages = list(extractive.citations)
    for hit in hits[:WRITER_PASSAGES]:
        if len(passages) < WRITER_PASSAGES and all(c.text != hit.chunk.text for c in passages):
            passages.append(cite(hit, len(passages) + 1))
    try:
        written = ""
        for piece in writer.stream(question, [c.text for c in passages]):
            written += piece
            if on_draft is not None:
                on_draft(written)
        written = written.strip()
    except LLMError as error:
        return replace(extractive, notice=f"{error}; showing the extractive answer")
    verified = verify(written, {c.number: c.text for c in passages})
    if not verified.kept:
        return replace(
            extractive,
            notice="the LLM's answer had no sentence its passages support; "
            "showing the extractive answer",
        )
    text, order = renumber(verified.kept)
    citations = tuple(replace(passages[old - 1], number=new) for new, old in enumerate(order, 1))
    removed = len(verified.removed)
    notice = f"{removed} unsupported sentence(s) removed from the LLM's answer" if removed else ""
    return replace(extractive, text=text, citations=citations, written_by="llm", notice=notice)
