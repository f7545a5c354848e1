"""Choose CICA_MIN_SCORE from the eval set: abstain on the unanswerable, not on the rest (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from evals.score import ItemResult

STEP = 0.01


@dataclass(frozen=True)
class ThresholdOutcome:
    """How a threshold would do on the eval set."""

    threshold: float
    abstention_recall: float  # unanswerable items that abstain
    false_abstention: float  # answerable items that abstain

    @property
    def balanced(self) -> float:
        """Youden's J: recall on unanswerable minus the false-abstention rate."""
        return self.abstention_recall - self.false_abstention


def abstains_at(result: ItemResult, threshold: float) -> bool:
    """Whether the item would abstain at this threshold (run with no threshold at all)."""
    if result.basis == "unknown-terms":
        return True
    if result.basis == "rows":
        return False  # a named row or value answers whatever its cosine
    return result.confidence < threshold


def sweep(results: Sequence[ItemResult]) -> list[ThresholdOutcome]:
    """Every threshold from 0 to 0.8 in steps of 0.01."""
    unanswerable = [r for r in results if r.item.abstain]
    answerable = [r for r in results if not r.item.abstain]
    outcomes = []
    for step in range(int(0.8 / STEP) + 1):
        threshold = round(step * STEP, 2)
        recall = _share(unanswerable, threshold)
        false = _share(answerable, threshold)
        outcomes.append(ThresholdOutcome(threshold, recall, false))
    return outcomes


TARGET_RECALL = 0.9  # the share of unanswerable questions that must abstain


def best_threshold(
    outcomes: Sequence[ThresholdOutcome], target_recall: float = TARGET_RECALL
) -> ThresholdOutcome:
    """The lowest threshold that abstains on target_recall of the unanswerable items.

    Lowest, because each step up refuses more answerable questions; when no threshold
    reaches the target, the one with the best balance (Youden's J) instead.
    """
    reaching = [o for o in outcomes if o.abstention_recall >= target_recall]
    if reaching:
        return min(reaching, key=lambda o: o.threshold)
    return max(outcomes, key=lambda o: (round(o.balanced, 6), -o.threshold))


def _share(results: Sequence[ItemResult], threshold: float) -> float:
    if not results:
        return 0.0
    return sum(abstains_at(r, threshold) for r in results) / len(results)
