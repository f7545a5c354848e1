import pytest

from cica_qa.answering.answer_type import (
    asks_for_a_name,
    new_names,
    unmet_answer_type,
    unmet_restriction,
)
from cica_qa.answering.intent import read_intent
from cica_qa.normalize import normalise


def test_a_restricting_word_missing_from_the_answer_is_reported():
    question = normalise("Who was the first head of the Secretariat?")
    assert unmet_restriction(question, "The Chief Lamplighter heads the Secretariat.") == "first"
    assert unmet_restriction(question, "The First Lamplighter headed the Secretariat.") == ""


def test_an_ordinal_before_a_position_word_picks_from_a_list():
    question = normalise("What is the first item of the Road Map?")
    assert unmet_restriction(question, "Elaborating a charter") == ""


def test_a_date_asked_for_needs_a_date():
    intent = read_intent("On what date is the next assembly?")
    assert "date" in unmet_answer_type(intent, "The assembly meets every next three years", None)
    assert unmet_answer_type(intent, "The next assembly opens on 3 March 2027", None) == ""


def test_when_needs_a_time_or_a_frequency():
    intent = read_intent("When does the Council of Wardens meet?")
    assert unmet_answer_type(intent, "The Council of Wardens meets in Brightwater", None) != ""
    assert unmet_answer_type(intent, "Not less than four times a year", None) == ""
    assert unmet_answer_type(intent, "Adopted in 1987", None) == ""


def test_how_often_needs_a_frequency():
    intent = read_intent("How often does the Council of Wardens meet?")
    assert "how often" in unmet_answer_type(intent, "The Council met in Brightwater in 2014", None)
    for said in ("Every four years", "Not less than twice a year", "Ad hoc", "It meets annually"):
        assert unmet_answer_type(intent, said, None) == ""


def test_who_and_which_countries_ask_for_a_name():
    assert asks_for_a_name(read_intent("Who heads the Secretariat?"))
    assert asks_for_a_name(read_intent("Which countries are observers?"))
    assert asks_for_a_name(read_intent("What is the name of the charter?"))
    assert not asks_for_a_name(read_intent("Which principle concerns force?"))
    assert not asks_for_a_name(read_intent("How often does the Council meet?"))


def test_names_are_capitalised_words_inside_a_sentence_that_the_question_lacks():
    question = "Who heads the Secretariat?"
    assert new_names(question, "The Chief Lamplighter heads the Secretariat.") == [
        "Chief",
        "Lamplighter",
    ]
    # capitalised only because they start the sentence or a list item
    assert new_names(question, "Sovereign equality; Territorial integrity") == []
    assert new_names(question, "The Secretariat keeps records.") == []


def test_a_name_question_answered_without_a_name_is_unmet():
    intent = read_intent("Which countries are observer states?")
    text = "Sovereign equality; Refraining from the threat or use of force"
    assert "names" in unmet_answer_type(intent, text, named=text)
    assert unmet_answer_type(intent, text, named=None) == ""  # table cells are names already
    listed = "Observer states: Atlantis, Lemuria"
    assert unmet_answer_type(intent, listed, named="Observers include Atlantis and Lemuria") == ""


def test_an_ordinal_holds_in_any_spelling_when_it_counts_the_same_thing():
    asked = "Where was the fifth Lamp Council meeting held?"
    question = normalise(asked)
    assert (
        unmet_restriction(question, "The 5th Lamp Council meeting met in Brightwater.", "", asked)
        == ""
    )
    assert unmet_restriction(question, "The Fifth Avenue office opened.", "", asked) == "fifth"
    # the passage the answer is quoted from may say which one it is
    passage = "The Fifth Lamp Council meeting opened in Brightwater. It adopted the plan."
    assert unmet_restriction(question, "It adopted the plan.", passage, asked) == ""


def test_where_asks_for_a_place_the_question_does_not_name():
    intent = read_intent("Where does the Council of Wardens meet?")
    assert unmet_answer_type(intent, "x", "The Council of Wardens meets often") != ""
    assert unmet_answer_type(intent, "x", "The Council of Wardens meets in Brightwater") == ""


def test_a_restricting_word_used_as_a_verb_restricts_nothing():
    question = normalise("Which plan did the minister present at the assembly?")
    assert unmet_restriction(question, "The minister outlined the harbour plan.") == ""
    assert unmet_restriction(normalise("How long did it last?"), "Two days.") == ""
    assert unmet_restriction(normalise("Who is the present Warden?"), "Ann Lee") == "present"


