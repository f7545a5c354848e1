"""The index's one writer, on an in-memory backend: collections, states, the switch, clean-up."""

from pathlib import Path

import pytest

from cica_qa.index.glossary import Glossary
from cica_qa.index.layout import IndexLayout
from cica_qa.index.lock import IngestBusyError
from cica_qa.index.manifest import new_manifest
from cica_qa.index.mentions import NAME_KINDS, MentionIndex, asked_keys
from cica_qa.index.people import People
from cica_qa.index.reader import load_state
from cica_qa.index.writer import IndexWriter
from cica_qa.types import Chunk, Location, Mention
from tests.support.fakes import MemoryBackend

CHUNKS = [Chunk("c1", "a.md", "S", Location("line", 1, 1), "The Council meets yearly.")]


def writer(tmp_path: Path) -> IndexWriter:
    return IndexWriter(IndexLayout(tmp_path), MemoryBackend(), "test")


def switch_to(w: IndexWriter, collection: str, previous=None):
    w.open(collection)
    generation = w.write_state(CHUNKS, {}, Glossary((("SOC", "Senior Officials Committee"),)))
    manifest = new_manifest(
        {"a.md": ("c1",)},
        {"a.md": "h"},
        model_id="m",
        chunker="c",
        ingested_at="now",
        collection=collection,
        generation=generation,
        store=w.backend.identity,
    )
    w.switch(manifest)
    w.remove_old_states(manifest, previous)
    return manifest


def test_a_model_or_chunker_change_writes_another_collection(tmp_path):
    w = writer(tmp_path)
    name = w.collection_for("m", "c")
    assert name.startswith("test-") and name == w.collection_for("m", "c")
    assert len({name, w.collection_for("m2", "c"), w.collection_for("m", "c2")}) == 3


def test_a_switched_state_is_what_readers_load(tmp_path):
    w = writer(tmp_path)
    w.open("test-a").upsert(CHUNKS, [[1.0, 0.0]])
    manifest = switch_to(w, "test-a")
    state = load_state(w.layout, w.backend)
    assert state.manifest == manifest and state.live == {"c1"}
    assert [h.chunk_id for h in state.keyword.search("council", 5)] == ["c1"]
    assert state.glossary.expand("the SOC") == "the SOC (Senior Officials Committee)"
    assert w.is_current(manifest, {"a.md": "h"}, "m", "c") is False  # not this writer's name
    named = switch_to(w, w.collection_for("m", "c"), manifest)
    assert w.is_current(named, {"a.md": "h"}, "m", "c")
    assert not w.is_current(named, {"a.md": "changed"}, "m", "c")


def test_old_states_and_collections_go_after_the_switch_but_the_one_before_stays(tmp_path):
    w = writer(tmp_path)
    first = switch_to(w, "test-a")
    second = switch_to(w, "test-b", first)
    third = switch_to(w, "test-c", second)
    kept = sorted(p.name for p in w.layout.generations.iterdir())
    assert kept == sorted([second.generation, third.generation])
    assert w.backend.names() == ["test-c"]


def test_settled_means_one_collection_holding_exactly_the_listed_chunks(tmp_path):
    w = writer(tmp_path)
    w.open("test-a").upsert(CHUNKS, [[1.0, 0.0]])
    manifest = switch_to(w, "test-a")
    assert w.is_settled(manifest)
    w.open("test-a").upsert([Chunk("extra", "a.md", "S", Location("line", 2, 2), "x")], [[0, 1]])
    assert not w.is_settled(manifest)


def test_one_writer_at_a_time(tmp_path):
    w = writer(tmp_path)
    with w.locked(), pytest.raises(IngestBusyError, match=r"another ingest \(pid \d+\)"):
        writer(tmp_path).locked().__enter__()


def test_a_state_keeps_the_people_its_chunks_name_and_finds_their_passages_by_them(tmp_path):
    def read(chunk_id: str, text: str, *people: str) -> Chunk:
        found = tuple(Mention("person", p, p.lower()) for p in people)
        return Chunk(chunk_id, "a.md", "S", Location("line", 1, 1), text, mentions=found)

    chunks = [
        read("c1", "Warden Ann Lee opened it.", "Ann Lee"),
        read("c2", "Warden Ivo Brandt closed it.", "Ivo Brandt"),
        read("c3", "It was chaired by Warden Mira Kessel."),  # the reader missed her
    ]
    w = writer(tmp_path)
    w.open("col")
    generation = w.write_state(chunks, {}, Glossary(()))
    files = IndexLayout(tmp_path).generation(generation)

    people = People.load(files.people)
    assert [m.text for m in people.chunk(chunks[2]).mentions] == ["Mira Kessel"]
    asked = asked_keys([Mention("person", "Mira Kessel", "mira kessel")], NAME_KINDS)
    assert MentionIndex.load(files.mentions).matches(asked) == {"c3": 1}
