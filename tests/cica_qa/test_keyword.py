import pytest

from cica_qa.errors import IndexMissingError
from cica_qa.keyword import KeywordIndex, is_saved
from cica_qa.types import Chunk, Location

HERE = Location("line", 1, 1)
CHUNKS = [
    Chunk("soc", "b.md", "Bodies", HERE, "Senior Officials Committee (SOC): twice a year"),
    Chunk("tur", "b.md", "Catalogue", HERE, "Co-coordinators: Kazakhstan, Thailand, Türkiye"),
    Chunk("oth", "b.md", "Other", HERE, "Something else entirely"),
]


def test_search_ignores_case_accents_and_inflection():
    index = KeywordIndex.build(CHUNKS)
    assert [h.chunk_id for h in index.search("TURKIYE coordinator", 5)] == ["tur"]
    assert [h.chunk_id for h in index.search("the soc", 5)] == ["soc"]
    assert index.search("nothing here matches", 5) == []


def test_vocabulary_holds_every_stem():
    assert {"senior", "turkiy", "coordin", "bodi"} <= KeywordIndex.build(CHUNKS).vocabulary


def test_save_replaces_and_load_reads(tmp_path):
    KeywordIndex.build(CHUNKS[:1]).save(tmp_path)
    KeywordIndex.build(CHUNKS).save(tmp_path)
    loaded = KeywordIndex.load(tmp_path)
    assert loaded.size == 3
    assert [h.chunk_id for h in loaded.search("thailand", 2)] == ["tur"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["keyword"]


def test_missing_keyword_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexMissingError, match="run `cica-qa ingest`"):
        KeywordIndex.load(tmp_path)


def test_saved_index_holds_ids_and_scores_but_not_the_texts(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path)
    saved = b"".join(p.read_bytes() for p in (tmp_path / "keyword").iterdir())
    assert b'"soc"' in saved and b"tur" in saved
    assert b"Officials Committee" not in saved and b"twice a year" not in saved


def test_an_index_of_the_older_format_is_not_loaded(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path)
    (tmp_path / "keyword" / "chunk-ids.json").unlink()
    assert not is_saved(tmp_path)
    with pytest.raises(IndexMissingError, match="of this version"):
        KeywordIndex.load(tmp_path)


def test_a_question_of_unknown_words_finds_nothing_at_any_size(tmp_path):
    index = KeywordIndex.build(CHUNKS[:1])
    assert index.search("zzyzx", 10) == []
    assert [h.chunk_id for h in index.search("senior", 10)] == ["soc"]
