from cica_qa.answering.answer import Answer, Citation
from cica_qa.evals.html_report import bar_chart, render_html
from cica_qa.evals.items import EvalItem
from cica_qa.evals.metrics import measure_all
from cica_qa.evals.score import judge
from cica_qa.types import Location

LINE = Location("line", 1, 1)


def test_page_is_self_contained_escaped_and_lists_failures():
    item = EvalItem("x", "areas", "Who <b>coordinates</b>?", ("Tajikistan",))
    cited = (Citation(1, "b.md", "S", LINE, "<script>alert(1)</script>", 0.5),)
    result = judge(item, Answer("q", "<img src=x onerror=alert(1)>", False, cited), 5)
    page = render_html(measure_all([result]), [result], "2026-11-27", "evals/q.yaml")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Who &lt;b&gt;coordinates&lt;/b&gt;?" in page
    assert "<svg" in page and "http://" not in page.replace(
        'xmlns="http://www.w3.org/2000/svg"', ""
    )


def test_chart_has_a_bar_per_category():
    item = EvalItem("x", "areas", "q", ("a",))
    metrics = measure_all([judge(item, Answer("q", "a", False), 1)])
    assert [bar["category"] for bar in bar_chart(metrics)["bars"]] == ["areas", "overall"]
    page = render_html(metrics, [], "2026-11-27", "q.yaml")
    assert page.count("<rect") == 2


def _results():
    good = EvalItem("good", "areas", "q1", ("a",))
    bad = EvalItem("bad", "areas", "q2", ("b",))
    later = EvalItem("later", "areas", "q3", ("c",))
    return [judge(i, Answer("q", "a", False), 1) for i in (later, good, bad)]


def test_bars_are_coloured_against_the_gate_and_columns_read_as_words():
    from cica_qa.evals.html_report import BAD, GOOD, NEAR, PLAIN, RunFacts

    metrics = measure_all(_results())  # areas and overall: one of three right
    plain = bar_chart(metrics)["bars"]
    assert plain[0]["colour"] == PLAIN and plain[0]["gate"] is None
    assert [b["colour"] for b in bar_chart(metrics, RunFacts(min_accuracy=0.3))["bars"]] == [
        GOOD,
        GOOD,
    ]
    assert bar_chart(metrics, RunFacts(min_accuracy=0.35))["bars"][0]["colour"] == NEAR
    gated = bar_chart(metrics, RunFacts(min_accuracy=0.9))["bars"][0]
    assert gated["colour"] == BAD and gated["verdict"] == "under the gate of 90%"
    page = render_html(metrics, [], "2026-11-27", "q.yaml", RunFacts(min_accuracy=0.9))
    assert "Evidence ranked 1st" in page and "hit_at_1" not in page and "<line" in page


def test_the_page_says_what_it_ran_against_and_lists_newly_failing_items_first():
    from cica_qa.evals.compare import compare
    from cica_qa.evals.html_report import RunFacts

    results = _results()
    now = {r.item.id: r.passed for r in results}
    facts = RunFacts(
        corpus="evals/corpora/x",
        index=".cica/eval-x",
        model="all-MiniLM-L6-v2",
        commit="abc1234",
        previous="2026-11-26T10:00:00+00:00",
        changes=compare({"later": True, "bad": False, "good": False}, now),
    )
    page = render_html(measure_all(results), results, "2026-11-27", "q.yaml", facts)
    for fact in ("evals/corpora/x", ".cica/eval-x", "all-MiniLM-L6-v2", "abc1234"):
        assert fact in page
    assert "1 newly failing, 1 newly passing" in page
    assert page.index('<h3><span class="new">newly failing</span> later') < page.index("<h3>bad")
