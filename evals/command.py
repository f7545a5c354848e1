"""`cica-qa eval`: run the suites (or one items file), print the metrics per category, write
the reports, and apply the gates; `--calibrate` and `--baselines` are other views of a run."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from cica_qa.errors import ConfigError, EvalFileError
from cica_qa.evals.html_report import RunFacts
from cica_qa.evals.items import EvalItem, load_items
from cica_qa.evals.metrics import Metrics, format_table, measure_all, overall_of
from cica_qa.evals.report import report, write_reports
from cica_qa.evals.runner import asked_items, run_items
from cica_qa.evals.score import ItemResult
from cica_qa.evals.suites import SUITES_FILE, Gate, Suite, load_suites, select
from cica_qa.settings import Settings

if TYPE_CHECKING:
    from cica_qa.answering.assistant import Assistant
    from cica_qa.answering.model import AnswerModel
    from cica_qa.embedder import Embedder

DEFAULT_REPORTS = Path("evals/reports")


@dataclass(frozen=True)
class EvalOptions:
    """What `cica-qa eval` was asked to do."""

    file: Path | None = None  # one items file over the configured index, instead of suites
    suite: str | None = None  # only this suite (default: every suite)
    reports: Path = DEFAULT_REPORTS
    min_accuracy: float | None = None  # fail (exit 1) below this overall accuracy
    min_abstention: float | None = None  # fail when fewer unanswerable items abstain
    gate: bool = False  # apply each suite's own gate from the suites file
    compare: Path | None = None  # an earlier JSON report to list regressions against
    no_regressions: bool = False  # with compare: fail when any item went from pass to fail
    calibrate: bool = False  # print the CICA_MIN_SCORE that best separates the items
    train: bool = False  # gather the candidates of every item and fit the answer model
    baselines: bool = False  # also run dense-only and keyword-only retrieval
    quiet: bool = False  # no progress bar
    suites_file: Path = SUITES_FILE


@dataclass(frozen=True)
class _Run:
    """One set of items asked over one index."""

    name: str  # the suite, or the items file
    items: tuple[EvalItem, ...]
    settings: Settings  # whose index and corpus it is asked over
    reports: Path
    gate: Gate | None
    ingest: bool  # bring the index in line with the corpus first


def run_eval(args: EvalOptions, settings: Settings) -> int:
    """Run the eval: 0 ok, 1 under a gate or a regression (CicaError on a setup problem)."""
    _check_options(args)
    runs = _runs(args, settings)  # malformed items fail before the model loads
    before = None
    if args.compare is not None:
        from cica_qa.evals.compare import load_outcomes

        before = load_outcomes(args.compare)  # so does a bad report
    from cica_qa.embedder import MiniLMEmbedder

    embedder = MiniLMEmbedder()
    for run in runs:
        if run.ingest:
            _ingest(run.name, run.settings, embedder, args.quiet)
    if args.calibrate:
        return _calibrate(runs, embedder, args.quiet)
    if args.train:
        return _train(runs, embedder, args.quiet)
    failed = False
    for run in runs:
        if len(runs) > 1:
            print(f"\n== suite {run.name} ==")
        results, metrics = _run_one(run, args, embedder)
        failed |= _gates(args, run, metrics, results, before)
    return 1 if failed else 0


def _check_options(args: EvalOptions) -> None:
    for flag in ("min_accuracy", "min_abstention"):
        value = getattr(args, flag)
        if value is not None and not 0.0 <= value <= 1.0:
            name = "--" + flag.replace("_", "-")
            raise ConfigError(f"{name} ({value}) must be a fraction from 0 to 1, e.g. 0.9")
    if args.no_regressions and args.compare is None:
        raise ConfigError("--no-regressions needs --compare PREVIOUS.json")
    if args.file is not None and args.suite is not None:
        raise ConfigError("give --file or --suite, not both")


def _runs(args: EvalOptions, settings: Settings) -> list[_Run]:
    if args.file is not None:
        return [_Run(str(args.file), load_items(args.file), settings, args.reports, None, False)]
    suites = select(load_suites(args.suites_file), args.suite)
    if args.compare is not None and len(suites) > 1:
        raise ConfigError("--compare compares one suite's reports: add --suite NAME")
    return [_suite_run(suite, args, settings) for suite in suites]


def _suite_run(suite: Suite, args: EvalOptions, settings: Settings) -> _Run:
    """A suite is asked over its own corpus, ingested into its own index beside the app's."""
    own = settings.model_copy(
        update={
            "corpus_dir": suite.corpus,
            "index_dir": settings.index_dir.parent / f"eval-{suite.name}",
        }
    )
    return _Run(suite.name, suite.items(), own, args.reports / suite.name, suite.gate, True)


