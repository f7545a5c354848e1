"""Titles people hold, read off the passages: "which <title> …" asks for a person."""

from cica_qa.answering.intent import read_intent
from cica_qa.answering.roles import asks_for_a_person, titles_in, untitled
from cica_qa.types import Chunk, Hit, Location, Mention

ANN = Mention("person", "Ann Lee", "ann lee")
BO = Mention("person", "Bo Tan", "bo tan")
RURITANIA = Mention("place", "Ruritania", "ruritania")


def hit(text: str, mentions) -> Hit:
    return Hit(Chunk("a", "doc.md", "Forum", Location("line", 1, 2), text, mentions=mentions), 0.7)


def test_titles_are_the_capitals_before_a_name_and_an_apposition_before_of():
    passage = (
        "On 5 March Foreign Minister Ann Lee opened the meeting. "
        "Bo Tan, Deputy Director of the Lamp Office, spoke next."
    )
    titles = titles_in([hit(passage, (ANN, BO))])
    assert {"foreign", "minist", "deputi", "director"} <= titles
    assert "march" not in titles and "lamp" not in titles and "open" not in titles


def test_names_months_and_abbreviations_are_no_titles():
    passage = "In March Ruritania LFO Ann Lee spoke. Delegates came from Ruritania, Saltmarsh."
    titles = titles_in([hit(passage, (ANN, RURITANIA))])
    assert titles == frozenset()


def test_which_title_asks_for_a_person_which_thing_does_not():
    titles = titles_in([hit("Deputy Minister Ann Lee chaired it.", (ANN,))])
    assert asks_for_a_person(read_intent("Which Ruritanian deputy minister chaired it?"), titles)
    assert not asks_for_a_person(read_intent("Which country chaired it?"), titles)
    assert not asks_for_a_person(read_intent("Who chaired it?"), titles)  # "who" already does
    assert not asks_for_a_person(read_intent("Which minister chaired it?"), frozenset())
    # the ministers did something: what they did is asked for
    assert not asks_for_a_person(read_intent("What did the deputy ministers adopt?"), titles)


def test_a_person_the_passages_name_only_with_another_title_makes_a_false_premise():
    hits = [
        hit("Deputy Chief Warden Ann Lee opened the meeting.", (ANN,)),
        hit("Chief Warden Bo Tan spoke next.", (BO,)),
    ]
    assert (
        untitled("When was Ann Lee appointed Chief Warden?", ["Ann Lee"], hits)
        == "no passage found names Ann Lee as Chief Warden"
    )
    assert untitled("When was Bo Tan appointed Chief Warden?", ["Bo Tan"], hits) == ""
    assert untitled("When was Ann Lee appointed Deputy Chief Warden?", ["Ann Lee"], hits) == ""


def test_a_title_in_a_table_cell_or_a_person_no_passage_names_is_not_held_against_it():
    row = hit("Heads — Name: Ann Lee; Post: Chief Warden; Period: 2006-2008", (ANN,))
    titled = hit("Chief Warden Bo Tan spoke.", (BO,))
    assert untitled("When was Ann Lee Chief Warden?", ["Ann Lee"], [row, titled]) == ""
    assert untitled("When was Cy Ode appointed Chief Warden?", ["Cy Ode"], [titled]) == ""
