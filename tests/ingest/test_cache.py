import shutil
from pathlib import Path

import pytest

from cica_qa.ingest.cache import RESULT, DocumentResult, ParseCache
from cica_qa.ingest.parse import parse_corpus
from tests.conftest import TINY_CORPUS, make_config
from tests.support.fakes import FakeEmbedder


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, folder)
    return folder


def test_unchanged_documents_come_from_the_cache_exactly_as_parsing_makes_them(tmp_path, corpus):
    config, embedder, path = make_config(tmp_path / "index", corpus), FakeEmbedder(), tmp_path / "c"
    fresh = parse_corpus(config, embedder)
    first = ParseCache(path, "c")
    parse_corpus(config, embedder, cache=first)
    first.save()
    (corpus / "bodies.md").write_text("# Lumen Forum\n\nA new text.\n", encoding="utf-8")
    second = ParseCache.load(path, "c")
    cached = parse_corpus(config, embedder, cache=second)
    assert second.hits == 1  # milestones.txt; bodies.md changed and was parsed again
    kept = [c for c in fresh.chunks if c.document == "milestones.txt"]
    assert [c for c in cached.chunks if c.document == "milestones.txt"] == kept
    third = ParseCache.load(path, "other chunker")
    parse_corpus(config, embedder, cache=third)
    assert third.hits == 0


def test_a_damaged_cache_is_an_empty_one(tmp_path):
    path = tmp_path / "cache.json"
    path.write_text("{not json", encoding="utf-8")
    assert ParseCache.load(path, "c").get("a.md", "h") is None
    path.write_text('{"3\\nc\\na.md\\nh": {"chunks": 3}}', encoding="utf-8")
    assert ParseCache.load(path, "c").get("a.md", "h") is None


def test_a_result_round_trips_through_the_cache_file(tmp_path):
    from cica_qa.types import Chunk, Location

    chunk = Chunk(
        "1", "g.md", "Glossary", Location("line", 3, 3), "t", (("Name", "SOC"),), "", True
    )
    result = DocumentResult(
        "g.md", "h", (chunk,), glossary=True, glossary_rows=(("SOC", "S"),), keyword_terms=("t",)
    )
    cache = ParseCache(tmp_path / "cache.json", "c")
    cache.put(result)
    cache.save()
    assert ParseCache.load(tmp_path / "cache.json", "c").get("g.md", "h") == result
    assert RESULT.validate_python(RESULT.dump_python(result, mode="json")) == result
