"""Fitting the answer model (`cica-qa eval --train`): every candidate answer the assistant
considered for each eval item, labelled by whether it answers the item, and a logistic
regression fitted on them with scikit-learn.

Held-out items are never trained on. What is reported, per suite, is how items would go
when the likeliest candidate answers above the threshold: by k-fold cross-validation over
the items trained on, trained on one suite and tested on the other, and trained on all of
them and tested on the held-out items.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from cica_qa.answering.answer import Answer
from cica_qa.answering.features import JUDGED_FEATURES, LOWERING, RAISING
from cica_qa.answering.model import JUDGED, MAX_LEAD, AnswerModel, Linear
from cica_qa.evals.items import EvalItem
from cica_qa.evals.score import judge

FOLDS = 5
C = 0.1  # inverse regularisation strength of the judge (a logistic regression)
RANK_L2 = 1.0  # weight of the ranker's L2 penalty
ANSWER_ABOVE = 0.5  # answer when the judge finds the best candidate likelier right than wrong
DATA_FILE = Path("evals/training/candidates.jsonl.gz")
DECIMALS = 5


@dataclass(frozen=True)
class Example:
    """One candidate answer of one eval item: its features and whether it answers."""

    suite: str
    item: str
    held_out: bool
    answerable: bool
    features: tuple[float, ...]
    label: bool  # it passes the item, with a citation holding its facts


@dataclass(frozen=True)
class Outcome:
    """How an item goes at a threshold: its likeliest candidate's probability and worth."""

    suite: str
    item: str
    answerable: bool
    probability: float  # of the likeliest candidate (0 when there is none)
    right: bool  # the likeliest candidate answers it

    def passes(self, threshold: float) -> bool:
        answers = self.probability >= threshold
        return (answers and self.right) if self.answerable else not answers


@dataclass(frozen=True)
class Score:
    """Items passed at a threshold: answerable answered right, unanswerable abstained."""

    answerable: float
    unanswerable: float
    items: int

    def line(self) -> str:
        return (
            f"answerable right {self.answerable:6.1%}, unanswerable abstained "
            f"{self.unanswerable:6.1%} ({self.items} items)"
        )


def examples_of(suite: str, item: EvalItem, answer: Answer, names: Sequence[str]) -> list[Example]:
    """The item's candidates (answer.considered), each labelled by judging it as the answer
    (its own words: what older documents said is added after the choice, not by it)."""
    examples = []
    own = replace(item, earlier=())
    for considered in answer.considered:
        text = considered.candidate.answer(answer.question)
        result = judge(own, text, 0.0)
        examples.append(
            Example(
                suite,
                item.id,
                item.held_out,
                not item.abstain,
                tuple(round(float(considered.features[n]), DECIMALS) for n in names),
                not item.abstain and result.passed and result.supported,
            )
        )
    return examples


def write_examples(path: Path, names: Sequence[str], examples: Iterable[Example]) -> None:
    """The training data as gzipped JSON lines, byte for byte the same for the same data."""
    lines = [json.dumps({"features": list(names)})]
    lines += [
        json.dumps([e.suite, e.item, e.held_out, e.answerable, e.label, list(e.features)])
        for e in examples
    ]
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", mtime=0, filename="") as out:
        out.write(("\n".join(lines) + "\n").encode("utf-8"))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(buffer.getvalue())


def read_examples(path: Path) -> tuple[tuple[str, ...], list[Example]]:
    """The feature names and examples written by write_examples."""
    with gzip.open(path, "rt", encoding="utf-8") as data:
        header, *rows = data.read().splitlines()
    names = tuple(json.loads(header)["features"])
    examples = [
        Example(s, i, h, a, tuple(f), lab)
        for s, i, h, a, lab, f in (json.loads(row) for row in rows)
    ]
    return names, examples


def fit(names: Sequence[str], examples: Sequence[Example], trained_on: str) -> AnswerModel:
    """The ranker fitted on every item, and the judge on every candidate, with its utility
    and lead as a ranker fitted without its item gives them. The assistant answers when the
    judge finds the best candidate likelier right than wrong (`cica-qa eval --calibrate`
    shows what other thresholds would do). Deterministic: the same examples give the same
    model."""
    ranker = fit_ranker(names, examples)
    judge = fit_judge(names, _judged(names, examples))
    return AnswerModel(ranker, judge, ANSWER_ABOVE, trained_on)


