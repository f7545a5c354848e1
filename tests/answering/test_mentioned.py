"""Names a question gives, held against what was found of a passage's documents (pure)."""

from cica_qa.answering.mentioned import as_written, names_what_is_asked, unnamed
from cica_qa.types import Chunk, Hit, Location, Mention


def place(text: str) -> Mention:
    return Mention("place", text, text.lower())


def test_a_person_or_place_no_text_names_is_why_none_can_answer():
    texts = ["The Lumen Forum met in Saltmarsh on 5 May."]
    assert unnamed([place("Saltmarsh")], texts) == ""
    assert unnamed([place("Duskport")], texts) == "no passage found mentions Duskport"
    person = Mention("person", "Ann Lee", "ann lee")
    assert "Ann Lee" in unnamed([place("Saltmarsh"), person], texts)


def test_possessives_misspellings_and_glossary_names_still_name_it():
    texts = ["The Lumen Forum met in Saltmarsh, capital of Ruritania."]
    assert unnamed([Mention("place", "Saltmarsh's", "saltmarsh s")], texts) == ""
    assert unnamed([place("Saltmarch")], texts) == ""  # a letter wrong
    assert unnamed([place("Saltwick")], texts) != ""  # another place
    assert unnamed([place("Old Ruritania")], texts, aliases={"old ruritania", "ruritania"}) == ""
    assert unnamed([place("Old Ruritania")], texts) != ""


def test_organisations_dates_and_the_corpus_own_names_are_not_held_against_it():
    texts = ["The Forum met."]
    assert unnamed([Mention("org", "Lamp Guild", "lamp guild")], texts) == ""
    assert unnamed([Mention("place", "May 2020", "may 2020")], texts) == ""
    assert unnamed([place("Saltmarsh")], texts, common=frozenset({"saltmarsh"})) == ""


def _hit(text: str, mentions: tuple[Mention, ...]) -> Hit:
    chunk = Chunk("c1", "a.md", "A", Location("line", 1, 1), text, mentions=mentions)
    return Hit(chunk, 1.0)


def test_a_name_the_question_writes_is_given_though_the_reader_missed_it_there():
    hit = _hit("Saltmarsh hosted it.", (place("Saltmarsh"),))
    question = as_written("Who met in Saltmarsh?", (), [hit])
    assert [m.value for m in question] == ["saltmarsh"]
    # a passage naming only that place names no one new
    assert not names_what_is_asked(frozenset({"place"}), hit.chunk.mentions, question)


def test_a_name_is_given_whatever_kind_the_reader_took_it_for_and_misspelt():
    passage = (place("Saltmarsh"),)
    assert not names_what_is_asked(
        frozenset({"place"}), passage, (Mention("person", "Saltmarsh", "saltmarsh"),)
    )
    assert not names_what_is_asked(frozenset({"place"}), passage, (place("Saltmarch"),))
    assert names_what_is_asked(frozenset({"place"}), passage, (place("Duskport"),))
