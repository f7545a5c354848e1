from cica_qa.answering.intent import read_intent
from cica_qa.answering.replies import abstention, quoted_answer, row_answer
from cica_qa.answering.spans import spans_of
from cica_qa.answering.tables import RowAnswer
from cica_qa.types import Chunk, Hit, Location


def hit(text: str, score: float = 0.8, line_start: int = 1, cells=()) -> Hit:
    chunk = Chunk(
        "id", "doc.md", "Bodies", Location("line", line_start, line_start + 3), text, cells
    )
    return Hit(chunk, score)


def test_extractive_answer_cites_the_passage_it_quotes():
    span = spans_of([hit("Adopted in 1987.", 0.7, line_start=12)], read_intent("When?"))[0]
    answer = quoted_answer("When?", span)
    assert answer.text == "Adopted in 1987. [1]"
    assert not answer.abstained
    (citation,) = answer.citations
    assert (citation.number, citation.document, str(citation.location)) == (
        1,
        "doc.md",
        "lines 12-15",
    )
    assert "Adopted in 1987." in citation.text


def test_abstention_has_no_citations_but_shows_related_passages():
    answer = abstention(
        "What is the capital of France?",
        "the documents never mention France",
        [hit("Something close.", 0.3)],
    )
    assert answer.abstained and not answer.citations
    assert answer.text == "The documents don't say: the documents never mention France."
    assert [c.text for c in answer.related] == ["Something close."]


def test_row_answer_turns_placeholders_into_numbered_citations():
    rows = RowAnswer((hit("row one"), hit("row two")), "A {1}; B {2}")
    answer = row_answer("q", rows)
    assert answer.text == "A [1]; B [2]"
    assert [c.number for c in answer.citations] == [1, 2]
