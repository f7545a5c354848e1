"""A saved conversation as the chat shows it again (pure): its messages, the answers behind
them (for sources and feedback), and the list of past conversations to choose from."""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import ValidationError

from cica_qa.answering.answer import Answer
from cica_qa.values import spoken_moment
from cica_qa.web.conversations import Conversation, SavedAnswer
from cica_qa.web.render import escape_text, render_answer, sources_message
from cica_qa.web.schema import AnswerJSON


def reopened(saved: Sequence[SavedAnswer]) -> tuple[list[dict[str, object]], dict[int, Answer]]:
    """The chat's messages for a saved conversation, and its answers by the index of their
    message. An answer saved in a form this version cannot read shows as a note instead."""
    messages: list[dict[str, object]] = []
    known: dict[int, Answer] = {}
    for one in saved:
        messages.append({"role": "user", "content": escape_text(one.question)})
        answer = _answer(one)
        if answer is None:
            text = "_This saved answer cannot be shown again: ask the question again._"
        else:
            text = render_answer(answer)
            known[len(messages)] = answer
        messages.append({"role": "assistant", "content": text})
        if answer is not None and (sources := sources_message(answer)) is not None:
            messages.append(sources)
    return messages, known


def _answer(saved: SavedAnswer) -> Answer | None:
    try:
        return AnswerJSON.model_validate(dict(saved.data)).to_answer()
    except (ValidationError, ValueError):
        return None


def past_choices(conversations: Sequence[Conversation]) -> list[tuple[str, str]]:
    """Dropdown choices (label, conversation id): its title, when last answered, and how
    many answers it holds."""
    return [
        (f"{c.title} · {spoken_moment(c.updated)} · {_count(c.answers)}", c.id)
        for c in conversations
    ]


def _count(answers: int) -> str:
    return "1 answer" if answers == 1 else f"{answers} answers"
