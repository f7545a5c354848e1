"""People the reader missed, found with what the whole corpus says about names."""

from cica_qa.index.people import People, with_people
from cica_qa.types import Chunk, Hit, Location, Mention


def chunk(chunk_id: str, text: str, *mentions: tuple[str, str]) -> Chunk:
    """A chunk with the mentions a reader gave it, as (kind, text) in order of appearance."""
    found = tuple(Mention(kind, words, words.lower()) for kind, words in mentions)  # type: ignore[arg-type]
    return Chunk(chunk_id, "d.md", "", Location("line", 1, 1), text, mentions=found)


# the reader finds Mira Kessel and Ivo Brandt after the title "Warden" twice: a title
CORPUS = [
    chunk(
        "a",
        "The forum was opened by Chief Warden Mira Kessel of Ruritania.",
        ("person", "Mira Kessel"),
        ("place", "Ruritania"),
    ),
    chunk(
        "b",
        "Deputy Warden Ivo Brandt spoke on the harbour of Saltmarsh.",
        ("person", "Ivo Brandt"),
        ("place", "Saltmarsh"),
    ),
    chunk("c", "Mira Kessel later chaired the council.", ("person", "Mira Kessel")),
]


def people_of(*extra: Chunk) -> tuple[People, dict[str, Chunk]]:
    chunks = [*CORPUS, *extra]
    people = People.build(chunks)
    return people, {c.id: people.chunk(c) for c in chunks}


def persons(c: Chunk) -> list[str]:
    return [m.text for m in c.mentions if m.kind == "person"]


def test_a_name_read_as_a_person_elsewhere_is_a_person_where_it_was_misread():
    glued = chunk(
        "d", "The meeting of Ruritania Mira Kessel ended.", ("org", "Ruritania Mira Kessel")
    )
    _, completed = people_of(glued)
    assert persons(completed["d"]) == ["Mira Kessel"]
    assert all(m.kind != "org" for m in completed["d"].mentions)  # the misreading is dropped


def test_a_name_after_or_before_a_title_the_corpus_uses_is_a_person():
    after = chunk("e", "It was chaired by Warden Ann Lee on Monday.")
    across = chunk(
        "f", "Chief Warden of the Lantern Ruritania Ann Lee spoke.", ("place", "Ruritania")
    )
    before = chunk("g", "Talks were led by Oskar Wend, Deputy Warden of the port.")
    _, completed = people_of(after, across, before)
    assert persons(completed["e"]) == ["Ann Lee"]
    assert persons(completed["f"]) == ["Ann Lee"]
    assert [m.text for m in completed["f"].mentions if m.kind == "place"] == ["Ruritania"]
    assert persons(completed["g"]) == ["Oskar Wend"]


def test_no_person_from_words_the_corpus_writes_in_lower_case_or_names_as_places():
    council = chunk("h", "Warden Harbour Council met. The harbour council is small.")
    place = chunk(
        "i", "Warden Saltmarsh Ruritania met.", ("place", "Saltmarsh"), ("place", "Ruritania")
    )
    untitled = chunk("j", "Then Ann Lee left.")
    _, completed = people_of(council, place, untitled)
    assert persons(completed["h"]) == []
    assert persons(completed["i"]) == []
    assert persons(completed["j"]) == []  # no title beside it, and no reading of it elsewhere


def test_no_person_across_a_full_stop_or_from_a_possessive():
    stop = chunk("m", "She met the Warden. Tall Oaks grew there.")
    possessive = chunk("n", "Deputy Warden Lumen's Forum met.")
    _, completed = people_of(stop, possessive)
    assert persons(completed["m"]) == []
    assert persons(completed["n"]) == []


def test_a_name_read_once_without_a_title_is_not_taken_for_a_person_everywhere():
    once = chunk("k", "The Road Plan was adopted.", ("person", "Road Plan"))
    again = chunk("l", "Under the Road Plan, work began.")
    _, completed = people_of(once, again)
    assert persons(completed["l"]) == []


