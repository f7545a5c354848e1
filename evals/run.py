"""`cica-qa eval`: ask every eval question, print accuracy per category, write a JSON report."""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

from cica_qa.errors import CicaError, ConfigError
from evals.items import EvalItem, load_items
from evals.score import CategoryScore, ItemResult, citation_support, judge, summarise

DEFAULT_FILE = Path("evals/questions.yaml")
DEFAULT_REPORTS = Path("evals/reports")


def run_items(
    assistant: object, items: Sequence[EvalItem], show_progress: bool
) -> list[ItemResult]:
    """Ask each item's question once and judge the answer."""
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="Evaluating", unit="q", disable=not show_progress):
        history = conversation(assistant, item.history)
        started = time.perf_counter()
        answer = assistant.ask(item.question, history=history)
        latency = (time.perf_counter() - started) * 1000
        result = judge(item, answer.text, answer.abstained, latency)
        results.append(
            replace(
                result,
                standalone=answer.standalone_question,
                basis=answer.basis,
                confidence=answer.confidence,
                cited=tuple(c.text for c in answer.citations),
            )
        )
    return results


def conversation(assistant: object, questions: Sequence[str]) -> list[dict[str, str]]:
    """The history a user builds by asking these questions in turn (with the real answers)."""
    history: list[dict[str, str]] = []
    for question in questions:
        answer = assistant.ask(question, history=history)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
    return history


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
        "citation_support": round(citation_support(results), 4),
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
                "history": list(r.item.history),
                "standalone_question": r.standalone,
                "answer": r.answer,
                "abstained": r.abstained,
                "basis": r.basis,
                "confidence": round(r.confidence, 4),
                "passed": r.passed,
                "citation_supports": r.supported,
                "cited": list(r.cited),
                "missing": list(r.missing),
                "latency_ms": round(r.latency_ms, 1),
            }
            for r in results
        ],
    }


def format_latency(results: Sequence[ItemResult]) -> str:
    """p50 and p95 answer time."""
    times = sorted(r.latency_ms for r in results)
    p50 = times[len(times) // 2]
    p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
    return f"latency: p50 {p50:.0f} ms, p95 {p95:.0f} ms over {len(times)} questions"


def _calibrate(assistant: object, items: Sequence[EvalItem], quiet: bool) -> int:
    from evals.calibrate import best_threshold, sweep

    assistant.min_score = -1.0  # see every item's confidence; the sweep applies thresholds
    results = run_items(assistant, items, show_progress=not quiet)
    outcomes = sweep(results)
    best = best_threshold(outcomes)
    print("threshold  unanswerable abstained  answerable abstained")
    for outcome in outcomes[::5]:
        print(
            f"{outcome.threshold:9.2f}  {outcome.abstention_recall:22.1%}  "
            f"{outcome.false_abstention:20.1%}"
        )
    print(
        f"chosen: CICA_MIN_SCORE={best.threshold:.2f} — unanswerable abstained "
        f"{best.abstention_recall:.1%}, answerable abstained {best.false_abstention:.1%}"
    )
    return 0


def _baselines(
    settings: object,
    embedder: object,
    items: Sequence[EvalItem],
    full: Sequence[CategoryScore],
    quiet: bool,
) -> dict[str, dict[str, float]]:
    """Accuracy per category with dense-only and keyword-only retrieval, beside the full run."""
    from cica_qa.answer import Assistant

    columns = {"hybrid": {s.category: s.accuracy for s in full}}
    for mode in ("dense", "keyword"):
        baseline = Assistant.from_settings(replace(settings, retrieval=mode), embedder)
        scores = summarise(run_items(baseline, items, show_progress=not quiet))
        columns[mode] = {s.category: s.accuracy for s in scores}
    width = max(len(category) for category in columns["hybrid"])
    print(f"{'category':<{width}}  {'dense':>7}  {'keyword':>7}  {'hybrid':>7}")
    for category in columns["hybrid"]:
        row = "  ".join(f"{columns[m][category]:>7.1%}" for m in ("dense", "keyword", "hybrid"))
        print(f"{category:<{width}}  {row}")
    return {mode: {k: round(v, 4) for k, v in scores.items()} for mode, scores in columns.items()}


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
    parser.add_argument(
        "--calibrate",
        action="store_true",
        help="run with no threshold and print the CICA_MIN_SCORE that best separates "
        "answerable from unanswerable items, with both error rates",
    )
    parser.add_argument(
        "--baselines",
        action="store_true",
        help="also run dense-only and keyword-only retrieval and print them side by side",
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
    from cica_qa.embedder import MiniLMEmbedder
    from cica_qa.settings import Settings

    settings = Settings.from_env()
    embedder = MiniLMEmbedder()
    assistant = Assistant.from_settings(settings, embedder)
    if args.calibrate:
        return _calibrate(assistant, items, args.quiet)
    results = run_items(assistant, items, show_progress=not args.quiet)
    scores = summarise(results)
    print(format_table(scores))
    print(format_latency(results))
    print(
        f"citation support: {citation_support(results):.1%} of correct answers cite passages "
        "holding every expected fact"
    )
    data = report(results, scores, args.file)
    if args.baselines:
        data["baselines"] = _baselines(settings, embedder, items, scores, args.quiet)
    path = write_report(data, args.reports)
    print(f"report: {path}")
    overall = scores[-1].accuracy
    if args.min_accuracy is not None and overall < args.min_accuracy:
        sys.stderr.write(
            f"error: overall accuracy {overall:.1%} is below --min-accuracy "
            f"{args.min_accuracy:.1%}\n"
        )
        return 1
    return 0
