"""Choose CICA_MIN_SCORE from the eval set: abstain on the unanswerable, not on the rest (pure).

Each item's Decision was made with no threshold (min_score -1); Decision.abstains applies
each threshold tried, the same rule Assistant.ask applies to CICA_MIN_SCORE.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cica_qa.evals.score import ItemResult

STEP = 0.01
TARGET_RECALL = 0.9  # the share of unanswerable questions the project wants abstaining


@dataclass(frozen=True)
class ThresholdOutcome:
    """How a threshold would do on the eval set."""

    threshold: float
    abstention_recall: float  # unanswerable items that abstain
    false_abstention: float  # answerable items that abstain
    errors: int = 0  # unanswerable items answered plus answerable items refused


def abstains_at(result: ItemResult, threshold: float) -> bool:
    """Whether the item would abstain at this threshold."""
    if result.decision is None:
        raise ValueError(f"item {result.item.id} has no decision: run it through Assistant.ask")
    return result.decision.abstains(threshold)


def sweep(results: Sequence[ItemResult]) -> list[ThresholdOutcome]:
    """Every threshold from 0 to 0.8 in steps of 0.01."""
    unanswerable = [r for r in results if r.item.abstain]
    answerable = [r for r in results if not r.item.abstain]
    outcomes = []
    for step in range(int(0.8 / STEP) + 1):
        threshold = round(step * STEP, 2)
        recall = _share(unanswerable, threshold)
        false = _share(answerable, threshold)
        errors = round((1 - recall) * len(unanswerable) + false * len(answerable))
        outcomes.append(ThresholdOutcome(threshold, recall, false, errors))
    return outcomes


def best_threshold(outcomes: Sequence[ThresholdOutcome]) -> ThresholdOutcome:
    """The fewest wrong decisions (unanswerable items answered plus answerable ones refused),
    counted over the set as staff ask it; among equals, the lowest threshold."""
    return min(outcomes, key=lambda o: (o.errors, o.threshold))


def reaching_target(
    outcomes: Sequence[ThresholdOutcome], target_recall: float = TARGET_RECALL
) -> ThresholdOutcome | None:
    """The lowest threshold that abstains on target_recall of the unanswerable items, if any:
    printed beside the choice so its cost in refused answerable questions is visible."""
    reaching = [o for o in outcomes if o.abstention_recall >= target_recall]
    return min(reaching, key=lambda o: o.threshold) if reaching else None


def _share(results: Sequence[ItemResult], threshold: float) -> float:
    if not results:
        return 0.0
    return sum(abstains_at(r, threshold) for r in results) / len(results)