def test_when_needs_a_date_the_question_does_not_give_itself():
    intent = read_intent("When in 2008 did the wardens meet?")
    assert "beyond" in unmet_answer_type(intent, "Year 2008 — the wardens met", None)
    assert unmet_answer_type(intent, "The wardens met on 5 May 2008", None) == ""
    assert unmet_answer_type(intent, "In 2008 the wardens met every month", None) == ""


def test_an_exact_day_asked_for_needs_a_day():
    intent = read_intent("On what exact day in May 2008 did the wardens meet?")
    assert "day" in unmet_answer_type(intent, "The wardens met in May 2008", None)
    assert "day" in unmet_answer_type(intent, "The wardens met in June 2009", None)
    assert unmet_answer_type(intent, "The wardens met on 5 May 2008", None) == ""


def test_how_many_needs_a_number_the_question_does_not_give():
    intent = read_intent("How many wardens attended the 2008 assembly of the two councils?")
    assert "number" in unmet_answer_type(intent, "The 2008 assembly met in Brightwater", None)
    assert "number" in unmet_answer_type(intent, "The two councils met", None)
    assert unmet_answer_type(intent, "Forty-two wardens attended", None) == ""


def test_a_day_written_as_an_ordinal_is_a_date_not_a_restriction():
    question = "What did the wardens adopt on May 3rd and 4th, 2024?"
    assert unmet_restriction(normalise(question), "They adopted a plan.", "", question) == ""


def test_a_citation_place_is_no_number():
    intent = read_intent("How many wardens attended the assembly?")
    assert "number" in unmet_answer_type(intent, "Venue: Brightwater — 6th {1}", None)
    assert unmet_answer_type(intent, "Wardens: 42 {1}", None) == ""


@pytest.mark.parametrize(
    "question",
    [
        "How much did the Lantern Forum cost to build?",
        "How much money did Ruritania set aside for it?",
        "What is the annual budget of the Lumen Forum?",
        "What was the total amount of the Forum's 2024 budget?",
        "What salary does the Chief Warden receive?",
    ],
)
def test_a_sum_of_money_asked_for_needs_a_currency_or_a_large_number(question):
    intent = read_intent(question)
    assert unmet_answer_type(intent, "The Forum adopted its 2024 budget in March.", None)
    for answer in ("It cost 4 million.", "The budget is $120,000.", "It paid 300 euros."):
        assert unmet_answer_type(intent, answer, None) == ""


def test_how_much_of_something_or_which_budget_asks_for_no_sum():
    share = read_intent("How much of the world's population does the Forum cover?")
    assert unmet_answer_type(share, "About 40 per cent of it.", None) == ""
    which = read_intent("What budget did the Forum adopt in March?")
    assert unmet_answer_type(which, "The Forum adopted its 2024 budget in March.", None) == ""


def test_a_follow_ups_added_context_restricts_nothing():
    asked = "When did the council act on it (the board recommend about the next chair)?"
    answer = "The council acted on the recommendation on 19 March."
    assert unmet_restriction(normalise(asked), answer, "", asked) == ""
    own = "When will the next chair take office?"
    assert unmet_restriction(normalise(own), answer, "", own) == "next"


def test_an_abbreviation_of_a_name_the_question_gives_is_no_new_name():
    question = "Who chaired the Lamp Safety Board meeting of 5 May?"
    said = "Discussion went on at the meeting of the Lamp Safety Board (LSB), held on 5 May."
    assert new_names(question, said) == []
    assert new_names(question, f"{said} It was chaired by Ann Lee.") == ["Ann", "Lee"]
    # each name of a run joined by "and" gives its own
    both = "What did the Council of Wardens and the Lamp Safety Board decide?"
    assert new_names(both, "The CW and the LSB adopted a plan.") == []
    # the check reads the question as written, capitals and all
    intent = read_intent(question)
    assert unmet_answer_type(intent, said, said) == (
        "no passage found names who or what is asked for"
    )


def test_a_name_opening_the_sentence_counts_when_reading_found_it():
    from cica_qa.answering.answer_type import new_names

    who = read_intent("Who chairs the Lumen Forum?")
    said = "Ruritania chairs the Lumen Forum for 2024-2026."
    assert unmet_answer_type(who, said, said) != ""  # capitalised by position alone
    assert unmet_answer_type(who, said, said, "", ["Ruritania"]) == ""
    assert new_names("Who chairs it?", "The Chair meets.", ["Ruritania"]) == []
