import pytest

from cica_qa.ingest.embed import EMBED_BATCH, WRITE_BATCH, embed_and_store
from cica_qa.types import Chunk, Location
from tests.support.fakes import FakeEmbedder, MemoryCollection


class FailingCollection(MemoryCollection):
    """Accepts one write, then fails as a full disk would."""

    def __init__(self) -> None:
        super().__init__("failing")
        self.writes = 0

    def upsert(self, chunks, embeddings) -> None:
        self.writes += 1
        if self.writes == 2:
            raise OSError("No space left on device")
        super().upsert(chunks, embeddings)


def chunks(count: int) -> list[Chunk]:
    return [
        Chunk(str(i), "d.md", "S", Location("line", i, i), f"w{i} " * (i % 7 + 1))
        for i in range(1, count)
    ]


def test_every_chunk_is_stored_with_its_vector():
    store, embedder = MemoryCollection("c"), FakeEmbedder()
    embed_and_store(chunks(700), embedder, store, show_progress=False)
    assert store.count() == 699 and embedder.embedded == 699
    chunk, vector = store.records["42"]
    assert vector == embedder.embed_query(chunk.text)


def test_a_failed_write_stops_embedding_and_is_raised():
    store, embedder = FailingCollection(), FakeEmbedder()
    with pytest.raises(OSError, match="No space left"):
        embed_and_store(chunks(1000), embedder, store, show_progress=False)
    assert embedder.embedded < 999  # it stopped instead of embedding everything
    # the second write fails; the model is then at most the queue's two batches and one ahead
    assert embedder.embedded <= 2 * WRITE_BATCH + EMBED_BATCH * 3
