"""Whether a question is in English: other scripts, and Latin-script words commoner in
another language, with wordfreq's own (offline) data."""

import pytest

from cica_qa.answering.language import language_of, wordfreq_frequencies

FREQUENCIES = wordfreq_frequencies()


@pytest.mark.parametrize(
    ("question", "name"),
    [
        ("Qui coordonne le tourisme ?", "French"),
        ("¿Quién coordina el turismo?", "Spanish"),
        ("Wer koordiniert den Tourismus?", "German"),
        ("Кто координирует туризм?", ""),
        ("谁负责旅游？", ""),
    ],
)
def test_a_question_in_another_language_is_not_english(question, name):
    assert language_of(question, FREQUENCIES).english is False
    assert language_of(question, FREQUENCIES).name == name


@pytest.mark.parametrize(
    "question",
    [
        "Who coordinates tourism?",
        "who cordinates turism",  # misspelt, still English
        "When did Kassym-Jomart Tokayev open the Astana Summit?",  # names are not a language
        "CICA?",
        "",
    ],
)
def test_english_questions_with_names_and_typos_are_english(question):
    assert language_of(question, FREQUENCIES).english


def test_the_assistant_says_the_documents_are_in_english_and_shows_the_closest(
    memory_assistant,
):
    answer = memory_assistant.ask("Qui a adopté la Charte des Lanternes ?")
    assert answer.abstained and "The documents are in English" in answer.text
    assert "French" in answer.text and answer.related
    assert answer.decision.unmet == "the question is not in English"
    assert "total" in answer.timings_ms
