from dataclasses import replace

import pytest

from cica_qa.errors import IndexMissingError
from cica_qa.index.keyword import KeywordIndex, is_saved
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


def test_save_and_load(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path / "keyword")
    loaded = KeywordIndex.load(tmp_path / "keyword")
    assert loaded.size == 3
    assert [h.chunk_id for h in loaded.search("thailand", 2)] == ["tur"]


def test_save_never_writes_into_an_existing_folder(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path / "keyword")
    with pytest.raises(FileExistsError):
        KeywordIndex.build(CHUNKS[:1]).save(tmp_path / "keyword")


def test_missing_keyword_index_says_to_ingest(tmp_path):
    with pytest.raises(IndexMissingError, match="run `cica-qa ingest`"):
        KeywordIndex.load(tmp_path)


def test_saved_index_holds_ids_and_scores_but_not_the_texts(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path / "keyword")
    saved = b"".join(p.read_bytes() for p in (tmp_path / "keyword").iterdir())
    assert b'"soc"' in saved and b"tur" in saved
    assert b"Officials Committee" not in saved and b"twice a year" not in saved


def test_an_index_of_the_older_format_is_not_loaded(tmp_path):
    KeywordIndex.build(CHUNKS).save(tmp_path / "keyword")
    (tmp_path / "keyword" / "chunk-ids.json").unlink()
    assert not is_saved(tmp_path / "keyword")
    with pytest.raises(IndexMissingError, match="of this version"):
        KeywordIndex.load(tmp_path / "keyword")


def test_a_question_of_unknown_words_finds_nothing_at_any_size(tmp_path):
    index = KeywordIndex.build(CHUNKS[:1])
    assert index.search("zzyzx", 10) == []
    assert [h.chunk_id for h in index.search("senior", 10)] == ["soc"]


def test_the_counting_build_gives_bm25s_own_score_matrix_bit_for_bit():
    import random

    import bm25s
    import numpy as np
    from bm25s.tokenization import Tokenized

    from cica_qa.index.keyword import _counting_bm25

    rng = random.Random(7)
    # repeated terms, empty documents, a term no document uses
    ids = [[rng.randrange(40) for _ in range(rng.randrange(0, 25))] for _ in range(300)]
    vocabulary = {f"t{i}": i for i in range(41)}
    theirs, ours = bm25s.BM25(), _counting_bm25()
    for bm25 in (theirs, ours):
        bm25.index(Tokenized(ids=ids, vocab=dict(vocabulary)), show_progress=False)
    for part in ("data", "indices", "indptr"):
        assert theirs.scores[part].dtype == ours.scores[part].dtype
        assert np.array_equal(theirs.scores[part], ours.scores[part]), part
    assert theirs.scores["num_docs"] == ours.scores["num_docs"] == 300
    assert theirs.vocab_dict == ours.vocab_dict


def test_a_misspelt_query_word_counts_as_the_corpus_word_it_misspells():
    index = KeywordIndex.build(CHUNKS)
    assert index.spelt("coordin") == "coordin"
    assert index.spelt("cordin") == "coordin"
    assert index.spelt("zzz") == "zzz"
    assert [h.chunk_id for h in index.search("who cordinates", 3)] == ["tur"]
    assert [h.chunk_id for h in index.search("Senoir Oficials", 3)] == ["soc"]


def test_a_stopword_bm25_leaves_out_is_no_misspelling_of_a_corpus_word():
    index = KeywordIndex.build(
        [replace(CHUNKS[0], id="them", text="Thematic sessions of the Forum.")]
    )
    assert index.spelt("themat") == "themat"
    assert index.spelt("that") == "that"  # not "themat"
