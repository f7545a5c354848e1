"""Pure judging: does an answer hold the expected facts, and how did each category do."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

from evals.items import EvalItem

_NON_WORD = re.compile(r"[\W_]+")


@dataclass(frozen=True)
class ItemResult:
    """How one item went."""

    item: EvalItem
    passed: bool
    answer: str
    abstained: bool
    missing: tuple[str, ...]
    latency_ms: float
    standalone: str = ""
    basis: str = ""
    confidence: float = 0.0
    cited: tuple[str, ...] = ()  # texts of the cited passages

    @property
    def supported(self) -> bool:
        """An answered item whose cited passages contain every expected fact."""
        evidence = " ".join(self.cited)
        return not self.abstained and all(contains_fact(evidence, f) for f in self.item.expect)


@dataclass(frozen=True)
class CategoryScore:
    """Pass counts of one category (or of all items, as category 'overall')."""

    category: str
    passed: int
    total: int

    @property
    def accuracy(self) -> float:
        """Share of items passed."""
        return self.passed / self.total if self.total else 0.0


def fact_key(text: str) -> str:
    """Text with case, accents and punctuation removed, words separated by single spaces."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NON_WORD.sub(" ", plain).split())


def contains_fact(answer: str, fact: str) -> bool:
    """True when the fact's words appear together, in order, in the answer."""
    return f" {fact_key(fact)} " in f" {fact_key(answer)} "


def judge(item: EvalItem, answer: str, abstained: bool, latency_ms: float) -> ItemResult:
    """Pass when an unanswerable item abstains, or an answerable one has every fact."""
    if item.abstain:
        missing: tuple[str, ...] = ()
        passed = abstained
    else:
        missing = tuple(f for f in item.expect if not contains_fact(answer, f))
        passed = not abstained and not missing
    return ItemResult(item, passed, answer, abstained, missing, latency_ms)


def summarise(results: Sequence[ItemResult]) -> list[CategoryScore]:
    """Per-category scores in first-seen order, then 'overall'."""
    order: list[str] = []
    for result in results:
        if result.item.category not in order:
            order.append(result.item.category)
    scores = [
        CategoryScore(
            category,
            sum(r.passed for r in results if r.item.category == category),
            sum(r.item.category == category for r in results),
        )
        for category in order
    ]
    return [*scores, CategoryScore("overall", sum(r.passed for r in results), len(results))]


def citation_support(results: Sequence[ItemResult]) -> float:
    """Share of correct answerable items whose cited passages hold every expected fact."""
    correct = [r for r in results if r.passed and not r.item.abstain]
    return sum(r.supported for r in correct) / len(correct) if correct else 0.0
