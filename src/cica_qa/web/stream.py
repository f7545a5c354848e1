"""An answer as the chat shows it while it is made: words appearing one by one, or an LLM's
unchecked draft replaced by its verified answer. No Gradio here: the chat page drives it."""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from cica_qa.answering.answer import Answer
from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.web.render import escape_text, is_sources_message, render_answer, render_error

STREAM_DELAY = 0.012  # seconds between steps as the answer appears
STREAM_STEPS = 60  # at most: a long answer appears a few words a step (under a second in all)


def history_for_assistant(history: Sequence[object]) -> list[dict[str, str]]:
    """Gradio's message history as plain {"role", "content"} turns."""
    turns: list[dict[str, str]] = []
    for message in history:
        if is_sources_message(message):  # the sources under an answer are not said in it
            continue
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
    if assistant.writes_with_llm:
        yield from _drafted(assistant, message, turns)
        return
    try:
        answer = assistant.ask(message, history=turns)
    except CicaError as error:
        yield render_error(str(error)), None
        return
    text = render_answer(answer)
    for partial in paced(list(words_of(text)), STREAM_DELAY):
        yield partial, None
    yield text, answer


def _drafted(
    assistant: Assistant, message: str, turns: list[dict[str, str]]
) -> Iterator[tuple[str, Answer | None]]:
    """The LLM's drafts as they come (from a thread), then the verified answer."""
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


def paced(
    steps: Sequence[str],
    delay: float,
    clock: Callable[[], float] = time.monotonic,
    sleep: Callable[[float], None] = time.sleep,
) -> Iterator[str]:
    """The steps of a growing answer, one every `delay` seconds by the `clock`, skipping the
    ones it has passed: when the server is busy (many users at once), each user gets fewer,
    larger updates, and the whole answer by about when it would be shown anyway."""
    began = clock()
    shown = -1
    while shown < len(steps) - 1:
        shown = max(shown + 1, min(len(steps) - 1, int((clock() - began) / delay)))
        yield steps[shown]
        if shown < len(steps) - 1:
            sleep(delay)


def words_of(text: str, steps: int = STREAM_STEPS) -> Iterator[str]:
    """The text growing word by word (a few words a step when it has more than `steps`
    words), ending with all of it: a streamed answer takes at most `steps` updates."""
    pieces = text.split(" ")
    stride = -(-len(pieces) // steps)  # ceiling: 1 for short answers
    for end in range(stride, len(pieces), stride):
        yield " ".join(pieces[:end])
    yield text
