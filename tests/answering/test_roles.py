"""Titles people hold, read off the passages: "which <title> …" asks for a person."""

from cica_qa.answering.intent import read_intent
from cica_qa.answering.roles import asks_for_a_person, titles_in
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
