"""Eval metrics per category and overall (pure arithmetic over item results)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from pydantic import TypeAdapter

from cica_qa.evals.score import ItemResult

OVERALL = "overall"
HELD_OUT = "held out"  # items kept out of any tuning
REST = "not held out"


@dataclass(frozen=True)
class Metrics:
    """Every measure of one category (or of all items, as category 'overall')."""

    category: str
    items: int
    passed: int
    accuracy: float
    citation_support: float | None  # of correct answered items: cited passages hold the facts
    citation_precision: float | None  # of all citations of correct answers: hold a fact
    hit_at_1: float | None  # of items with expected evidence
    hit_at_3: float | None
    hit_at_5: float | None
    mrr: float | None
    abstention_precision: float | None  # of abstentions: on unanswerable items
    abstention_recall: float | None  # of unanswerable items: abstained
    false_abstention: float | None  # of answerable items: abstained
    latency_p50: float
    latency_p95: float

    def rounded(self) -> dict[str, object]:
        """Every measure, floats to four places (for the JSON report)."""
        return {
            key: round(value, 4) if isinstance(value, float) else value
            for key, value in METRICS.dump_python(self).items()
        }


def percentile(values: Sequence[float], share: float) -> float:
    """Nearest-rank percentile (share in 0..1); 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = min(len(ordered), max(1, math.ceil(share * len(ordered))))
    return ordered[rank - 1]


def _share(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def measure(category: str, results: Sequence[ItemResult]) -> Metrics:
    """The metrics of one group of results."""
    correct = [r for r in results if r.passed and not r.item.abstain]
    with_evidence = [r for r in results if r.item.evidence]
    ranks = [r.evidence_rank for r in with_evidence]
    unanswerable = [r for r in results if r.item.abstain]
    answerable = [r for r in results if not r.item.abstain]
    abstained = [r for r in results if r.abstained]
    citations = sum(len(r.cited) for r in correct)
    latencies = [r.latency_ms for r in results]
    return Metrics(
        category=category,
        items=len(results),
        passed=sum(r.passed for r in results),
        accuracy=_share(sum(r.passed for r in results), len(results)) or 0.0,
        citation_support=_share(sum(r.supported for r in correct), len(correct)),
        citation_precision=_share(sum(r.precise_citations for r in correct), citations),
        hit_at_1=_share(sum(1 for k in ranks if k is not None and k <= 1), len(ranks)),
        hit_at_3=_share(sum(1 for k in ranks if k is not None and k <= 3), len(ranks)),
        hit_at_5=_share(sum(1 for k in ranks if k is not None and k <= 5), len(ranks)),
        mrr=(sum(1 / k for k in ranks if k) / len(ranks)) if ranks else None,
        abstention_precision=_share(sum(r.item.abstain for r in abstained), len(abstained)),
        abstention_recall=_share(sum(r.abstained for r in unanswerable), len(unanswerable)),
        false_abstention=_share(sum(r.abstained for r in answerable), len(answerable)),
        latency_p50=percentile(latencies, 0.5),
        latency_p95=percentile(latencies, 0.95),
    )


def measure_all(results: Sequence[ItemResult]) -> list[Metrics]:
    """Metrics per category in first-seen order, then overall; when some items are held out,
    then the held-out items and the rest apart (a gap between the two means fitting)."""
    order = list(dict.fromkeys(r.item.category for r in results))
    per_category = [measure(c, [r for r in results if r.item.category == c]) for c in order]
    held_out = [r for r in results if r.item.held_out]
    if not held_out:
        return [*per_category, measure(OVERALL, results)]
    rest = [r for r in results if not r.item.held_out]
    return [
        *per_category,
        measure(OVERALL, results),
        measure(HELD_OUT, held_out),
        measure(REST, rest),
    ]


def overall_of(metrics: Sequence[Metrics]) -> Metrics:
    """The overall row of measure_all's list."""
    return next(m for m in metrics if m.category == OVERALL)


def format_table(metrics: Sequence[Metrics]) -> str:
    """The terminal table: accuracy, citations, retrieval, abstention and latency."""
    columns = [
        "items",
        "acc",
        "cite-sup",
        "cite-prec",
        "hit@1",
        "hit@5",
        "MRR",
        "abst-rec",
        "false-abst",
        "p50 ms",
    ]
    width = max(len(m.category) for m in metrics)
    lines = [f"{'category':<{width}}  " + "  ".join(f"{c:>9}" for c in columns)]
    for m in metrics:
        if m.category == OVERALL:
            lines.append("-" * len(lines[0]))
        values = [
            m.items,
            m.accuracy,
            m.citation_support,
            m.citation_precision,
            m.hit_at_1,
            m.hit_at_5,
            m.mrr,
            m.abstention_recall,
            m.false_abstention,
            m.latency_p50,
        ]
        cells = [_cell(v, c) for v, c in zip(values, columns, strict=True)]
        lines.append(f"{m.category:<{width}}  " + "  ".join(f"{c:>9}" for c in cells))
    return "\n".join(lines)


def _cell(value: object, column: str) -> str:
    if value is None:
        return "—"
    if column == "items":
        return str(value)
    if column == "p50 ms":
        return f"{value:.0f}"
    if column == "MRR":
        return f"{value:.2f}"
    return f"{value:.1%}"


METRICS = TypeAdapter(Metrics)
