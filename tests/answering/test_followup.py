import pytest

from cica_qa.answering.followup import standalone_question, subject_phrase


def turns(*questions: str) -> list[dict[str, str]]:
    history = []
    for question in questions:
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": "x"}]
    return history


@pytest.mark.parametrize(
    ("previous", "question", "standalone"),
    [
        ("Who coordinates tourism?", "and the co-coordinator?", "the co-coordinator of tourism?"),
        (
            "How often does the Business Council meet?",
            "what about the Youth Council?",
            "How often does the Youth Council meet?",
        ),
        (
            "Who coordinates the human dimension?",
            "who are its co-coordinators?",
            "who are human dimension co-coordinators?",
        ),
        ("Who coordinates tourism?", "and energy security?", "Who coordinates energy security?"),
    ],
)
def test_follow_ups_become_standalone(previous, question, standalone):
    assert standalone_question(question, turns(previous)) == standalone


def test_standalone_questions_are_left_alone():
    history = turns("Who coordinates tourism?")
    assert standalone_question("When was the Almaty Act adopted?", history) == (
        "When was the Almaty Act adopted?"
    )
    assert standalone_question("and the co-coordinator?", []) == "and the co-coordinator?"


def test_follow_ups_chain_through_earlier_turns():
    history = turns("How often does the Business Council meet?", "and the Youth Council?")
    assert standalone_question("and the Women Council?", history) == (
        "How often does the Women Council meet?"
    )


def test_subject_is_the_topic_not_the_ask():
    assert subject_phrase("Who coordinates the development of SMEs?") == "development of SMEs"
    assert subject_phrase("and the co-coordinator?") == ""
