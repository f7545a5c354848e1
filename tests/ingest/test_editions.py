from cica_qa.ingest.blocks import Block, ParsedDocument
from cica_qa.ingest.editions import apply_editions
from cica_qa.types import Location

BLOCK = (Block("text", "x", Location("line", 1, 1)),)
ORIGINAL = ParsedDocument("brochure.txt", "h-orig", BLOCK)
EDITION = ParsedDocument("brochure.md", "h-ed", BLOCK, "brochure.txt", "h-orig")
OTHER = ParsedDocument("notes.md", "h-notes", BLOCK)


def test_edition_replaces_its_original_and_names_it():
    indexed, warnings = apply_editions([ORIGINAL, EDITION, OTHER], {"brochure.txt": "h-orig"})
    assert [(i.document.name, i.original) for i in indexed] == [
        ("brochure.md", "brochure.txt"),
        ("notes.md", ""),
    ]
    assert warnings == []


def test_changed_original_asks_for_review_but_edition_is_still_indexed():
    indexed, warnings = apply_editions([ORIGINAL, EDITION], {"brochure.txt": "h-new"})
    assert [i.document.name for i in indexed] == ["brochure.md"]
    (warning,) = warnings
    assert warning.startswith("brochure.md needs review: brochure.txt changed since the edition")


def test_missing_original_is_reported():
    _, warnings = apply_editions([EDITION], {})
    assert warnings == ["brochure.md is an edition of brochure.txt, which is not in the corpus"]
