"""A self-contained HTML report (Jinja2, autoescaped): what the run was against, a bar chart
per category (inline SVG) coloured against the suite's gate, every metric under a readable
name, what changed since the previous run, and the failing items (newly failing first)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from cica_qa.evals.compare import Comparison
from cica_qa.evals.metrics import HELD_OUT, OVERALL, Metrics
from cica_qa.evals.score import ItemResult

BAR_HEIGHT = 22
CHART_WIDTH = 560
LABEL_WIDTH = 170
ABSTAINING = ("unanswerable", "false-premise")  # categories whose accuracy is abstention
NEAR_GATE = 0.05  # a bar this close under its gate is amber, further under red
GOOD, NEAR, BAD, PLAIN, TOTAL = "#2f6f4e", "#b7791f", "#b33a3a", "#4a6fa5", "#1d3f72"
COLUMN_NAMES = {
    "items": "Items",
    "accuracy": "Accuracy",
    "citation_support": "Citations hold the facts",
    "citation_precision": "Citations precise",
    "hit_at_1": "Evidence ranked 1st",
    "hit_at_3": "Evidence in top 3",
    "hit_at_5": "Evidence in top 5",
    "mrr": "Mean reciprocal rank",
    "abstention_precision": "Abstentions right",
    "abstention_recall": "Unanswerable abstained",
    "false_abstention": "Answerable abstained",
    "latency_p50": "Latency p50",
    "latency_p95": "Latency p95",
}
COLUMNS = [
    "items",
    "accuracy",
    "citation_support",
    "citation_precision",
    "hit_at_1",
    "hit_at_3",
    "hit_at_5",
    "mrr",
    "abstention_precision",
    "abstention_recall",
    "false_abstention",
    "latency_p50",
    "latency_p95",
]


@dataclass(frozen=True)
class RunFacts:
    """What a run was against, and how it compares: its corpus, index, embedding model and
    code commit; the suite's gate (None: no gate); the previous run's changes."""

    corpus: str = ""
    index: str = ""
    model: str = ""
    commit: str = ""
    min_accuracy: float | None = None
    min_abstention: float | None = None
    previous: str = ""  # when the previous report was made ("" when there was none)
    changes: Comparison = field(default_factory=lambda: Comparison((), (), ()))


def render_html(
    metrics: Sequence[Metrics],
    results: Sequence[ItemResult],
    created_at: str,
    source: str,
    facts: RunFacts | None = None,
) -> str:
    """The whole page; every text from items, answers and documents is escaped."""
    facts = facts or RunFacts()
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("cica_qa.evals", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    newly = set(facts.changes.regressed)
    failures = [r for r in results if not r.passed]
    failures.sort(key=lambda r: r.item.id not in newly)  # newly failing first, stable
    return environment.get_template("report.html").render(
        source=source,
        created_at=created_at,
        facts=facts,
        results=results,
        failures=failures,
        newly=newly,
        chart=bar_chart(metrics, facts),
        columns=[COLUMN_NAMES[k] for k in COLUMNS],
        table=[
            {"category": m.category, "cells": [_format(getattr(m, k), k) for k in COLUMNS]}
            for m in metrics
        ],
        expected=expected,
    )


def bar_chart(metrics: Sequence[Metrics], facts: RunFacts | None = None) -> dict[str, object]:
    """Accuracy per category as horizontal bars: their places, sizes, colours (against the
    gate: green at or above it, amber just under, red further under; blue without a gate)
    and the gate's mark."""
    facts = facts or RunFacts()
    span = CHART_WIDTH - LABEL_WIDTH - 60
    bars = []
    for index, m in enumerate(metrics):
        gate = facts.min_abstention if m.category in ABSTAINING else facts.min_accuracy
        bars.append(
            {
                "category": m.category,
                "accuracy": m.accuracy,
                "y": index * (BAR_HEIGHT + 6),
                "width": round(m.accuracy * span),
                "colour": _colour(m, gate),
                "gate": None if gate is None else round(gate * span),
                "verdict": _verdict(m.accuracy, gate),
            }
        )
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(metrics) * (BAR_HEIGHT + 6),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


def _colour(metrics: Metrics, gate: float | None) -> str:
    if gate is None:
        return TOTAL if metrics.category in (OVERALL, HELD_OUT) else PLAIN
    if metrics.accuracy >= gate:
        return GOOD
    return NEAR if metrics.accuracy >= gate - NEAR_GATE else BAD


def _verdict(accuracy: float, gate: float | None) -> str:
    """What the bar's colour says, for those who cannot see it."""
    if gate is None:
        return ""
    if accuracy >= gate:
        return f"at or above the gate of {gate:.0%}"
    return f"under the gate of {gate:.0%}"


def expected(result: ItemResult) -> str:
    """What the item expected, in words."""
    if result.item.abstain:
        return "abstain"
    facts = list(result.item.expect)
    if result.item.any_of:
        facts.append(f"any of: {' | '.join(result.item.any_of)}")
    return ", ".join(facts)


def _format(value: object, key: str) -> str:
    if value is None:
        return "—"
    if key == "items":
        return str(value)
    if key.startswith("latency"):
        return f"{value:.0f} ms"
    if key == "mrr":
        return f"{value:.2f}"
    return f"{value:.1%}"
