"""Misspelt question words, read as the words of the passages found."""

from cica_qa.answering.spelling import corrected

PASSAGES = [
    "Natural disaster management: Ruritania is the coordinator.",
    "The Lamp Council met in November 2022 with the Observer States of Turkey.",
    "observer delegations attended.",
]
KNOWN = set(
    "who the in did coordinates disaster lamp council meet met which states came from what "
    "is adopt for".split()
)


def known(word: str) -> bool:
    return word in KNOWN


def rare(word: str) -> float:
    return 1.0


def test_a_rare_word_a_letter_off_a_passage_word_is_read_as_it_in_the_question_s_case():
    assert (
        corrected("Who coordinates natral disaster managment?", PASSAGES, known, rare)
        == "Who coordinates natural disaster management?"
    )
    assert corrected("Did the Lamp Council meet in Novembr 2022?", PASSAGES, known, rare) == (
        "Did the Lamp Council meet in November 2022?"
    )
    assert corrected("Which obsever states came from Turky?", PASSAGES, known, rare) == (
        "Which observer states came from Turkey?"
    )


def test_known_common_short_and_far_off_words_stay_as_written():
    def common(word: str) -> float:
        return 4.0 if word == "slogan" else 1.0

    question = "What slogan did the Lamp Council adopt for Saltmarsh in 2022?"
    assert corrected(question, PASSAGES, known, common) == question
    assert corrected("Who met in Nov 2022?", PASSAGES, known, rare) == "Who met in Nov 2022?"
    assert corrected("What is in the passages?", [], known, rare) == "What is in the passages?"


def test_the_passages_are_not_read_when_no_word_may_be_misspelt():
    class Unread(list):
        def __iter__(self):
            raise AssertionError("the passages were read")

    question = "Who met in the Lamp Council?"
    assert corrected(question, Unread(PASSAGES), known, rare) == question
