"""`cica-qa eval`: ask every eval question, print accuracy per category, write a JSON report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.errors import CicaError, ConfigError
from evals.items import EvalItem, load_items
from evals.score import CategoryScore, ItemResult, judge, summarise

DEFAULT_FILE = Path("evals/questions.yaml")
DEFAULT_REPORTS = Path("evals/reports")


def run_items(
    assistant: object, items: Sequence[EvalItem], show_progress: bool
) -> list[ItemResult]:
    """Ask each item's question once and judge the answer."""
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="Evaluating", unit="q", disable=not show_progress):
        started = time.perf_counter()
        answer = assistant.ask(item.question, history=[])
        latency = (time.perf_counter() - started) * 1000
        results.append(judge(item, answer.text, answer.abstained, latency))
    return results


def format_table(scores: Sequence[CategoryScore]) -> str:
    """Accuracy per category as a fixed-width table."""
    width = max(len(s.category) for s in scores)
    lines = [f"{'category':<{width}}  passed  total  accuracy"]
    for score in scores:
        if score.category == "overall":
            lines.append("-" * len(lines[0]))
        counts = f"{score.passed:>6}  {score.total:>5}"
        lines.append(f"{score.category:<{width}}  {counts}  {score.accuracy:>8.1%}")
    return "\n".join(lines)


def report(results: Sequence[ItemResult], scores: Sequence[CategoryScore], source: Path) -> dict:
    """The JSON report: scores per category and every item's outcome."""
    return {
        "eval_file": str(source),
        "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "scores": {
            s.category: {"passed": s.passed, "total": s.total, "accuracy": round(s.accuracy, 4)}
            for s in scores
        },
        "items": [
            {
                "id": r.item.id,
                "category": r.item.category,
                "question": r.item.question,
                "expected": list(r.item.expect) or "abstain",
                "answer": r.answer,
                "abstained": r.abstained,
                "passed": r.passed,
                "missing": list(r.missing),
                "latency_ms": round(r.latency_ms, 1),
            }
            for r in results
        ],
    }


def write_report(data: dict, reports_dir: Path) -> Path:
    """Save the report under a timestamped name and as latest.json."""
    reports_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    text = json.dumps(data, ensure_ascii=False, indent=1)
    path = reports_dir / f"report-{stamp}.json"
    path.write_text(text, encoding="utf-8")
    (reports_dir / "latest.json").write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Entry point; exit 1 when overall accuracy is under --min-accuracy, 2 on a setup error."""
    parser = argparse.ArgumentParser(prog="cica-qa eval", description=__doc__)
    parser.add_argument("--file", type=Path, default=DEFAULT_FILE, help="eval YAML file")
    parser.add_argument("--reports", type=Path, default=DEFAULT_REPORTS, help="report folder")
    parser.add_argument(
        "--min-accuracy",
        type=float,
        default=None,
        metavar="FRACTION",
        help="fail (exit 1) when overall accuracy is below this, e.g. 0.5",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")
    args = parser.parse_args(argv)
    try:
        return _run(args)
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2


def _run(args: argparse.Namespace) -> int:
    if args.min_accuracy is not None and not 0.0 <= args.min_accuracy <= 1.0:
        raise ConfigError(f"--min-accuracy ({args.min_accuracy}) must be a fraction from 0 to 1")
    items = load_items(args.file)  # a malformed file fails before the model loads
    from cica_qa.answer import Assistant

    assistant = Assistant.from_env()
    results = run_items(assistant, items, show_progress=not args.quiet)
    scores = summarise(results)
    print(format_table(scores))
    path = write_report(report(results, scores, args.file), args.reports)
    print(f"report: {path}")
    overall = scores[-1].accuracy
    if args.min_accuracy is not None and overall < args.min_accuracy:
        sys.stderr.write(
            f"error: overall accuracy {overall:.1%} is below --min-accuracy "
            f"{args.min_accuracy:.1%}\n"
        )
        return 1
    return 0
