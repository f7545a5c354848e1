"""The answer model: which candidate answer is likeliest, and the probability that it answers.

Two linear stages over a candidate's features (features.py), fitted together by
`cica-qa eval --train` (evals/train.py, with scikit-learn and scipy) on the eval suites' items
that are not held out, and shipped as a small JSON file beside this module; answering needs
only these weights:

- the ranker gives each candidate a utility; the candidates of one question are compared by
  it (a softmax over them was fitted);
- the judge gives the log-odds that the best candidate answers, from some of its features
  (features.JUDGED_FEATURES), its utility and its lead over the next one; under the
  calibrated threshold the assistant says the documents don't say.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from cica_qa.errors import ConfigError

MODEL_FILE = "answer_model.json"
MODEL_FORMAT = 2
JUDGED = ("utility", "lead")  # what the judge knows beyond the best candidate's features
MAX_LEAD = 5.0  # a lead over the next candidate counts up to this much utility


@dataclass(frozen=True)
class Linear:
    """Standardised features, weighted and summed."""

    features: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float = 0.0

    def score(self, values: Mapping[str, float]) -> float:
        total = self.bias
        for name, mean, scale, weight in zip(
            self.features, self.means, self.scales, self.weights, strict=True
        ):
            total += weight * (values[name] - mean) / scale
        return total

    def to_data(self) -> dict[str, object]:
        return {
            "bias": round(self.bias, 6),
            "features": {
                name: {"mean": round(m, 6), "scale": round(s, 6), "weight": round(w, 6)}
                for name, m, s, w in zip(
                    self.features, self.means, self.scales, self.weights, strict=True
                )
            },
        }

    @classmethod
    def from_data(cls, data: Mapping[str, object]) -> Linear:
        features = data["features"]
        if not isinstance(features, dict):
            raise ValueError("features must be a mapping")
        return cls(
            features=tuple(features),
            means=tuple(float(f["mean"]) for f in features.values()),
            scales=tuple(float(f["scale"]) for f in features.values()),
            weights=tuple(float(f["weight"]) for f in features.values()),
            bias=float(data.get("bias", 0.0)),  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class AnswerModel:
    """The ranker, the judge and the threshold (a probability) under which it abstains."""

    ranker: Linear
    judge: Linear
    threshold: float
    trained_on: str = ""  # what it was fitted on, for the record

    def utility(self, values: Mapping[str, float]) -> float:
        """How likely this candidate is the answer, against the question's other ones."""
        return self.ranker.score(values)

    def probability(self, values: Mapping[str, float], utility: float, lead: float) -> float:
        """The probability that the best candidate (these values and utility, this lead over
        the next one) answers the question."""
        judged = {**values, "utility": utility, "lead": min(lead, MAX_LEAD)}
        z = self.judge.score(judged)
        return 1.0 / (1.0 + math.exp(-max(-50.0, min(50.0, z))))

    @classmethod
    def closeness_only(cls, features: Sequence[str]) -> AnswerModel:
        """Candidates ranked by closeness to the question alone, every best one given: used
        to gather training data when no model fits the features yet."""
        n = len(features)
        weights = tuple(1.0 if name == "similarity" else 0.0 for name in features)
        ranker = Linear(tuple(features), (0.0,) * n, (1.0,) * n, weights)
        judge = Linear(JUDGED, (0.0,) * len(JUDGED), (1.0,) * len(JUDGED), (0.0,) * len(JUDGED))
        return cls(ranker, judge, 0.0, "closeness only")

    def to_json(self) -> str:
        data = {
            "format": MODEL_FORMAT,
            "trained_on": self.trained_on,
            "threshold": round(self.threshold, 6),
            "ranker": self.ranker.to_data(),
            "judge": self.judge.to_data(),
        }
        return json.dumps(data, indent=1) + "\n"


def model_from_json(text: str, where: str, expected: Sequence[str]) -> AnswerModel:
    """Read a model file; ConfigError names the file and what to do when it does not fit."""
    retrain = "retrain it with `cica-qa eval --train`"
    try:
        data = json.loads(text)
        if data.get("format") != MODEL_FORMAT:
            raise ValueError(f"format {data.get('format')!r}, expected {MODEL_FORMAT}")
        model = AnswerModel(
            ranker=Linear.from_data(data["ranker"]),
            judge=Linear.from_data(data["judge"]),
            threshold=float(data["threshold"]),
            trained_on=str(data.get("trained_on", "")),
        )
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ConfigError(f"answer model {where} cannot be read ({error}): {retrain}") from None
    judged = {*expected, *JUDGED}
    if model.ranker.features != tuple(expected) or not judged >= set(model.judge.features):
        raise ConfigError(f"answer model {where} was fitted on other features: {retrain}")
    return model


def shipped_model(expected: Sequence[str]) -> AnswerModel:
    """The model shipped with the package."""
    path = resources.files("cica_qa.answering").joinpath(MODEL_FILE)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        raise ConfigError(
            f"answer model {MODEL_FILE} is missing: train it with `cica-qa eval --train`"
        ) from None
    return model_from_json(text, MODEL_FILE, expected)


def shipped_model_path() -> Path:
    """Where the shipped model is written in a checkout (src/cica_qa/answering/)."""
    return Path(__file__).with_name(MODEL_FILE)