def fit_ranker(names: Sequence[str], examples: Sequence[Example]) -> Linear:
    """A linear utility whose softmax over each item's candidates puts the most weight on
    the ones that answer (L2-regularised, L-BFGS from zero), each weight of the sign its
    feature's known direction gives (features.RAISING, features.LOWERING)."""
    import numpy as np
    from scipy.optimize import minimize

    x, means, scales = _standardised([e.features for e in examples])
    labels = np.array([e.label for e in examples], dtype=float)
    groups = [np.array(ix) for ix in _groups(examples).values()]
    groups = [ix for ix in groups if labels[ix].sum() > 0]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        total = RANK_L2 * float(w @ w)
        grad = 2 * RANK_L2 * w
        for ix in groups:
            zz = z[ix] - z[ix].max()
            p = np.exp(zz) / np.exp(zz).sum()
            t = labels[ix] / labels[ix].sum()
            total -= float(t @ (zz - np.log(np.exp(zz).sum())))
            grad = grad - x[ix].T @ (t - p)
        return total, grad

    signs = [
        (0.0, None) if name in RAISING else (None, 0.0) if name in LOWERING else (None, None)
        for name in names
    ]
    found = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B", bounds=signs)
    return Linear(tuple(names), means, scales, tuple(float(w) for w in found.x))


def fit_judge(names: Sequence[str], judged: Sequence[Judged]) -> Linear:
    """A logistic regression on the judged features (those of JUDGED_FEATURES among
    `names`, the utility and the lead): does this candidate answer? Fitted on every
    candidate, it is asked about the best one."""
    from sklearn.linear_model import LogisticRegression

    given = (*names, *JUDGED)
    used = tuple(n for n in given if n in JUDGED_FEATURES or n in JUDGED)
    columns = [given.index(n) for n in used]
    x, means, scales = _standardised([[j.values[c] for c in columns] for j in judged])
    labels = [j.right for j in judged]
    if len(set(labels)) < 2:  # nothing to tell apart: the base rate
        return Linear(used, means, scales, (0.0,) * len(means), 0.0)
    regression = LogisticRegression(C=C, max_iter=5000)
    regression.fit(x, labels)
    weights = tuple(float(w) for w in regression.coef_[0])
    return Linear(used, means, scales, weights, float(regression.intercept_[0]))


@dataclass(frozen=True)
class Judged:
    """A candidate as the judge sees it."""

    suite: str
    item: str
    answerable: bool
    values: tuple[float, ...]  # its features, its utility and its lead over the others
    right: bool
    best: bool = True  # the ranker puts it first

    def outcome(self, model: AnswerModel) -> Outcome:
        *features, utility, lead = self.values
        values = dict(zip(model.ranker.features, features, strict=True))
        p = model.probability(values, utility, lead)
        return Outcome(self.suite, self.item, self.answerable, p, self.right)


def _judged(names: Sequence[str], examples: Sequence[Example]) -> list[Judged]:
    """Every candidate, with its utility and lead under a ranker fitted on the other folds."""
    judged: list[Judged] = []
    for train, test in _folds(examples):
        judged += _ranked(fit_ranker(names, train), names, test)
    return sorted(judged, key=lambda j: (j.suite, j.item, -j.values[-2]))


def _ranked(ranker: Linear, names: Sequence[str], examples: Sequence[Example]) -> list[Judged]:
    """Each candidate with its utility and its lead over the best of the others (below zero
    for all but the best)."""
    found = []
    for members in _groups(examples).values():
        utilities = [
            ranker.score(dict(zip(names, examples[i].features, strict=True))) for i in members
        ]
        first = max(range(len(members)), key=lambda k: (utilities[k], -k))
        for k, i in enumerate(members):
            others = [u for j, u in enumerate(utilities) if j != k]
            lead = utilities[k] - max(others) if others else MAX_LEAD
            e = examples[i]
            values = (*e.features, utilities[k], min(lead, MAX_LEAD))
            found.append(Judged(e.suite, e.item, e.answerable, values, e.label, k == first))
    return found


