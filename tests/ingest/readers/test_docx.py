"""The DOCX reader on a DOCX the tests build (conftest.sample_docx)."""

import pytest

from cica_qa.ingest.readers.docx import read_docx
from cica_qa.types import Location


@pytest.fixture(scope="module")
def blocks(sample_docx):
    return read_docx(sample_docx)


def test_heading_styles_become_levelled_headings(blocks):
    headings = [(b.text, b.level) for b in blocks if b.kind == "heading"]
    assert headings == [("Lumen Forum", 1), ("Coordinators", 2)]


def test_table_rows_keep_cells_and_their_position(blocks):
    rows = [b for b in blocks if b.kind == "row"]
    assert [b.cells for b in rows] == [
        (("Area", "Lanterns"), ("Coordinator", "Avalon")),
        (("Area", "Mirrors"), ("Coordinator", "—")),
    ]
    assert rows[0].location == Location("paragraph", 4, 4)


def test_paragraphs_and_list_items_in_document_order(blocks):
    texts = [b.text for b in blocks if b.kind == "text"]
    assert texts == ["The forum meets every three years.", "- Records are kept by the archive."]
    assert blocks[-1].location == Location("paragraph", 5, 5)
