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


def test_a_question_embedded_already_is_not_embedded_again():
    retriever, _ = _retriever_over(["The Lantern Council meets in the harbour hall."])
    question = "Where does the Lantern Council meet?"
    vector = retriever._embedder.embed_query(question)
    calls = []
    retriever._embedder.embed_query = lambda text: calls.append(text) or vector
    given = retriever.retrieve(question, 1, embedded=vector)
    assert calls == [] and given.query_vector == tuple(vector)
    assert given.hits == retriever.retrieve(question, 1).hits and calls == [question]


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


def test_passages_of_the_best_hits_document_that_were_not_retrieved_are_its_neighbours():
    from cica_qa.index.glossary import Glossary
    from cica_qa.index.keyword import KeywordIndex
    from cica_qa.retrieval.hybrid import HybridRetriever
    from cica_qa.types import Chunk, Location
    from tests.support.fakes import FakeEmbedder, MemoryCollection

    texts = {
        ("release.html", "r1"): "The Lumen Forum met in Saltmarsh on 4 June 2024.",
        ("release.html", "r2"): "Eleven delegations took part in the talks.",
        ("release.html", "r3"): "Area — Coordinator: Ruritania",
        ("other.md", "o1"): "The Lumen Forum is held every year.",
    }
    chunks = [
        Chunk(
            ident, doc, "", Location("line", 1, 1), text, (("Area", "x"),) if ident == "r3" else ()
        )
        for (doc, ident), text in texts.items()
    ]
    embedder = FakeEmbedder()
    store = MemoryCollection("test")
    store.upsert(chunks, embedder.embed_texts([c.text for c in chunks]))
    by_document = {"release.html": ("r1", "r2", "r3"), "other.md": ("o1",)}
    retriever = HybridRetriever(
        embedder,
        store,
        KeywordIndex.build(chunks),
        Glossary(),
        mode="keyword",
        chunks_of=lambda document: by_document[document],
    )
    retrieved = retriever.retrieve("Where did the Lumen Forum meet in June 2024?", 1)
    assert [h.chunk.id for h in retrieved.hits] == ["r1"]
    # its prose passage left out is a neighbour; its table row and other documents are not
    assert [h.chunk.id for h in retrieved.neighbours] == ["r2"]
    assert -1.0 <= retrieved.neighbours[0].score <= 1.0
