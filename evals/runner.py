"""`cica-qa eval`: ask every eval question, print the metrics per category, write the reports."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from cica_qa.evals.items import EvalItem, load_items
from cica_qa.evals.metrics import Metrics, format_table, measure_all
from cica_qa.evals.score import ItemResult, judge
from cica_qa.files import atomic_write
from cica_qa.settings import Settings

if TYPE_CHECKING:
    from cica_qa.answering.assistant import Assistant
    from cica_qa.embedder import Embedder

from cica_qa.errors import ConfigError

DEFAULT_FILE = Path("evals/questions.yaml")
DEFAULT_REPORTS = Path("evals/reports")


def run_items(
    assistant: Assistant, items: Sequence[EvalItem], show_progress: bool
) -> list[ItemResult]:
    """Ask each item's question once (after its history) and judge the answer."""
    from tqdm import tqdm

    results = []
    for item in tqdm(items, desc="Evaluating", unit="q", disable=not show_progress):
        history = conversation(assistant, item.history)
        started = time.perf_counter()
        answer = assistant.ask(item.question, history=history)
        results.append(judge(item, answer, (time.perf_counter() - started) * 1000))
    return results


def conversation(assistant: Assistant, questions: Sequence[str]) -> list[dict[str, str]]:
    """The history a user builds by asking these questions in turn (with the real answers)."""
    history: list[dict[str, str]] = []
    for question in questions:
        answer = assistant.ask(question, history=history)
        history += [
            {"role": "user", "content": question},
            {"role": "assistant", "content": answer.text},
        ]
    return history


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


@dataclass(frozen=True)
class EvalOptions:
    """What `cica-qa eval` was asked to do."""

    file: Path = DEFAULT_FILE
    reports: Path = DEFAULT_REPORTS
    min_accuracy: float | None = None  # fail (exit 1) below this overall accuracy
    min_abstention: float | None = None  # fail when fewer unanswerable items abstain
    compare: Path | None = None  # an earlier JSON report to list regressions against
    no_regressions: bool = False  # with compare: fail when any item went from pass to fail
    calibrate: bool = False  # print the CICA_MIN_SCORE that best separates the items
    baselines: bool = False  # also run dense-only and keyword-only retrieval
    quiet: bool = False  # no progress bar


def _check_options(args: EvalOptions) -> None:
    for flag in ("min_accuracy", "min_abstention"):
        value = getattr(args, flag)
        if value is not None and not 0.0 <= value <= 1.0:
            name = "--" + flag.replace("_", "-")
            raise ConfigError(f"{name} ({value}) must be a fraction from 0 to 1, e.g. 0.9")
    if args.no_regressions and args.compare is None:
        raise ConfigError("--no-regressions needs --compare PREVIOUS.json")


def run_eval(args: EvalOptions, settings: Settings) -> int:
    """Run the eval set against the settings' index: 0 ok, 1 under a gate or a regression."""
    _check_options(args)
    items = load_items(args.file)  # a malformed file fails before the model loads
    before = None
    if args.compare is not None:
        from cica_qa.evals.compare import load_outcomes

        before = load_outcomes(args.compare)  # so does a bad report
    from cica_qa.answering.assistant import Assistant
    from cica_qa.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    if args.calibrate:  # no threshold: each decision is whole, and the sweep applies them
        assistant = Assistant.from_settings(
            settings.model_copy(update={"min_score": -1.0}), embedder
        )
        return _calibrate(assistant, items, args.quiet)
    assistant = Assistant.from_settings(settings, embedder)
    results = run_items(assistant, items, show_progress=not args.quiet)
    metrics = measure_all(results)
    print(format_table(metrics))
    overall = metrics[-1]
    print(f"latency: p50 {overall.latency_p50:.0f} ms, p95 {overall.latency_p95:.0f} ms")
    data = report(results, metrics, args.file)
    if args.baselines:
        data["baselines"] = _baselines(settings, embedder, items, metrics, args.quiet)
    from cica_qa.evals.html_report import render_html

    html = render_html(metrics, results, data["created_at"], str(args.file))
    path = write_reports(data, html, args.reports)
    print(f"report: {path} (and {path.with_suffix('.html').name})")
    return _gates(args, overall, results, before)


def _gates(
    args: EvalOptions, overall: Metrics, results: Sequence[ItemResult], before: dict | None
) -> int:
    failed = False
    if args.min_accuracy is not None and overall.accuracy < args.min_accuracy:
        sys.stderr.write(
            f"error: overall accuracy {overall.accuracy:.1%} is below "
            f"--min-accuracy {args.min_accuracy:.1%}\n"
        )
        failed = True
    recall = overall.abstention_recall
    if args.min_abstention is not None and (recall or 0.0) < args.min_abstention:
        sys.stderr.write(
            f"error: {recall or 0.0:.1%} of unanswerable items abstained, below "
            f"--min-abstention {args.min_abstention:.1%}\n"
        )
        failed = True
    if before is not None:
        from cica_qa.evals.compare import compare

        comparison = compare(before, {r.item.id: r.passed for r in results})
        print("\n".join(comparison.lines()))
        if args.no_regressions and comparison.regressed:
            sys.stderr.write(f"error: {len(comparison.regressed)} items regressed\n")
            failed = True
    return 1 if failed else 0


def _calibrate(assistant: Assistant, items: Sequence[EvalItem], quiet: bool) -> int:
    from cica_qa.evals.calibrate import best_threshold, reaching_target, sweep

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
    target = reaching_target(outcomes)
    if target is not None and target.threshold != best.threshold:
        print(
            f"({target.abstention_recall:.0%} of unanswerable items would need "
            f"CICA_MIN_SCORE={target.threshold:.2f}, refusing "
            f"{target.false_abstention:.1%} of answerable ones)"
        )
    return 0


def _baselines(
    settings: Settings,
    embedder: Embedder,
    items: Sequence[EvalItem],
    full: Sequence[Metrics],
    quiet: bool,
) -> dict[str, dict[str, float]]:
    """Accuracy per category with dense-only and keyword-only retrieval, beside the full run."""
    from cica_qa.answering.assistant import Assistant

    columns = {"hybrid": {m.category: m.accuracy for m in full}}
    for mode in ("dense", "keyword"):
        baseline = Assistant.from_settings(
            settings.model_copy(update={"retrieval": mode}), embedder
        )
        metrics = measure_all(run_items(baseline, items, show_progress=not quiet))
        columns[mode] = {m.category: m.accuracy for m in metrics}
    width = max(len(category) for category in columns["hybrid"])
    print(f"\naccuracy    {'':<{width - 10}}{'dense':>7}  {'keyword':>7}  {'hybrid':>7}")
    for category in columns["hybrid"]:
        cells = "  ".join(f"{columns[m][category]:>7.1%}" for m in ("dense", "keyword", "hybrid"))
        print(f"{category:<{width}}  {cells}")
    return {mode: {k: round(v, 4) for k, v in acc.items()} for mode, acc in columns.items()}
