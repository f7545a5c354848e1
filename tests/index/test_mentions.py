"""The mention index: chunks found by the values and names they mention."""

from cica_qa.index.mentions import NAME_KINDS, VALUE_KINDS, MentionIndex, asked_keys
from cica_qa.types import Chunk, Location, Mention


def chunk(chunk_id: str, *mentions: Mention) -> Chunk:
    return Chunk(chunk_id, "d.md", "", Location("line", 1, 1), "text", mentions=mentions)


CHUNKS = [
    chunk("a", Mention("date", "5 March 2024", "2024-03-05"), Mention("place", "Baku", "baku")),
    chunk("b", Mention("date", "March 2024", "2024-03")),
    chunk("c", Mention("ordinal", "fifth", "5"), Mention("date", "2023", "2023")),
]


def test_a_day_month_or_year_asked_for_finds_the_chunks_within_it():
    index = MentionIndex.build(CHUNKS)
    march = asked_keys([Mention("date", "March 2024", "2024-03")], VALUE_KINDS)
    assert index.matches(march) == {"a": 1, "b": 1}
    day = asked_keys([Mention("date", "5 March 2024", "2024-03-05")], VALUE_KINDS)
    assert index.matches(day) == {"a": 1}


def test_chunks_are_counted_by_how_many_of_the_asked_values_they_hold():
    index = MentionIndex.build(CHUNKS)
    asked = [Mention("ordinal", "5th", "5"), Mention("date", "2023", "2023")]
    assert index.matches(asked_keys(asked, VALUE_KINDS)) == {"c": 2}
    assert index.matches(asked_keys([Mention("place", "Baku", "baku")], NAME_KINDS)) == {"a": 1}


def test_the_index_survives_a_save_and_load(tmp_path):
    path = tmp_path / "mentions.json"
    MentionIndex.build(CHUNKS).save(path)
    loaded = MentionIndex.load(path)
    assert loaded.matches([{"date:2024"}]) == {"a": 1, "b": 1}
    assert len(MentionIndex.load(tmp_path / "missing.json")) == 0


def test_a_name_in_a_quarter_of_a_large_corpus_is_what_it_is_about():
    forum = Mention("org", "the Forum", "forum")
    chunks = [chunk(f"f{i}", forum) for i in range(12)]
    chunks += [chunk(f"o{i}", Mention("person", "Orla Venn", "orla venn")) for i in range(3)]
    chunks += [chunk(f"d{i}", Mention("date", "2020", "2020")) for i in range(25)]
    assert MentionIndex.build(chunks).common_names() == {"forum"}
    assert MentionIndex.build(chunks[:5]).common_names() == frozenset()  # too few to tell