def _ingest(suite: str, settings: Settings, embedder: Embedder, quiet: bool) -> None:
    """Bring a suite's own index in line with its corpus. A file of the corpus that ingest
    passes over stops the run: the suite would be measured without it, silently."""
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import run_ingest

    summary = run_ingest(IngestConfig.from_settings(settings), embedder, show_progress=not quiet)
    sys.stderr.writelines(f"warning: {line}\n" for line in summary.warning_lines())
    if summary.skipped:
        first = summary.skipped[0]
        raise EvalFileError(
            f"suite {suite}: ingest skipped {len(summary.skipped)} file(s) of its corpus "
            f"{settings.corpus_dir} ({first.name}: {first.reason}): fix them, or the suite "
            "is measured without them"
        )
    if summary.embedded or summary.removed or not quiet:
        print(f"{settings.corpus_dir}: {summary.line()}")


def _assistant(
    settings: Settings, embedder: Embedder, model: AnswerModel | None = None, **changes: object
) -> Assistant:
    from cica_qa.answering.assistant import Assistant

    return Assistant.from_settings(settings.model_copy(update=changes), embedder, model)


def _run_one(
    run: _Run, args: EvalOptions, embedder: Embedder
) -> tuple[list[ItemResult], list[Metrics]]:
    assistant = _assistant(run.settings, embedder)
    engine = _engine(assistant)
    print(
        f"answer engine: {engine['name']} (abstains under {engine['measure']} "
        f"{engine['threshold']:.2f})"
    )
    results = run_items(assistant, run.items, not args.quiet)
    metrics = measure_all(results)
    print(format_table(metrics))
    overall = overall_of(metrics)
    print(f"latency: p50 {overall.latency_p50:.0f} ms, p95 {overall.latency_p95:.0f} ms")
    data = report(results, metrics, Path(run.name))
    data["engine"] = engine
    if args.baselines:
        data["baselines"] = _baselines(run, embedder, metrics, args.quiet)
    from cica_qa.evals.html_report import render_html

    facts = _facts(run, embedder, results)
    data["ran_against"] = {
        "corpus": facts.corpus,
        "index": facts.index,
        "model": facts.model,
        "commit": facts.commit,
    }
    data["changes"] = {
        "previous": facts.previous,
        "regressed": list(facts.changes.regressed),
        "fixed": list(facts.changes.fixed),
    }
    if facts.previous:
        print(
            f"since the previous run ({facts.previous}): {len(facts.changes.regressed)} newly "
            f"failing, {len(facts.changes.fixed)} newly passing"
        )
    html = render_html(metrics, results, data["created_at"], run.name, facts)
    path = write_reports(data, html, run.reports)
    print(f"report: {path} (and {path.with_suffix('.html').name})")
    return results, metrics


def _facts(run: _Run, embedder: Embedder, results: Sequence[ItemResult]) -> RunFacts:
    """What the run was against, and its changes since the suite's previous report."""
    from cica_qa.evals.compare import Comparison, compare, load_outcomes

    latest = run.reports / "latest.json"
    previous, changes = "", Comparison((), (), ())
    try:
        before = load_outcomes(latest)
        previous = str(json.loads(latest.read_text(encoding="utf-8")).get("created_at", ""))
        changes = compare(before, {r.item.id: r.passed for r in results})
    except (EvalFileError, OSError, ValueError, AttributeError):
        pass  # no previous report (or an unreadable one): nothing to compare with
    gate = run.gate
    return RunFacts(
        corpus=str(run.settings.corpus_dir),
        index=str(run.settings.index_dir),
        model=embedder.model_id,
        commit=_commit(),
        min_accuracy=gate.min_accuracy if gate is not None else None,
        min_abstention=gate.min_abstention if gate is not None else None,
        previous=previous,
        changes=changes,
    )


def _commit() -> str:
    """The code's git commit ("a1b2c3d", "+ changes" when the tree has uncommitted ones), or
    "" outside a git checkout."""
    import subprocess

    def git(*command: str) -> str:
        done = subprocess.run(
            ["git", *command], capture_output=True, text=True, timeout=10, check=True
        )
        return done.stdout.strip()

    try:
        commit = git("rev-parse", "--short", "HEAD")
        changed = bool(git("status", "--porcelain", "--untracked-files=no"))
    except (OSError, subprocess.SubprocessError):
        return ""
    return f"{commit} + changes" if changed else commit


def _engine(assistant: Assistant) -> dict[str, object]:
    """What chose the answers, for the report: the engine, its threshold, the model's data."""
    model = assistant.model
    return {
        "name": assistant.engine,
        "threshold": assistant.min_score,
        "measure": "probability" if assistant.engine == "model" else "cosine",
        "trained_on": model.trained_on if model is not None else "",
    }