def test_a_question_naming_a_person_the_corpus_knows_gets_the_mention():
    people, _ = people_of()
    mentions = people.question(
        "When did Ruritania Mira Kessel speak?",
        [Mention("org", "Ruritania Mira Kessel", "ruritania mira kessel")],
    )
    assert [(m.kind, m.text) for m in mentions] == [("person", "Mira Kessel")]
    said = people.question("Who spoke?", [])
    assert said == ()


def test_retrieved_hits_are_completed_and_the_people_survive_a_save_and_load(tmp_path):
    glued = chunk(
        "d", "The meeting of Ruritania Mira Kessel ended.", ("org", "Ruritania Mira Kessel")
    )
    people, _ = people_of(glued)
    path = tmp_path / "people.json"
    people.save(path)
    loaded = People.load(path)
    assert loaded == people
    assert persons(loaded.hit(Hit(glued, 0.5)).chunk) == ["Mira Kessel"]
    untouched = Hit(CORPUS[2], 0.5)
    assert loaded.hit(untouched) is untouched
    assert People.load(tmp_path / "missing.json") == People()


def test_with_people_keeps_a_person_already_read_and_adds_each_occurrence():
    text = "Ann Lee met Ann Lee."
    mentions = with_people(text, [Mention("person", "Ann Lee", "ann lee")], ["Ann Lee"])
    assert [m.text for m in mentions] == ["Ann Lee", "Ann Lee"]


def test_a_title_far_back_across_long_words_still_names_the_person():
    # long words the corpus also writes in small letters: capitalised, but no part of a name
    long = [f"Lanternharbourassociation{n}fellowship" for n in "abcdefg"]
    small = chunk("k", " ".join(word.lower() for word in long) + ".")
    far = chunk("h", f"Warden of the {' '.join(long[:3])} Ann Lee spoke.")
    too_far = chunk("i", f"Warden of the {' '.join(long)} Ann Lee spoke.")
    no_title = chunk("j", "The Lumen Forum met Ann Lee in Saltmarsh.")
    _, completed = people_of(small, far, too_far, no_title)
    assert persons(completed["h"]) == ["Ann Lee"]
    assert persons(completed["i"]) == []  # the title is more than eight words back
    assert persons(completed["j"]) == []  # no title in the chunk: nothing read word by word


def test_a_person_of_one_word_the_corpus_writes_in_lower_case_is_no_person():
    # "States" (the reader's person) is a word: "states" is in lower case elsewhere; a
    # surname alone ("Kessel") never is, and stays a person
    misread = chunk(
        "m",
        "Where the Member States stand today. Kessel agreed.",
        ("org", "Member"),
        ("person", "States"),
        ("person", "Kessel"),
    )
    plain = chunk("p", "Twelve states took part.")
    _, chunks = people_of(misread, plain)
    assert persons(chunks["m"]) == ["Kessel"]
    assert [m.text for m in chunks["m"].mentions] == ["Member", "Kessel"]
    _, alone = people_of(misread)  # no passage writes "states" in lower case
    assert persons(alone["m"]) == ["States", "Kessel"]


def test_a_person_the_reader_reads_more_often_as_a_place_is_that_place():
    misread = chunk("m", "Saltmarsh took over the Chair.", ("person", "Saltmarsh"))
    also = chunk("n", "The council met in Saltmarsh.", ("place", "Saltmarsh"))
    _, chunks = people_of(misread, also)  # a place twice (with CORPUS), a person once
    assert chunks["m"].mentions == (Mention("place", "Saltmarsh", "saltmarsh"),)
    _, once = people_of(misread, chunk("o", "Saltmarsh chaired it.", ("person", "Saltmarsh")))
    assert persons(once["m"]) == ["Saltmarsh"]  # more often a person than a place: kept


def test_a_place_of_one_word_the_corpus_writes_in_lower_case_is_a_label_not_a_place():
    label = chunk("l", "Venue: Saltmarsh harbour.", ("place", "Venue"), ("place", "Saltmarsh"))
    plain = chunk("p", "The venue changed twice.")
    _, chunks = people_of(label, plain)
    assert [(m.kind, m.text) for m in chunks["l"].mentions] == [("place", "Saltmarsh")]