def outcomes_of(
    model: AnswerModel, names: Sequence[str], examples: Sequence[Example]
) -> list[Outcome]:
    """Each item's best candidate under the model, and its probability of answering."""
    return [j.outcome(model) for j in _ranked(model.ranker, names, examples) if j.best]


def score(outcomes: Sequence[Outcome], threshold: float) -> Score:
    answerable = [o for o in outcomes if o.answerable]
    unanswerable = [o for o in outcomes if not o.answerable]
    return Score(_share(answerable, threshold), _share(unanswerable, threshold), len(outcomes))


def cross_validated(names: Sequence[str], examples: Sequence[Example]) -> list[Outcome]:
    """Out-of-fold outcomes: each item scored by a model fitted on the other folds."""
    outcomes: list[Outcome] = []
    for train, test in _folds(examples):
        outcomes += outcomes_of(fit(names, train, ""), names, test)
    return outcomes


def report(names: Sequence[str], examples: Sequence[Example]) -> list[str]:
    """The lines `cica-qa eval --train` prints: cross-validated, cross-suite and held-out."""
    trained = [e for e in examples if not e.held_out]
    held = [e for e in examples if e.held_out]
    suites = sorted({e.suite for e in examples})
    folds = cross_validated(names, trained)
    lines = [
        f"{FOLDS}-fold cross-validation over the items trained on (answering above "
        f"{ANSWER_ABOVE:.2f}):"
    ]
    lines += [f"  {s:<10} {score(_in(folds, s), ANSWER_ABOVE).line()}" for s in suites]
    for train_suite in suites:
        for test_suite in suites:
            if test_suite == train_suite:
                continue
            model = fit(names, [e for e in trained if e.suite == train_suite], "")
            tested = outcomes_of(model, names, [e for e in trained if e.suite == test_suite])
            lines.append(
                f"trained on {train_suite}, tested on {test_suite} (threshold "
                f"{model.threshold:.2f}): {score(tested, model.threshold).line()}"
            )
    model = fit(names, trained, "")
    outcomes = outcomes_of(model, names, held)
    lines.append(
        f"trained on every suite, tested on the held-out items (threshold {model.threshold:.2f}):"
    )
    lines += [f"  {s:<10} {score(_in(outcomes, s), model.threshold).line()}" for s in suites]
    return lines


def _in(outcomes: Sequence[Outcome], suite: str) -> list[Outcome]:
    return [o for o in outcomes if o.suite == suite]


def _folds(examples: Sequence[Example]) -> Iterator[tuple[list[Example], list[Example]]]:
    """(train, test) for each fold; an item's fold comes from its suite and id, so all its
    candidates fall in the same one."""
    fold_of = [_fold(e) for e in examples]
    for fold in range(FOLDS):
        test = [e for e, f in zip(examples, fold_of, strict=True) if f == fold]
        train = [e for e, f in zip(examples, fold_of, strict=True) if f != fold]
        if test and train:
            yield train, test


def _fold(example: Example) -> int:
    digest = hashlib.sha1(f"{example.suite}/{example.item}".encode()).hexdigest()
    return int(digest, 16) % FOLDS


def _groups(examples: Sequence[Example]) -> dict[tuple[str, str], list[int]]:
    """The positions of each item's candidates."""
    groups: dict[tuple[str, str], list[int]] = {}
    for i, e in enumerate(examples):
        groups.setdefault((e.suite, e.item), []).append(i)
    return groups


def _standardised(
    rows: Sequence[Sequence[float]],
) -> tuple[Any, tuple[float, ...], tuple[float, ...]]:
    """The rows as a matrix with each column at mean 0 and scale 1, and those means and scales."""
    import numpy as np

    x = np.array(rows, dtype=float)
    means = x.mean(axis=0)
    scales = x.std(axis=0)
    scales[scales == 0] = 1.0
    return (x - means) / scales, tuple(float(m) for m in means), tuple(float(s) for s in scales)


def _share(outcomes: Sequence[Outcome], threshold: float) -> float:
    return sum(o.passes(threshold) for o in outcomes) / len(outcomes) if outcomes else 0.0