def _gates(
    args: EvalOptions,
    run: _Run,
    metrics: Sequence[Metrics],
    results: Sequence[ItemResult],
    before: dict | None,
) -> bool:
    """Print why the run misses a gate or regressed; True when it does."""
    overall = overall_of(metrics)
    gate = run.gate if args.gate else None  # the flags given win over the suite's gate
    min_accuracy, min_abstention = args.min_accuracy, args.min_abstention
    if gate is not None:
        min_accuracy = gate.min_accuracy if min_accuracy is None else min_accuracy
        min_abstention = gate.min_abstention if min_abstention is None else min_abstention
    where = f"{run.name}: " if args.file is None else ""
    failed = False
    if min_accuracy is not None and overall.accuracy < min_accuracy:
        sys.stderr.write(
            f"error: {where}overall accuracy {overall.accuracy:.1%} is below "
            f"--min-accuracy {min_accuracy:.1%}\n"
        )
        failed = True
    recall = overall.abstention_recall
    if min_abstention is not None and (recall or 0.0) < min_abstention:
        sys.stderr.write(
            f"error: {where}{recall or 0.0:.1%} of unanswerable items abstained, below "
            f"--min-abstention {min_abstention:.1%}\n"
        )
        failed = True
    if before is not None:
        from cica_qa.evals.compare import compare

        comparison = compare(before, {r.item.id: r.passed for r in results})
        print("\n".join(comparison.lines()))
        if args.no_regressions and comparison.regressed:
            sys.stderr.write(f"error: {len(comparison.regressed)} items regressed\n")
            failed = True
    return failed


def _calibrate(runs: Sequence[_Run], embedder: Embedder, quiet: bool) -> int:
    """One CICA_MIN_SCORE for the answer model over every item of the runs: each asked with
    no threshold, then every threshold applied to the decisions (calibrate.py)."""
    from cica_qa.evals.calibrate import best_threshold, reaching_target, sweep

    results = [
        result
        for run in runs
        for result in run_items(
            _assistant(run.settings, embedder, answer_engine="model", min_score=0.0),
            run.items,
            not quiet,
        )
    ]
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


def _train(runs: Sequence[_Run], embedder: Embedder, quiet: bool) -> int:
    """Ask every item, keep every candidate answer the assistant considered with its label,
    fit the answer model on the items not held out, and ship it (evals/train.py)."""
    from cica_qa.answering.features import FEATURES
    from cica_qa.answering.model import AnswerModel, shipped_model, shipped_model_path
    from cica_qa.evals.train import DATA_FILE, examples_of, fit, report, write_examples

    try:
        current = shipped_model(FEATURES)
    except ConfigError as error:
        print(f"{error}; gathering with closeness alone", file=sys.stderr)
        current = AnswerModel.closeness_only(FEATURES)
    examples = []
    for run in runs:
        assistant = _assistant(run.settings, embedder, model=current)
        for item, answer in asked_items(assistant, run.items, not quiet):
            examples += examples_of(run.name, item, answer, FEATURES)
    write_examples(DATA_FILE, FEATURES, examples)
    names = ", ".join(run.name for run in runs)
    model = fit(FEATURES, [e for e in examples if not e.held_out], f"suites {names}")
    shipped_model_path().write_text(model.to_json(), encoding="utf-8")
    print("\n".join(report(FEATURES, examples)))
    print(f"wrote {DATA_FILE} ({len(examples)} candidates) and {shipped_model_path()}")
    return 0


def _baselines(
    run: _Run, embedder: Embedder, full: Sequence[Metrics], quiet: bool
) -> dict[str, dict[str, float]]:
    """Accuracy per category with dense-only and keyword-only retrieval, beside the full run."""
    columns = {"hybrid": {m.category: m.accuracy for m in full}}
    for mode in ("dense", "keyword"):
        baseline = _assistant(run.settings, embedder, retrieval=mode)
        metrics = measure_all(run_items(baseline, run.items, show_progress=not quiet))
        columns[mode] = {m.category: m.accuracy for m in metrics}
    width = max(len(category) for category in columns["hybrid"])
    print(f"\naccuracy    {'':<{width - 10}}{'dense':>7}  {'keyword':>7}  {'hybrid':>7}")
    for category in columns["hybrid"]:
        cells = "  ".join(f"{columns[m][category]:>7.1%}" for m in ("dense", "keyword", "hybrid"))
        print(f"{category:<{width}}  {cells}")
    return {mode: {k: round(v, 4) for k, v in acc.items()} for mode, acc in columns.items()}
