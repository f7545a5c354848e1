"""Fitting the answer model: deterministic, never on held-out items, and the shipped model is
exactly what the committed training data gives."""

import pytest

from cica_qa.answering.features import FEATURES
from cica_qa.answering.model import shipped_model, shipped_model_path
from cica_qa.evals.train import (
    DATA_FILE,
    Example,
    fit,
    fit_ranker,
    outcomes_of,
    read_examples,
    score,
    write_examples,
)

NAMES = ("good", "noise")


def examples(items: int = 30) -> list[Example]:
    """Items of three candidates; the one with 'good' high answers; a third are unanswerable
    (no candidate answers, and every 'good' is low)."""
    found = []
    for i in range(items):
        answerable = i % 3 != 0
        for k in range(3):
            right = answerable and k == i % 3
            good = 1.0 if right else (0.2 if answerable else 0.1) * k
            noise = ((i * 7 + k * 3) % 5) / 5
            found.append(Example("s", f"i{i}", False, answerable, (good, noise), right))
    return found


def test_the_ranker_learns_what_tells_the_answer_apart():
    ranker = fit_ranker(NAMES, examples())
    weights = dict(zip(ranker.features, ranker.weights, strict=True))
    assert weights["good"] > abs(weights["noise"])


def test_the_fitted_model_answers_the_answerable_and_abstains_on_the_rest():
    data = examples()
    model = fit(NAMES, data, "test")
    assert model.threshold == 0.5
    result = score(outcomes_of(model, NAMES, data), model.threshold)
    assert result.answerable == 1.0 and result.unanswerable == 1.0


def test_fitting_is_deterministic():
    assert fit(NAMES, examples(), "t").to_json() == fit(NAMES, examples(), "t").to_json()


def test_training_data_is_written_byte_for_byte_the_same(tmp_path):
    first, second = tmp_path / "a.jsonl.gz", tmp_path / "b.jsonl.gz"
    write_examples(first, NAMES, examples())
    write_examples(second, NAMES, examples())
    assert first.read_bytes() == second.read_bytes()
    assert read_examples(first) == (NAMES, examples())


def test_the_shipped_model_is_what_the_committed_training_data_gives():
    root = shipped_model_path().parents[3]
    names, data = read_examples(root / DATA_FILE)
    assert names == FEATURES
    shipped = shipped_model(FEATURES)
    refit = fit(names, [e for e in data if not e.held_out], shipped.trained_on)
    # the same numbers, up to the last digits another BLAS may round differently
    assert refit.threshold == shipped.threshold
    for mine, theirs in ((refit.ranker, shipped.ranker), (refit.judge, shipped.judge)):
        assert mine.features == theirs.features
        assert mine.weights == pytest.approx(theirs.weights, abs=1e-4)
        assert mine.means == pytest.approx(theirs.means, abs=1e-5)
        assert mine.bias == pytest.approx(theirs.bias, abs=1e-4)


def test_no_held_out_item_is_trained_on():
    root = shipped_model_path().parents[3]
    _, data = read_examples(root / DATA_FILE)
    held = {(e.suite, e.item) for e in data if e.held_out}
    trained = {(e.suite, e.item) for e in data if not e.held_out}
    assert held and trained and not held & trained


def test_a_feature_of_known_direction_never_gets_a_weight_of_the_other_sign():
    # the data make "good" (or a feature named like it) point to the answer
    free = fit_ranker(NAMES, examples())
    lowering = fit_ranker(("type_unmet", "noise"), examples())  # should lower a candidate
    raising = fit_ranker(("similarity", "noise"), examples())
    assert free.weights[0] > 0 and raising.weights[0] > 0
    assert lowering.weights[0] == 0.0  # held at zero, not pushed up
