"""The answer model file: read, checked against the features, and applied."""

import json

import pytest

from cica_qa.answering.features import FEATURES
from cica_qa.answering.model import JUDGED, AnswerModel, Linear, model_from_json, shipped_model
from cica_qa.errors import ConfigError


def model(weight: float = 2.0, threshold: float = 0.5) -> AnswerModel:
    names = ("a", "b")
    ranker = Linear(names, (0.0, 1.0), (1.0, 2.0), (weight, 0.0))
    judged = (*names, *JUDGED)
    judge = Linear(judged, (0.0,) * 4, (1.0,) * 4, (0.0, 0.0, 1.0, 0.0), -1.0)
    return AnswerModel(ranker, judge, threshold, "test")


def test_the_ranker_weighs_standardised_features():
    assert model().utility({"a": 1.0, "b": 5.0}) == 2.0  # b has no weight
    assert model(weight=-1.0).utility({"a": 3.0, "b": 0.0}) == -3.0


def test_the_probability_rises_with_the_best_candidates_utility():
    m = model()
    low, high = m.probability({"a": 0, "b": 0}, 0.0, 1.0), m.probability({"a": 0, "b": 0}, 3.0, 1.0)
    assert 0.0 < low < 0.5 < high < 1.0


def test_a_model_survives_its_json_file():
    m = model()
    assert model_from_json(m.to_json(), "m.json", ("a", "b")) == m


def test_a_model_fitted_on_other_features_or_broken_names_the_fix():
    with pytest.raises(ConfigError, match=r"other features.*cica-qa eval --train"):
        model_from_json(model().to_json(), "m.json", ("a", "c"))
    with pytest.raises(ConfigError, match=r"m\.json cannot be read"):
        model_from_json("{not json", "m.json", ("a", "b"))
    data = json.loads(model().to_json())
    data["format"] = 99
    with pytest.raises(ConfigError, match="format 99"):
        model_from_json(json.dumps(data), "m.json", ("a", "b"))


def test_the_shipped_model_fits_todays_features_and_threshold_is_a_probability():
    shipped = shipped_model(FEATURES)
    assert shipped.ranker.features == FEATURES and 0.0 < shipped.threshold < 1.0
    assert any(w != 0.0 for w in shipped.ranker.weights)


def test_closeness_only_ranks_by_similarity_and_answers_everything():
    m = AnswerModel.closeness_only(FEATURES)
    values = dict.fromkeys(FEATURES, 0.0)
    assert m.utility({**values, "similarity": 0.9}) > m.utility({**values, "similarity": 0.1})
    assert m.probability(values, 0.0, 0.0) >= m.threshold
