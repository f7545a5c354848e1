"""Answers and citations: dates attached to every source."""

from cica_qa.answering.answer import Answer, Citation, with_dates
from cica_qa.types import DocumentDate, Location


def citation(document: str, number: int = 1) -> Citation:
    return Citation(number, document, "", Location("line", 1, 1), "text", 0.5)


def test_with_dates_dates_citations_and_related_passages_by_their_document():
    dates = {"a.md": DocumentDate("2024-03-05", "dateline")}
    answer = Answer(
        "q", "t [1]", False, (citation("a.md"), citation("b.md", 2)), related=(citation("a.md"),)
    )
    dated = with_dates(answer, dates)
    assert [(c.date, c.date_source) for c in dated.citations] == [
        ("2024-03-05", "dateline"),
        ("", ""),
    ]
    assert dated.related[0].when == "5 March 2024" and dated.citations[1].when == "undated"
