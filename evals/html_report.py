"""A self-contained HTML report (Jinja2, autoescaped): a bar chart per category (inline SVG),
every metric, and the failing items."""

from __future__ import annotations

from collections.abc import Sequence

from cica_qa.evals.metrics import OVERALL, Metrics
from cica_qa.evals.score import ItemResult

BAR_HEIGHT = 22
CHART_WIDTH = 560
LABEL_WIDTH = 170
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


def render_html(
    metrics: Sequence[Metrics], results: Sequence[ItemResult], created_at: str, source: str
) -> str:
    """The whole page; every text from items, answers and documents is escaped."""
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    environment = Environment(
        loader=PackageLoader("cica_qa.evals", "templates"),
        autoescape=select_autoescape(default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("report.html").render(
        source=source,
        created_at=created_at,
        results=results,
        failures=[r for r in results if not r.passed],
        chart=bar_chart(metrics),
        columns=COLUMNS,
        table=[
            {"category": m.category, "cells": [_format(getattr(m, k), k) for k in COLUMNS]}
            for m in metrics
        ],
        expected=expected,
    )


def bar_chart(metrics: Sequence[Metrics]) -> dict[str, object]:
    """Accuracy per category as horizontal bars: their places, sizes and colours."""
    bars = [
        {
            "category": m.category,
            "accuracy": m.accuracy,
            "y": index * (BAR_HEIGHT + 6),
            "width": round(m.accuracy * (CHART_WIDTH - LABEL_WIDTH - 60)),
            "colour": "#1d3f72" if m.category == OVERALL else "#2f6f4e",
        }
        for index, m in enumerate(metrics)
    ]
    return {
        "bars": bars,
        "width": CHART_WIDTH,
        "height": len(metrics) * (BAR_HEIGHT + 6),
        "label_width": LABEL_WIDTH,
        "bar_height": BAR_HEIGHT,
    }


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
