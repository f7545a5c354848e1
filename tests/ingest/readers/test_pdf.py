"""The PDF reader on a PDF the tests build (conftest.sample_pdf)."""

import pytest

from cica_qa.ingest.readers.pdf import read_pdf
from cica_qa.types import Location


@pytest.fixture(scope="module")
def blocks(sample_pdf):
    return read_pdf(sample_pdf)


def test_table_rows_pair_headers_with_cells(blocks):
    rows = [b for b in blocks if b.kind == "row"]
    assert [b.cells for b in rows] == [
        (
            ("Area", "Lanterns"),
            ("Coordinator", "Avalon"),
            ("Co-coordinators", "Brightwater, Cindermoor"),
        ),
        (("Area", "Mirrors"), ("Coordinator", "Duskvale"), ("Co-coordinators", "—")),
    ]
    assert {b.location for b in rows} == {Location("page", 1, 1)}


def test_larger_type_is_a_heading_and_prose_keeps_its_page(blocks):
    assert blocks[0].kind == "heading" and blocks[0].text == "Lumen Forum Coordinators"
    prose = [b for b in blocks if b.kind == "text"]
    assert prose[0].text.startswith("The forum has two working areas.")
    assert prose[-1].text == "The Glass Accord was signed in 1994."
    assert prose[-1].location == Location("page", 2, 2)


def test_table_text_is_not_repeated_as_prose(blocks):
    prose = " ".join(b.text for b in blocks if b.kind == "text")
    assert "Avalon" not in prose
