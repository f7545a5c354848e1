from cica_qa.types import Answer
from evals.calibrate import abstains_at, best_threshold, sweep
from evals.items import EvalItem
from evals.score import judge

ANSWERABLE = EvalItem("a", "c", "q", ("x",))
UNANSWERABLE = EvalItem("u", "unanswerable", "q", abstain=True)


def result(item, basis, confidence):
    from dataclasses import replace

    return replace(judge(item, Answer("q", "x", False), 1.0), basis=basis, confidence=confidence)


def test_rows_always_answer_and_unknown_terms_always_abstain():
    assert not abstains_at(result(ANSWERABLE, "rows", 0.1), 0.5)
    assert abstains_at(result(UNANSWERABLE, "unknown-terms", 0.9), 0.1)
    assert abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.31)
    assert not abstains_at(result(UNANSWERABLE, "passage", 0.3), 0.3)


def test_the_lowest_threshold_that_reaches_the_target_is_chosen():
    results = [
        result(UNANSWERABLE, "passage", 0.20),
        result(UNANSWERABLE, "passage", 0.30),
        result(ANSWERABLE, "passage", 0.25),
        result(ANSWERABLE, "passage", 0.60),
    ]
    best = best_threshold(sweep(results), target_recall=1.0)
    assert best.threshold == 0.31
    assert (best.abstention_recall, best.false_abstention) == (1.0, 0.5)


def test_without_a_reachable_target_the_best_balance_wins():
    results = [result(UNANSWERABLE, "rows", 0.2), result(ANSWERABLE, "passage", 0.5)]
    best = best_threshold(sweep(results), target_recall=1.0)
    assert best.threshold == 0.0 and best.false_abstention == 0.0
