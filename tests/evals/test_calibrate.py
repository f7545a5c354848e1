from dataclasses import replace

from cica_qa.answering.answer import Answer, Basis, Decision
from cica_qa.evals.calibrate import abstains_at, best_threshold, reaching_target, sweep
from cica_qa.evals.items import EvalItem
from cica_qa.evals.score import judge

ANSWERABLE = EvalItem("a", "c", "q", ("x",))
UNANSWERABLE = EvalItem("u", "unanswerable", "q", abstain=True)


def result(item, basis, confidence, coverage=0.0, unmet=""):
    decision = Decision(Basis(basis), confidence, coverage, unmet)
    return judge(item, replace(Answer("q", "x", False), decision=decision), 1.0)


def test_rows_always_answer_and_unknown_terms_always_abstain():
    assert not abstains_at(result(ANSWERABLE, "rows", 0.1), 0.5)
    assert abstains_at(result(UNANSWERABLE, "unknown-terms", 0.9), 0.1)
    assert abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.31)
    assert not abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.3)


def test_an_answer_that_does_not_give_what_is_asked_abstains_at_any_threshold():
    assert abstains_at(result(UNANSWERABLE, "passage", 0.9, unmet="no date"), 0.0)
    assert abstains_at(result(UNANSWERABLE, "rows", 0.9, unmet="no date"), 0.0)
    assert abstains_at(result(UNANSWERABLE, "no-candidate", 0.9), 0.0)


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
    results = [result(UNANSWERABLE, "rows", 0.2), result(ANSWERABLE, "passage", 0.5)]
    assert reaching_target(sweep(results), target_recall=1.0) is None
    assert best_threshold(sweep(results)).threshold == 0.0


def test_a_span_holding_the_question_words_answers_at_any_threshold():
    assert not abstains_at(result(ANSWERABLE, "passage", 0.1, coverage=0.8), 0.5)
    assert abstains_at(result(ANSWERABLE, "passage", 0.1, coverage=0.5), 0.5)
