from dataclasses import replace

from cica_qa.answering.answer import Answer, Basis, Decision
from cica_qa.evals.calibrate import abstains_at, best_threshold, reaching_target, sweep
from cica_qa.evals.items import EvalItem
from cica_qa.evals.score import judge

ANSWERABLE = EvalItem("a", "c", "q", ("x",))
UNANSWERABLE = EvalItem("u", "unanswerable", "q", abstain=True)


def result(item, basis, confidence, unmet=""):
    decision = Decision(Basis(basis), confidence, unmet)
    return judge(item, replace(Answer("q", "x", False), decision=decision), 1.0)


def test_an_answer_abstains_below_the_threshold_whatever_it_rests_on():
    assert not abstains_at(result(ANSWERABLE, "rows", 0.6), 0.5)
    assert abstains_at(result(ANSWERABLE, "rows", 0.4), 0.5)
    assert abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.31)
    assert not abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.3)


def test_no_candidate_abstains_at_any_threshold_and_unmet_only_explains():
    assert abstains_at(result(UNANSWERABLE, "no-candidate", 0.9), 0.0)
    assert not abstains_at(result(ANSWERABLE, "passage", 0.9, unmet="no date"), 0.5)


def test_the_best_balance_is_chosen_and_the_target_shown_with_its_cost():
    results = [
        result(UNANSWERABLE, "passage", 0.20),
        result(UNANSWERABLE, "passage", 0.30),
        result(ANSWERABLE, "passage", 0.25),
        result(ANSWERABLE, "passage", 0.60),
    ]
    outcomes = sweep(results)
    best = best_threshold(outcomes)
    assert best.threshold == 0.21  # 1 wrong decision: one unanswerable item answered
    assert (best.abstention_recall, best.false_abstention, best.errors) == (0.5, 0.0, 1)
    target = reaching_target(outcomes, target_recall=1.0)
    assert target.threshold == 0.31 and target.false_abstention == 0.5


def test_no_reachable_target_is_none():
    results = [result(UNANSWERABLE, "rows", 0.9), result(ANSWERABLE, "passage", 0.5)]
    assert reaching_target(sweep(results), target_recall=1.0) is None
    assert best_threshold(sweep(results)).threshold == 0.0
