"""Names a question gives, held against what was found of a passage's documents (pure)."""

from cica_qa.answering.mentioned import (
    as_written,
    counted_as_written,
    names_what_is_asked,
    placed_apart,
    unnamed,
)
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
    lee = Mention("person", "Ann Lee's", "ann lee s")
    assert unnamed([lee], texts) == "no passage found mentions Ann Lee"
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


def _passage(text: str, ident: str) -> Hit:
    return Hit(Chunk(ident, "doc.md", "Meetings", Location("line", 1, 1), text), 0.5)


def test_a_place_the_passages_about_the_pinned_date_never_name_is_a_false_premise():
    date = Mention("date", "4 June 2024", "2024-06-04")
    pinned = [_passage("On 4 June 2024 the Lumen Forum met in Saltmarsh.", "a")]
    asked = "Who chaired the Lumen Forum meeting held in Duskport on 4 June 2024?"
    found = placed_apart(asked, [place("Duskport"), date], pinned)
    assert found == "no passage found about 4 June 2024 mentions Duskport"
    held = "Who chaired the Lumen Forum meeting in Saltmarsh on 4 June 2024?"
    assert placed_apart(held, [place("Saltmarsh"), date], pinned) == ""


def test_only_a_place_something_happened_in_or_at_and_only_with_a_pin_is_checked():
    date = Mention("date", "4 June 2024", "2024-06-04")
    pinned = [_passage("On 4 June 2024 the Lumen Forum met in Saltmarsh.", "a")]
    # a place that is not where it happened, or one inside a quoted title, places nothing
    mood = "What did Duskport's envoy say on 4 June 2024?"
    assert placed_apart(mood, [place("Duskport"), date], pinned) == ""
    title = 'Who presented "Lamps in Duskport" on 4 June 2024?'
    assert placed_apart(title, [place("Duskport"), date], pinned) == ""
    us_style = Mention("date", "June 4, 2024", "2024-06-04")
    after = "Who chaired the forum of June 4, 2024 in Duskport?"
    assert "Duskport" in placed_apart(after, [us_style, place("Duskport")], pinned)
    clause = "Who warned on 4 June 2024 that the harbour in Duskport was full?"
    assert placed_apart(clause, [date, place("Duskport")], pinned) == ""
    # nothing pinned: other checks (unnamed) judge the place
    assert placed_apart("Who met in Duskport?", [place("Duskport")], pinned) == ""
    ordinal = Mention("ordinal", "5th", "5", of="plenary session")
    said = placed_apart(
        "Who chaired the 5th plenary session in Duskport?", [ordinal, place("Duskport")], pinned
    )
    assert said == "no passage found about the 5th one mentions Duskport"


def test_what_an_ordinal_counts_is_read_in_the_corpus_words():
    spelt = {"ariv": "arriv"}.get
    first = Mention("ordinal", "first", "1", "ariv")
    year = Mention("date", "1994", "1994")
    found = counted_as_written([first, year], lambda w: spelt(w) or w)
    assert found == (Mention("ordinal", "first", "1", "arriv"), year)


def test_a_word_of_the_name_the_corpus_is_about_counts_nothing():
    seventh = Mention("ordinal", "Seventh", "7", "lumen summit")
    (found,) = counted_as_written([seventh], lambda w: w, frozenset({"lumen"}))
    assert found.of == "summit"
    alone = Mention("ordinal", "Seventh", "7", "lumen")
    assert counted_as_written([alone], lambda w: w, frozenset({"lumen"}))[0].of == "lumen"
