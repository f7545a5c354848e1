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
