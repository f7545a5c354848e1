"""The structured edition of the brochure: in step with its original, and whole."""

import hashlib
from pathlib import Path

import pytest

from cica_qa.ingest.blocks import ParsedDocument
from cica_qa.ingest.load import SourceFile
from cica_qa.ingest.readers import parse_file

CORPUS = Path(__file__).parents[2] / "corpus"
SECTIONS = [
    "What is CICA",
    "Principles — Declaration of 14 September 1999",
    "Goals — Almaty Act of 4 June 2002",
    "Governing, working and advisory bodies",
    "Secretariat",
    "Catalogue of CBMs and its coordinators",
    "Milestones",
    "Transformation and its Road Map",
    "Azerbaijani Chairmanship 2024–2026",
    "Contacts",
]


@pytest.fixture(scope="module")
def edition() -> ParsedDocument:
    data = (CORPUS / "cica-brochure.md").read_bytes()
    parsed = parse_file(SourceFile("cica-brochure.md", data, hashlib.sha256(data).hexdigest()))
    assert isinstance(parsed, ParsedDocument)
    return parsed


def test_edition_names_its_original_with_the_current_hash(edition):
    original = (CORPUS / edition.edition_of).read_bytes()
    assert edition.edition_of == "cica-brochure.txt"
    assert edition.edition_of_sha256 == hashlib.sha256(original).hexdigest()


def test_top_level_sections_follow_the_brochure(edition):
    assert [b.text for b in edition.blocks if b.kind == "heading" and b.level == 1] == SECTIONS


def test_tables_have_every_row(edition):
    headers = {}
    for block in edition.blocks:
        if block.kind == "row":
            key = tuple(name for name, _ in block.cells)
            headers[key] = headers.get(key, 0) + 1
    assert headers == {
        ("Priority area", "Coordinator", "Co-coordinators"): 18,
        ("Body", "Meets"): 14,
        ("Unit", "Posts"): 5,
        ("Year", "Event", "Documents adopted"): 18,
    }
