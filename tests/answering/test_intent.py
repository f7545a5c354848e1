import pytest

from cica_qa.answering.intent import read_intent


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("When was the Almaty Act adopted?", "when"),
        ("In which year was the Statute adopted?", "when"),
        ("How often does the SOC meet?", "how_often"),
        ("How many member states does CICA have?", "how_many"),
        ("What is the Secretariat's phone number?", "how_many"),
        ("Who coordinates tourism?", "who"),
        ("Which areas does Iran coordinate?", "which"),
        ("Is Japan a member?", "yes_no"),
    ],
)
def test_kind_of_question(question, kind):
    assert read_intent(question).kind == kind


@pytest.mark.parametrize(
    ("question", "co_role"),
    [
        ("Who coordinates tourism?", False),
        ("tourism co-coordinator?", True),
        ("Who co-coordinates the human dimension?", True),
        ("In which areas is India a coordinator or co-coordinator?", None),
        ("How often does the SOC meet?", None),
    ],
)
def test_main_role_or_co_role(question, co_role):
    assert read_intent(question).co_role is co_role


@pytest.mark.parametrize(
    ("question", "wants_all"),
    [
        ("List CICA's advisory bodies.", True),
        ("What are CICA's working bodies?", True),
        ("Which countries coordinate the economic dimension?", True),
        ("In which priority areas is Bangladesh a co-coordinator?", True),
        ("Who are the co-coordinators of the human dimension?", True),
        ("Who coordinates tourism?", False),
        ("Which country coordinates SMEs?", False),
    ],
)
def test_lists_are_recognised_without_taking_verbs_for_plurals(question, wants_all):
    assert read_intent(question).wants_all is wants_all


def test_definitions_and_name_expansions():
    assert read_intent("What is the Catalogue of CBMs?").definition
    assert not read_intent("What was adopted at the Second Ministerial Meeting?").definition
    assert read_intent("What does TTF stand for?").expansion


def test_questions_about_a_name():
    assert read_intent("What is the PNLU?").about_a_name
    assert read_intent("What is the PRC in CICA?").only_acronyms
    assert not read_intent("What is the CBM Catalogue?").about_a_name
    assert not read_intent("What is the full name of the CICA Summit?").only_acronyms


@pytest.mark.parametrize(
    ("question", "two"),
    [
        ("Where and when was the Lamp Summit held?", True),
        ("When was the Council held, and in what format?", True),
        ("Which paper was approved, and who prepared it?", True),
        ("What did he say when they met?", False),
        ("And who co-coordinates it?", False),
        ("and what about the Lamp Guild?", False),
    ],
)
def test_questions_asking_two_things(question, two):
    assert read_intent(question).asks_two is two


def test_how_many_counts_the_noun_after_it_and_nothing_when_none_follows():
    assert read_intent("How many lamps does the Forum keep?").counted == "lamp"
    assert read_intent("How many of the lamps are lit?").counted == ""
    assert read_intent("Of the 12 lamps, how many are lit?").counted == ""
    assert read_intent("When was the Lantern Charter adopted?").counted == ""
