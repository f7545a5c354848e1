"""A question as the assistant accepts it (pure)."""

from __future__ import annotations

from cica_qa.errors import QuestionError


def check_question(question: str, max_chars: int) -> str:
    """The question with whitespace folded; QuestionError when empty or too long."""
    folded = " ".join(question.split())
    if not folded:
        raise QuestionError("the question is empty: type a question about CICA")
    if len(folded) > max_chars:
        raise QuestionError(
            f"the question is {len(folded)} characters; the limit is {max_chars} "
            "(CICA_MAX_QUESTION_CHARS): ask a shorter question"
        )
    return folded
