import numpy as np

from cica_qa.index.spans import SpanVectors, key_of


def embed(texts):
    return [[float(len(t)), float(t.count("a")), 1.0] for t in texts]


def test_vectors_survive_saving_whatever_bytes_their_keys_end_in(tmp_path):
    texts = [f"sentence number {i}" for i in range(600)]
    assert any(key_of(t).endswith(b"\0") for t in texts)  # numpy strips those: they must survive
    spans, embedded = SpanVectors.build(texts, embed)
    assert embedded == 600 and len(spans) == 600
    spans.save(tmp_path / "spans.npz")
    loaded = SpanVectors.load(tmp_path / "spans.npz")
    assert len(loaded) == 600
    for text, vector in zip(texts, embed(texts), strict=True):
        assert np.allclose(loaded.get(text), vector)
    assert loaded.get("never indexed") is None


def test_known_vectors_are_reused_and_only_new_texts_embedded():
    first, _ = SpanVectors.build(["old one", "old two"], embed)
    seen = []

    def counting(texts):
        seen.extend(texts)
        return embed(texts)

    second, embedded = SpanVectors.build(["old two", "a new one", "old two"], counting, first)
    assert (embedded, seen) == (1, ["a new one"])
    assert len(second) == 2 and second.get("old one") is None
    assert np.allclose(second.get("old two"), embed(["old two"])[0])


def test_a_state_without_vectors_loads_empty(tmp_path):
    assert len(SpanVectors.load(tmp_path / "missing.npz")) == 0
