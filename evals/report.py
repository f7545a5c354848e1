"""The eval's reports: one JSON and one HTML file per run, and latest.* beside them."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.evals.metrics import Metrics
from cica_qa.evals.score import ItemResult
from cica_qa.files import atomic_write


def report(results: Sequence[ItemResult], metrics: Sequence[Metrics], source: Path) -> dict:
    """The JSON report: metrics per category and every item's outcome."""
    return {
        "eval_file": str(source),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "metrics": {m.category: m.rounded() for m in metrics},
        "items": [
            {
                "id": r.item.id,
                "category": r.item.category,
                "question": r.item.question,
                "history": list(r.item.history),
                "expected": list(r.item.expect) or ("abstain" if r.item.abstain else []),
                "any_of": list(r.item.any_of),
                "forbid": list(r.item.forbid),
                "standalone_question": r.standalone,
                "answer": r.answer,
                "abstained": r.abstained,
                "passed": r.passed,
                "missing": list(r.missing),
                "forbidden_present": list(r.forbidden),
                "citation_supports": r.supported,
                "cited": list(r.cited),
                "evidence_rank": r.evidence_rank,
                "basis": str(r.decision.basis) if r.decision else "",
                "unmet": r.decision.unmet if r.decision else "",
                "confidence": round(r.decision.confidence, 4) if r.decision else None,
                "latency_ms": round(r.latency_ms, 1),
            }
            for r in results
        ],
    }


def write_reports(data: dict, html: str, reports_dir: Path) -> Path:
    """Save JSON and HTML under a timestamped name and as latest.*; returns the JSON path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = reports_dir / f"report-{stamp}.json"
    # whole files only: the Maintainer tab may be showing latest.html while it is replaced
    for target in (path, reports_dir / "latest.json"):
        atomic_write(target, text)
    for target in (reports_dir / f"report-{stamp}.html", reports_dir / "latest.html"):
        atomic_write(target, html)
    return path
