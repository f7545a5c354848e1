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


def named_in(*names: tuple[str, str]):
    """A reader that finds these (kind, text) names in any answer that holds them."""
    from cica_qa.types import Mention

    def read(text: str):
        return tuple(Mention(kind, name, name.lower()) for kind, name in names if name in text)

    return read


def exchange(question: str, answer: str) -> list[dict[str, str]]:
    return [{"role": "user", "content": question}, {"role": "assistant", "content": answer}]


def test_he_or_she_is_the_person_the_previous_answer_named():
    history = exchange("Who was the first Chief Warden?", "Ann Lee was the first Chief Warden [1]")
    named = named_in(("person", "Ann Lee"))
    assert standalone_question("When did she retire?", history, named) == "When did Ann Lee retire?"
    assert standalone_question("What was his title?", history, named) == "What was Ann Lee's title?"


def test_it_is_the_thing_the_previous_answer_named_when_one_was_asked_for():
    history = exchange("Which city hosted the fifth Council?", "The fifth Council met in Oslo [1]")
    named = named_in(("place", "Oslo"))
    assert standalone_question("When was it founded?", history, named) == ("When was Oslo founded?")
    # after "who coordinates X?", "it" is still X, not the answer
    other = exchange("Who coordinates tourism?", "Oslo coordinates it [1]")
    assert standalone_question("and who co-coordinates it?", other, named) == (
        "who co-coordinates tourism?"
    )


def test_a_name_the_previous_question_gave_is_not_the_referent():
    history = exchange("Which body did Oslo join?", "Oslo joined the Lamp Guild [1]")
    named = named_in(("place", "Oslo"), ("org", "Lamp Guild"))
    assert standalone_question("When was it founded?", history, named) == (
        "When was Lamp Guild founded?"
    )


def test_that_meeting_is_the_one_the_previous_question_was_about():
    history = exchange("Where did the Lamp Guild meet in May 2020?", "In Oslo [1]")
    assert standalone_question("Who chaired that meeting?", history, named_in()) == (
        "Who chaired that meeting (the Lamp Guild meet in May 2020)?"
    )


def test_he_with_no_person_in_the_answer_keeps_the_previous_question_not_a_date():
    history = exchange("Who chaired the Lamp Guild meeting of 5 May 2020?", "The documents don't")
    named = named_in(("date", "5 May 2020"))
    assert standalone_question("What did he announce?", history, named) == (
        "What did he announce (chaired the Lamp Guild meeting of 5 May 2020)?"
    )


def test_an_abstention_names_no_referent():
    history = exchange(
        "Who chaired the Lamp Guild meeting in Oslo?",
        "The documents don't say: no passage found mentions Ann Lee with the rest of it.",
    )
    named = named_in(("person", "Ann Lee"))
    assert standalone_question("What did he announce?", history, named) == (
        "What did he announce (chaired the Lamp Guild meeting in Oslo)?"
    )


def test_there_and_the_same_city_are_the_place_the_previous_answer_named():
    history = exchange("Where did the Lamp Guild meet in 2020?", "It met in Oslo [1]")
    named = named_in(("place", "Oslo"))
    assert standalone_question("Who spoke there?", history, named) == "Who spoke in Oslo?"
    assert standalone_question("What else is held in the same city?", history, named) == (
        "What else is held in Oslo?"
    )
    # "there is" / "there were" are no place
    assert standalone_question("Were there two meetings?", history, named_in()) != (
        "Were in Oslo two meetings?"
    )


def test_his_country_is_the_country_the_answer_named_with_him():
    history = exchange("Which minister received the Warden?", "Ann Lee, Minister of Ruritania [1]")
    named = named_in(("person", "Ann Lee"), ("place", "Ruritania"))
    assert standalone_question("What does his country coordinate?", history, named) == (
        "What does Ruritania coordinate?"
    )


def test_it_after_which_country_is_the_country_not_another_name_the_answer_gives():
    history = exchange(
        "Which country ran the lamp workshop?", "As head of Lamp Keeping, Ruritania ran it [1]"
    )
    named = named_in(("org", "Lamp Keeping"), ("place", "Ruritania"))
    assert standalone_question("Why did it run it?", history, named) == "Why did Ruritania run it?"


def test_her_is_possessive_before_a_noun_and_the_person_otherwise():
    history = exchange("Who was the first Chief Warden?", "Ann Lee was the first Chief Warden [1]")
    named = named_in(("person", "Ann Lee"))
    assert standalone_question("What was her title?", history, named) == (
        "What was Ann Lee's title?"
    )
    assert standalone_question("When did they appoint her?", history, named) == (
        "When did they appoint Ann Lee?"
    )
    assert standalone_question("Who appointed her as Warden?", history, named) == (
        "Who appointed Ann Lee as Warden?"
    )


def test_it_after_which_country_is_the_country_the_answer_gives_as_the_country():
    # the reader took a column's label for a place too: the place written as the country wins
    history = exchange(
        "Which country hosted the Forum in 2014?", "Period: 2014; Hosting country: Ruritania [1]"
    )
    named = named_in(("place", "Hosting"), ("place", "Ruritania"))
    assert standalone_question("When did it join?", history, named) == "When did Ruritania join?"
