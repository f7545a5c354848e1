from evals.items import EvalItem
from evals.score import contains_fact, fact_key, judge, summarise

DATED = EvalItem("d", "dates", "When?", ("2002", "Almaty Act"))
NONE = EvalItem("n", "unanswerable", "Why?", abstain=True)


def test_fact_key_ignores_case_accents_and_punctuation():
    assert fact_key("TÜRKIYE, s-cica.org!") == "turkiye s cica org"


def test_facts_match_whole_words_only():
    assert contains_fact("Adopted 4 June 2002 [1]", "2002")
    assert not contains_fact("Adopted in 20021", "2002")
    assert contains_fact("Kazakhstan, Thailand, Türkiye", "turkiye")


def test_answerable_item_needs_every_fact_and_no_abstention():
    assert judge(DATED, "The Almaty Act, 2002 [1]", False, 1.0).passed
    missing = judge(DATED, "It was 2002 [1]", False, 1.0)
    assert not missing.passed and missing.missing == ("Almaty Act",)
    assert not judge(DATED, "Almaty Act 2002", True, 1.0).passed


def test_unanswerable_item_passes_only_by_abstaining():
    assert judge(NONE, "The documents don't say.", True, 1.0).passed
    assert not judge(NONE, "Because of 2002 [1]", False, 1.0).passed


def test_summary_per_category_then_overall():
    results = [
        judge(DATED, "Almaty Act 2002", False, 1),
        judge(NONE, "x", False, 1),
        judge(NONE, "", True, 1),
    ]
    scores = summarise(results)
    assert [(s.category, s.passed, s.total) for s in scores] == [
        ("dates", 1, 1),
        ("unanswerable", 1, 2),
        ("overall", 2, 3),
    ]
    assert scores[-1].accuracy == 2 / 3
