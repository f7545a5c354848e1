import pytest

from cica_qa.answering.question import check_question
from cica_qa.errors import QuestionError


def test_question_whitespace_is_folded():
    assert check_question("  When   was\nit? ", 100) == "When was it?"


@pytest.mark.parametrize("question", ["", "   ", "\n\t"])
def test_empty_question_is_refused(question):
    with pytest.raises(QuestionError, match="the question is empty"):
        check_question(question, 100)


def test_long_question_names_the_limit_and_variable():
    with pytest.raises(QuestionError, match=r"41 characters; the limit is 40 \(CICA_MAX_QUESTION"):
        check_question("x" * 41, 40)
