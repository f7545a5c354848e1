from cica_qa.answering.answer import Answer, Citation
from cica_qa.evals.items import EvalItem, Evidence
from cica_qa.evals.score import contains_fact, evidence_rank, fact_key, judge
from cica_qa.types import Location, Place

LINE = Location("line", 1, 1)

DATED = EvalItem("d", "dates", "When?", ("2002", "Almaty Act"))
NONE = EvalItem("n", "unanswerable", "Why?", abstain=True)


def answer(text: str, abstained: bool = False, cited: tuple[str, ...] = ()) -> Answer:
    citations = tuple(Citation(i, "b.md", "S", LINE, t, 0.5) for i, t in enumerate(cited, 1))
    return Answer("q", text, abstained, citations)


def test_fact_key_ignores_case_accents_and_punctuation():
    assert fact_key("TÜRKIYE, s-cica.org!") == "turkiye s cica org"


def test_facts_match_whole_words_only():
    assert contains_fact("Adopted 4 June 2002 [1]", "2002")
    assert not contains_fact("Adopted in 20021", "2002")
    assert contains_fact("Kazakhstan, Thailand, Türkiye", "turkiye")


def test_answerable_item_needs_every_fact_and_no_abstention():
    assert judge(DATED, answer("The Almaty Act, 2002 [1]"), 1.0).passed
    missing = judge(DATED, answer("It was 2002 [1]"), 1.0)
    assert not missing.passed and missing.missing == ("Almaty Act",)
    assert not judge(DATED, answer("Almaty Act 2002", abstained=True), 1.0).passed


def test_any_of_and_forbid():
    item = EvalItem(
        "f",
        "bodies",
        "How often?",
        any_of=("twice a year", "two times a year"),
        forbid=("once a year",),
    )
    assert judge(item, answer("Not less than twice a year [1]"), 1).passed
    wrong = judge(item, answer("twice a year, or once a year [1]"), 1)
    assert not wrong.passed and wrong.forbidden == ("once a year",)
    assert judge(item, answer("ad hoc [1]"), 1).missing == ("twice a year | two times a year",)


def test_unanswerable_item_passes_only_by_abstaining():
    assert judge(NONE, answer("The documents don't say.", abstained=True), 1.0).passed
    assert not judge(NONE, answer("Because of 2002 [1]"), 1.0).passed


def test_citation_support_and_precision():
    result = judge(DATED, answer("Almaty Act, 2002 [1] [2]", cited=("Almaty Act 2002", "other")), 1)
    assert result.supported and result.precise_citations == 1
    unsupported = judge(DATED, answer("Almaty Act, 2002 [1]", cited=("2002 only",)), 1)
    assert not unsupported.supported


def test_evidence_rank_is_the_first_matching_place():
    wanted = (Evidence("b.md", "Catalogue › Economic", "Tourism"),)
    retrieved = (
        Place("b.md", "Catalogue › Economic", "Finance"),
        Place("b.md", "Catalogue › Economic", "tourism"),
    )
    assert evidence_rank(retrieved, wanted) == 2
    assert evidence_rank(retrieved[:1], wanted) is None
    assert evidence_rank(retrieved, (Evidence("b.md", "Catalogue › Economic"),)) == 1


def test_an_earlier_fact_must_be_in_the_earlier_line():
    from dataclasses import replace

    item = EvalItem("c", "conflicts", "Who chairs it?", ("Borduria",), earlier=("Ruritania",))
    said = replace(
        answer("Borduria [1]"), earlier="Earlier documents said: Ruritania [2] (a, 2019)."
    )
    assert judge(item, said, 1).passed
    unsaid = judge(item, answer("Borduria [1]"), 1)
    assert not unsaid.passed and unsaid.missing == ("earlier: Ruritania",)
    mixed = judge(item, replace(said, text="Borduria, after Ruritania [1]"), 1)
    assert mixed.passed  # the answer may name the earlier one too
