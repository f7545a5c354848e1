"""Metric arithmetic on a small example checked by hand."""

import pytest

from cica_qa.answering.answer import Answer, Citation
from cica_qa.evals.items import EvalItem, Evidence
from cica_qa.evals.metrics import format_table, measure_all, percentile
from cica_qa.evals.score import judge
from cica_qa.types import Location, Place

LINE = Location("line", 1, 1)

EVIDENCE = (Evidence("b.md", "Areas", "Tourism"),)
HIT = Place("b.md", "Areas", "Tourism")
MISS = Place("b.md", "Areas", "Finance")


def run(item: EvalItem, text: str, abstained: bool, cited: tuple[str, ...], places, ms: float):
    citations = tuple(Citation(i, "b.md", "Areas", LINE, t, 0.5) for i, t in enumerate(cited, 1))
    return judge(item, Answer("q", text, abstained, citations, retrieved=places), ms)


@pytest.fixture
def results():
    tourism = EvalItem("t", "areas", "Who?", ("Tajikistan",), evidence=EVIDENCE)
    finance = EvalItem("f", "areas", "Who?", ("China",), evidence=EVIDENCE)
    nothing = EvalItem("n", "unanswerable", "Why?", abstain=True)
    return [
        # correct, evidence at rank 1, 2 citations of which 1 holds the fact
        run(tourism, "Tajikistan [1] [2]", False, ("Tajikistan", "other"), (HIT, MISS), 10),
        # wrong answer, evidence at rank 2
        run(finance, "India [1]", False, ("India",), (MISS, HIT), 30),
        # correct abstention
        run(nothing, "The documents don't say.", True, (), (), 20),
        # false abstention on an answerable item, evidence not retrieved
        run(tourism, "The documents don't say.", True, (), (MISS,), 40),
    ]


def test_overall_metrics(results):
    overall = measure_all(results)[-1]
    assert (overall.items, overall.passed, overall.accuracy) == (4, 2, 0.5)
    assert overall.citation_support == 1.0  # the one correct answer cites its fact
    assert overall.citation_precision == 0.5  # 1 of its 2 citations holds a fact
    assert (overall.hit_at_1, overall.hit_at_3, overall.hit_at_5) == (1 / 3, 2 / 3, 2 / 3)
    assert overall.mrr == pytest.approx((1 + 1 / 2 + 0) / 3)
    assert overall.abstention_precision == 0.5  # 2 abstentions, 1 on an unanswerable item
    assert overall.abstention_recall == 1.0
    assert overall.false_abstention == pytest.approx(1 / 3)
    assert (overall.latency_p50, overall.latency_p95) == (20, 40)


def test_per_category_then_overall(results):
    metrics = measure_all(results)
    assert [m.category for m in metrics] == ["areas", "unanswerable", "overall"]
    assert metrics[1].hit_at_1 is None and metrics[1].accuracy == 1.0
    table = format_table(metrics)
    assert table.splitlines()[0].startswith("category")
    assert "overall" in table.splitlines()[-1]


def test_percentile_is_nearest_rank():
    assert percentile([5, 1, 3, 2, 4], 0.5) == 3
    assert percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.95) == 10
    assert percentile([], 0.5) == 0.0


def test_held_out_items_are_measured_apart_from_the_rest():
    kept = EvalItem("k", "areas", "Who?", ("Tajikistan",))
    held = EvalItem("h", "areas", "Who?", ("China",), held_out=True)
    rows = measure_all(
        [
            run(kept, "Tajikistan [1]", False, ("Tajikistan",), (), 5),
            run(held, "No", False, (), (), 5),
        ]
    )
    by_name = {m.category: m for m in rows}
    assert [m.category for m in rows] == ["areas", "overall", "held out", "not held out"]
    assert (by_name["held out"].accuracy, by_name["not held out"].accuracy) == (0.0, 1.0)
    assert by_name["overall"].accuracy == 0.5
