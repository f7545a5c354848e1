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
