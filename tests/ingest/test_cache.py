import shutil
from pathlib import Path

import pytest
from cica_qa.ingest.cache import CACHE_NAME, DocumentResult, ParseCache

from tests.conftest import TINY_CORPUS, make_plan

pytestmark = pytest.mark.slow


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, folder)
    return folder


def test_unchanged_documents_come_from_the_cache_exactly_as_parsing_makes_them(
    tmp_path, corpus, embedder
):
    from cica_qa.ingest.pipeline import parse_corpus

    plan = make_plan(tmp_path / "index", corpus)
    fresh = parse_corpus(plan, embedder)
    first = ParseCache(tmp_path / CACHE_NAME, "c")
    parse_corpus(plan, embedder, cache=first)
    first.save()
    (corpus / "bodies.md").write_text("# Lumen Forum\n\nA new text.\n", encoding="utf-8")
    second = ParseCache.load(tmp_path, "c")
    cached = parse_corpus(plan, embedder, cache=second)
    assert second.hits == 1  # milestones.txt; bodies.md changed and was parsed again
    kept = [c for c in fresh.chunks if c.document == "milestones.txt"]
    assert [c for c in cached.chunks if c.document == "milestones.txt"] == kept
    third = ParseCache.load(tmp_path, "other chunker")
    parse_corpus(plan, embedder, cache=third)
    assert third.hits == 0


def test_a_damaged_cache_is_an_empty_one(tmp_path):
    (tmp_path / CACHE_NAME).write_text("{not json", encoding="utf-8")
    assert ParseCache.load(tmp_path, "c").get("a.md", "h") is None
    (tmp_path / CACHE_NAME).write_text('{"c\\na.md\\nh": {"chunks": 3}}', encoding="utf-8")
    assert ParseCache.load(tmp_path, "c").get("a.md", "h") is None


def test_a_result_round_trips_through_json():
    from cica_qa.types import Chunk, Location

    chunk = Chunk(
        "1", "g.md", "Glossary", Location("line", 3, 3), "t", (("Name", "SOC"),), "", True
    )
    result = DocumentResult(
        "g.md", "h", (chunk,), glossary=True, glossary_rows=(("SOC", "S"),), keyword_terms=("t",)
    )
    assert DocumentResult.from_json("g.md", "h", result.to_json()) == result
