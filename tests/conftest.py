"""Shared fixtures: the real embedding model once per session, and a tiny ingested corpus."""

from __future__ import annotations

from pathlib import Path

import pytest

import cica_qa  # noqa: F401  (offline switches before any model import)

DATA = Path(__file__).parent / "data"
TINY_CORPUS = DATA / "tiny-corpus"


@pytest.fixture(scope="session")
def embedder():
    """The real offline MiniLM embedder, loaded once."""
    from cica_qa.embedder import MiniLMEmbedder

    return MiniLMEmbedder()


def make_plan(index_dir: Path, corpus_dir: Path = TINY_CORPUS):
    """An ingest plan for a test corpus with the default chunking."""
    from ingest.pipeline import IngestPlan

    return IngestPlan(
        corpus_dir=corpus_dir,
        index_dir=index_dir,
        collection="test_chunks",
        chunk_size=200,
        chunk_overlap=20,
    )


@pytest.fixture
def plan_for():
    """make_plan, for tests that build their own index."""
    return make_plan


@pytest.fixture(scope="session")
def tiny_index(tmp_path_factory, embedder) -> Path:
    """The tiny corpus ingested with the real model into a temporary Chroma index."""
    from ingest.pipeline import run_ingest

    index_dir = tmp_path_factory.mktemp("tiny-index")
    run_ingest(make_plan(index_dir), embedder, show_progress=False)
    return index_dir


@pytest.fixture(scope="session")
def tiny_assistant(tiny_index, embedder):
    """An Assistant over the tiny index, with the default threshold."""
    from cica_qa.answer import Assistant
    from cica_qa.store import ChunkStore

    store = ChunkStore.open_embedded(tiny_index, "test_chunks", create=False)
    return Assistant(embedder, store)
