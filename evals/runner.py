"""Asking the eval items: each after the conversation its history builds, judged as it comes."""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from cica_qa.evals.items import EvalItem
from cica_qa.evals.score import ItemResult, judge

if TYPE_CHECKING:
    from cica_qa.answering.answer import Answer
    from cica_qa.answering.assistant import Assistant


def run_items(
    assistant: Assistant, items: Sequence[EvalItem], show_progress: bool
) -> list[ItemResult]:
    """Ask each item's question once (after its history) and judge the answer."""
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="Evaluating", unit="q", disable=not show_progress):
        history = conversation(assistant, item.history)
        started = time.perf_counter()
        answer = assistant.ask(item.question, history=history)
        results.append(judge(item, answer, (time.perf_counter() - started) * 1000))
    return results


def asked_items(
    assistant: Assistant, items: Sequence[EvalItem], show_progress: bool
) -> Iterator[tuple[EvalItem, Answer]]:
    """Each item with the answer to its question (after its history)."""
    from tqdm import tqdm

    for item in tqdm(items, desc="Asking", unit="q", disable=not show_progress):
        yield item, assistant.ask(item.question, history=conversation(assistant, item.history))


def conversation(assistant: Assistant, questions: Sequence[str]) -> list[dict[str, str]]:
    """The history a user builds by asking these questions in turn (with the real answers)."""
    history: list[dict[str, str]] = []
    for question in questions:
        answer = assistant.ask(question, history=history)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
    return history
