"""The cica-web eval suite as the issue asks for it: real CICA documents in every format, with
their sources, and questions of every kind, a third held out."""

import re
from collections import Counter
from pathlib import Path

import pytest

from cica_qa.evals.score import contains_fact
from cica_qa.evals.suites import load_suites
from cica_qa.ingest.load import load_corpus
from cica_qa.ingest.readers import parse_file

# reads every document of the corpus, PDFs and DOCX included: seconds, not milliseconds
pytestmark = pytest.mark.slow
ROOT = Path(__file__).parents[2]
FOLDER = ROOT / "evals" / "corpora" / "cica-web"


@pytest.fixture(scope="module")
def suite():
    return next(s for s in load_suites(ROOT / "evals" / "suites.yaml") if s.name == "cica-web")


@pytest.fixture(scope="module")
def documents(suite):
    """Each document of the suite's corpus (not the brochure's copies), read as ingest reads it."""
    corpus = load_corpus(ROOT / suite.corpus)
    return {f.name: parse_file(f) for f in corpus.files if "/" in f.name}


def test_the_brochure_in_the_suite_is_the_served_corpus_unchanged(suite):
    # copies, not links: ingest never follows a link out of its corpus folder
    served = sorted(p.name for p in (ROOT / "corpus").iterdir() if p.is_file())
    assert served
    for name in served:
        copy = ROOT / suite.corpus / name
        assert not copy.is_symlink(), f"{copy} is a link: ingest skips links out of the folder"
        assert copy.read_bytes() == (ROOT / "corpus" / name).read_bytes(), (
            f"{copy} differs from corpus/{name}: copy corpus/{name} over it"
        )
    loaded = {f.name for f in load_corpus(ROOT / suite.corpus).files}
    assert set(served) <= loaded


def text_of(parsed) -> str:
    return "\n".join(" ".join([b.text, *(v for _, v in b.cells)]) for b in parsed.blocks)


def test_at_least_25_documents_in_every_format_each_read_whole(documents):
    assert len(documents) >= 25
    formats = Counter(Path(name).suffix for name in documents)
    assert set(formats) == {".html", ".md", ".txt", ".docx", ".pdf"}, formats
    assert all(hasattr(parsed, "blocks") for parsed in documents.values()), documents


def test_at_least_two_pdfs_hold_a_ruled_coordinator_table(documents):
    tables = [
        name
        for name, parsed in documents.items()
        if name.endswith(".pdf")
        and any(b.kind == "row" and "coordinator" in str(b.cells).lower() for b in parsed.blocks)
    ]
    assert len(tables) >= 2, tables


def test_every_document_has_its_sources_listed(documents):
    sources = (FOLDER / "SOURCES.md").read_text(encoding="utf-8")
    assert [name for name in documents if Path(name).name not in sources] == []
    assert sources.count("https://") >= len(documents)


def test_items_of_every_kind_and_a_held_out_third(suite):
    items = suite.items()
    assert len(items) >= 150
    assert sum(item.abstain for item in items) >= 25
    assert 0.3 <= sum(item.held_out for item in items) / len(items) <= 0.4
    categories = Counter(item.category for item in items)
    kinds = {"who", "where", "when", "how-many", "which", "list", "yes-no", "date-pinned"}
    kinds |= {"ordinal", "paraphrase", "misspelling", "follow-up", "false-premise"}
    assert kinds <= set(categories), categories
    assert all(categories[kind] >= 2 for kind in kinds)
    assert sum(bool(item.history) for item in items) >= 8


def test_every_expected_fact_is_in_a_document_the_item_names(suite, documents):
    texts = {name: text_of(parsed) for name, parsed in documents.items()}
    missing = []
    for item in suite.items():
        if item.abstain:
            continue
        named = [texts[e.document] for e in item.evidence]
        assert named, f"{item.id} names no evidence document"
        for fact in item.expect:
            if not any(contains_fact(text, fact) for text in named):
                missing.append(f"{item.id}: {fact}")
        if item.any_of and not any(contains_fact(t, f) for t in named for f in item.any_of):
            missing.append(f"{item.id}: any of {item.any_of}")
    assert missing == []


def test_no_document_copies_a_line_of_another(documents):
    """A guard against one document pasted into another: no long line appears twice."""
    seen: dict[str, str] = {}
    for name, parsed in documents.items():
        for block in parsed.blocks:
            for sentence in re.split(r"(?<=[.!?])\s+", block.text):
                if len(sentence) > 80:
                    assert seen.setdefault(sentence, name) == name, (name, seen[sentence])
