import pytest

from cica_qa.retrieval.hybrid import reciprocal_rank_fusion


def test_rrf_rewards_agreement_between_rankings():
    assert reciprocal_rank_fusion([["a", "b", "c"], ["b", "c", "d"]]) == ["b", "c", "a", "d"]


def test_rrf_is_stable_on_ties():
    assert reciprocal_rank_fusion([["x"], ["y"]]) == ["x", "y"]


@pytest.mark.slow
def test_keyword_only_passage_is_kept_near_the_top(tiny_index, embedder):
    from cica_qa.index.chroma import ChromaBackend
    from cica_qa.index.layout import IndexLayout
    from cica_qa.index.reader import load_state
    from cica_qa.retrieval.hybrid import HybridRetriever

    state = load_state(IndexLayout(tiny_index), ChromaBackend(tiny_index))
    retriever = HybridRetriever(
        embedder, state.store, state.keyword, state.glossary, "hybrid", state.live
    )
    retrieved = retriever.retrieve("Brightwater", 3)
    assert any("Brightwater" in hit.chunk.text for hit in retrieved.hits[:2])
    assert all(-1.0 <= hit.score <= 1.0 for hit in retrieved.hits)


@pytest.mark.slow
@pytest.mark.parametrize("mode", ["dense", "keyword", "hybrid"])
def test_every_mode_finds_the_charter(tiny_index, embedder, mode):
    from cica_qa.answering.assistant import Assistant

    assistant = Assistant.open(tiny_index, embedder, retrieval=mode)
    answer = assistant.ask("When was the Lantern Charter adopted?")
    assert "1987" in answer.text


def _retriever_over(texts):
    from cica_qa.index.glossary import Glossary
    from cica_qa.index.keyword import KeywordIndex
    from cica_qa.index.mentions import MentionIndex
    from cica_qa.reading import ValueReader
    from cica_qa.retrieval.hybrid import HybridRetriever
    from cica_qa.types import Chunk, Location
    from tests.support.fakes import FakeEmbedder, MemoryCollection

    reader, embedder = ValueReader(), FakeEmbedder()
    chunks = [
        Chunk(f"c{i}", "doc.md", "", Location("line", i + 1, i + 1), text, mentions=found)
        for i, (text, found) in enumerate(zip(texts, reader.read(texts), strict=True))
    ]
    store = MemoryCollection("test")
    store.upsert(chunks, embedder.embed_texts(texts))
    retriever = HybridRetriever(
        embedder, store, KeywordIndex.build(chunks), Glossary(), mentions=MentionIndex.build(chunks)
    )
    return retriever, reader


def test_the_passage_about_the_date_asked_for_beats_the_one_about_the_body_in_general():
    retriever, reader = _retriever_over(
        [
            "The Lantern Council meets twice a year; the Lantern Council sets the agenda.",
            "On 05.03.2024 the delegates adopted the harbour plan.",
            "On 12 June 2023 the Lantern Council adopted the budget.",
        ]
    )
    question = "What did the Lantern Council adopt on 5 March 2024?"
    unpinned = retriever.retrieve(question, 3)
    assert unpinned.hits[0].chunk.id != "c1"  # on words alone, another passage leads
    pinned = retriever.retrieve(question, 3, reader.read([question])[0])
    assert pinned.hits[0].chunk.id == "c1"
    assert pinned.mentions == reader.read([question])[0]


def test_an_ordinal_asked_in_words_finds_the_passage_that_writes_it_in_digits():
    retriever, reader = _retriever_over(
        [
            "The Lantern Council held its meetings in the harbour hall.",
            "The 5th meeting of the Lantern Council was held in the old mill.",
            "The 4th meeting of the Lantern Council was held in the tower.",
        ]
    )
    question = "Where was the fifth meeting of the Lantern Council held?"
    assert retriever.retrieve(question, 3, reader.read([question])[0]).hits[0].chunk.id == "c1"
