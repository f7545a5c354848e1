"""A self-contained HTML report: a bar chart per category (inline SVG) and the failing items."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from cica_qa.evals.metrics import OVERALL, Metrics
from cica_qa.evals.score import ItemResult

BAR_HEIGHT = 22
CHART_WIDTH = 560
LABEL_WIDTH = 170


def bar_chart(metrics: Sequence[Metrics]) -> str:
    """Accuracy per category as horizontal bars, an SVG image (no script, no external file)."""
    rows = []
    for index, m in enumerate(metrics):
        y = index * (BAR_HEIGHT + 6)
        width = round(m.accuracy * (CHART_WIDTH - LABEL_WIDTH - 60))
        colour = "#2f6f4e" if m.category != OVERALL else "#1d3f72"
        rows.append(
            f'<text x="{LABEL_WIDTH - 8}" y="{y + 16}" text-anchor="end">'
            f"{escape(m.category)}</text>"
            f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
            f'fill="{colour}"/>'
            f'<text x="{LABEL_WIDTH + width + 6}" y="{y + 16}">{m.accuracy:.0%}</text>'
        )
    height = len(metrics) * (BAR_HEIGHT + 6)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="accuracy per category" '
        f'width="{CHART_WIDTH}" height="{height}" font-family="sans-serif" font-size="13">'
        + "".join(rows)
        + "</svg>"
    )


def _metrics_table(metrics: Sequence[Metrics]) -> str:
    keys = [
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
    head = "".join(f"<th>{escape(k)}</th>" for k in ["category", *keys])
    body = []
    for m in metrics:
        cells = "".join(f"<td>{_format(getattr(m, k), k)}</td>" for k in keys)
        body.append(f"<tr><th>{escape(m.category)}</th>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


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


def _failure(result: ItemResult) -> str:
    expected = (
        "abstain"
        if result.item.abstain
        else ", ".join(
            [
                *result.item.expect,
                *(f"any of: {' | '.join(result.item.any_of)}",) * bool(result.item.any_of),
            ]
        )
    )
    cited = "".join(f"<li>{escape(text)}</li>" for text in result.cited) or "<li>none</li>"
    history = (
        f"<p class='history'>after: {escape(' → '.join(result.item.history))}</p>"
        if result.item.history
        else ""
    )
    forbidden = (
        f"<p>forbidden but present: {escape(', '.join(result.forbidden))}</p>"
        if result.forbidden
        else ""
    )
    return (
        f"<section class='failure'><h3>{escape(result.item.id)} "
        f"<small>({escape(result.item.category)})</small></h3>{history}"
        f"<p><b>Question:</b> {escape(result.item.question)}</p>"
        f"<p><b>Expected:</b> {escape(expected)}</p>"
        f"<p><b>Got:</b> {escape(result.answer)}</p>{forbidden}"
        f"<details><summary>Cited passages</summary><ul>{cited}</ul></details></section>"
    )


def render_html(
    metrics: Sequence[Metrics], results: Sequence[ItemResult], created_at: str, source: str
) -> str:
    """The whole page; every text from items, answers and documents is escaped."""
    failures = [r for r in results if not r.passed]
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CICA Q&amp;A eval report</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; color: #222; }}
table {{ border-collapse: collapse; font-size: 13px; }}
td, th {{ border: 1px solid #ccc; padding: 3px 6px; text-align: right; }}
.failure {{ border-left: 4px solid #b33; padding-left: 1rem; margin: 1rem 0; }}
.history {{ color: #555; }}
</style></head><body>
<h1>CICA Q&amp;A eval report</h1>
<p>{escape(source)} — {escape(created_at)} — {len(results)} items, {len(failures)} failing</p>
<h2>Accuracy per category</h2>
{bar_chart(metrics)}
<h2>All metrics</h2>
{_metrics_table(metrics)}
<h2>Failing items</h2>
{"".join(_failure(r) for r in failures) or "<p>none</p>"}
</body></html>
"""
