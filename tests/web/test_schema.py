"""The answer JSON: what the API and `cica-qa ask --json` print, and an answer read back
from it (a saved answer reopened in the chat)."""

import pytest

from cica_qa.answering.answer import Answer, Citation
from cica_qa.types import Location
from cica_qa.web.schema import AnswerJSON


def citation(number: int, location: Location) -> Citation:
    return Citation(
        number,
        "lamps.md",
        "History",
        location,
        "The charter was adopted.",
        0.8123,
        date="2025-02-27",
        date_source="dateline",
    )


def test_an_answer_reads_back_from_its_json_as_it_was_shown():
    answer = Answer(
        "When?",
        "In 1987. [1] [2]",
        False,
        (citation(1, Location("line", 3, 7)), citation(2, Location("page", 2, 2))),
        earlier="Earlier documents said 1986. [2]",
        standalone_question="When was it adopted?",
        notice="a note",
    )
    again = AnswerJSON.model_validate(AnswerJSON.of(answer).model_dump()).to_answer()
    assert again.id == answer.id
    assert again.citations == tuple(
        c.__class__(**{**c.__dict__, "score": round(c.score, 4)}) for c in answer.citations
    )
    for name in ("question", "text", "abstained", "earlier", "standalone_question", "notice"):
        assert getattr(again, name) == getattr(answer, name)


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("line 3", Location("line", 3, 3)),
        ("lines 3-7", Location("line", 3, 7)),
        ("pages 2-3", Location("page", 2, 3)),
        ("paragraph 4", Location("paragraph", 4, 4)),
    ],
)
def test_a_location_reads_back_from_what_it_prints(text, location):
    assert Location.parse(text) == location and str(location) == text


@pytest.mark.parametrize("text", ["", "line", "lines x-3", "rows 1-2", "lines 3-", "line 0"])
def test_anything_else_is_no_location(text):
    with pytest.raises(ValueError):
        Location.parse(text)
