import shutil
from pathlib import Path

import pytest

from cica_qa.ingest.cache import RESULT, DocumentResult, ParseCache
from cica_qa.ingest.parse import parse_corpus
from cica_qa.passages import texts_to_embed
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
    # and so are the texts each chunk gives to embed (not worked out again)
    assert fresh.spans == {c.id: tuple(texts_to_embed(c)) for c in fresh.chunks}
    assert any(fresh.spans.values())
    assert {c.id: cached.spans[c.id] for c in kept} == {c.id: fresh.spans[c.id] for c in kept}
    third = ParseCache.load(path, "other chunker")
    parse_corpus(config, embedder, cache=third)
    assert third.hits == 0


def _result(name: str, sha256: str = "h") -> DocumentResult:
    from cica_qa.types import Chunk, Location

    chunk = Chunk(f"{name}-1", name, "", Location("line", 1, 1), f"text of {name}")
    return DocumentResult(name, sha256, (chunk,), keyword_terms=("t",))


def test_a_damaged_cache_is_an_empty_one_and_saving_replaces_it(tmp_path):
    path = tmp_path / "cache.sqlite"
    path.write_text("{not a database", encoding="utf-8")
    damaged = ParseCache.load(path, "c")
    assert damaged.get("a.md", "h") is None
    damaged.put(_result("a.md"))
    damaged.save()
    assert ParseCache.load(path, "c").get("a.md", "h") == _result("a.md")


@pytest.mark.parametrize("data", ['{"x":1}', '{"name": "a.md", "sha', "", b"\x00\xff"])
def test_a_row_that_is_not_a_result_is_a_miss(tmp_path, data):
    import sqlite3

    from cica_qa.ingest.cache import cache_key

    path = tmp_path / "cache.sqlite"
    ParseCache(path, "c").save()  # an empty cache file
    with sqlite3.connect(path) as db:
        db.execute("INSERT INTO results VALUES (?, ?)", (cache_key("a.md", "h", "c"), data))
    assert ParseCache.load(path, "c").get("a.md", "h") is None


def test_saving_keeps_the_results_used_and_made_and_drops_the_rest(tmp_path):
    path = tmp_path / "cache.sqlite"
    first = ParseCache.load(path, "c")
    for name in ("a.md", "b.md", "c.md"):
        first.put(_result(name))
    first.save()
    second = ParseCache.load(path, "c")
    assert second.get("a.md", "h") == _result("a.md")  # used
    assert second.get("b.md", "new") is None  # b.md changed: parsed again
    second.put(_result("b.md", "new"))
    second.save()  # c.md was not asked for: gone
    third = ParseCache.load(path, "c")
    assert third.get("a.md", "h") == _result("a.md")
    assert third.get("b.md", "new") == _result("b.md", "new")
    assert third.get("b.md", "h") is None and third.get("c.md", "h") is None
    assert third.hits == 2


def test_a_result_round_trips_through_the_cache_file(tmp_path):
    from cica_qa.types import Chunk, Location

    chunk = Chunk(
        "1", "g.md", "Glossary", Location("line", 3, 3), "t", (("Name", "SOC"),), "", True
    )
    result = DocumentResult(
        "g.md", "h", (chunk,), glossary=True, glossary_rows=(("SOC", "S"),), keyword_terms=("t",)
    )
    cache = ParseCache(tmp_path / "cache.sqlite", "c")
    cache.put(result)
    cache.save()
    assert ParseCache.load(tmp_path / "cache.sqlite", "c").get("g.md", "h") == result
    assert RESULT.validate_python(RESULT.dump_python(result, mode="json")) == result
