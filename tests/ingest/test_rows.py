from cica_qa.ingest.rows import cells_of, row_block, row_blocks
from cica_qa.types import Location

HERE = Location("page", 1, 1)


def test_cells_pair_with_headers_and_fill_gaps():
    assert cells_of(["Area", "", "Co"], [" Tourism\n", None]) == (
        ("Area", "Tourism"),
        ("Column 2", "—"),
        ("Co", "—"),
    )


def test_extra_cells_get_column_names():
    assert cells_of(["A"], ["x", "y"]) == (("A", "x"), ("Column 2", "y"))


def test_blank_rows_are_dropped():
    assert row_block(["A"], ["  "], HERE) is None
    assert [b.text for b in row_blocks([["A", "B"], ["1", "2"], ["", None]], HERE)] == ["1 | 2"]
