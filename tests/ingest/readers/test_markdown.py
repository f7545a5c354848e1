from cica_qa.ingest.readers.markdown import read_markdown
from cica_qa.types import Location

DOC = """# Lumen Forum

The forum meets **every three years**
in [Brightwater](https://example.org).

## Coordinators

| Area | Coordinator | Co-coordinators |
|---|---|---|
| Lanterns | Avalon | Brightwater, Cindermoor |
| Mirrors | *Duskvale* | |

- first
- second
  - nested

1. one
2. two
"""


def test_headings_and_paragraph_lose_markup_and_keep_lines():
    blocks = read_markdown(DOC)
    assert (blocks[0].kind, blocks[0].text, blocks[0].level) == ("heading", "Lumen Forum", 1)
    assert blocks[1].text == "The forum meets every three years\nin Brightwater."
    assert blocks[1].location == Location("line", 3, 4)
    assert (blocks[2].text, blocks[2].level) == ("Coordinators", 2)


def test_each_table_row_is_a_block_with_header_cells_and_its_line():
    rows = [b for b in read_markdown(DOC) if b.kind == "row"]
    assert [(b.cells, b.location) for b in rows] == [
        (
            (
                ("Area", "Lanterns"),
                ("Coordinator", "Avalon"),
                ("Co-coordinators", "Brightwater, Cindermoor"),
            ),
            Location("line", 10, 10),
        ),
        (
            (("Area", "Mirrors"), ("Coordinator", "Duskvale"), ("Co-coordinators", "—")),
            Location("line", 11, 11),
        ),
    ]


def test_lists_stay_whole_with_markers_and_nesting():
    texts = [b.text for b in read_markdown(DOC) if b.kind == "text"]
    assert texts[1:] == ["- first\n- second\n  - nested", "1. one\n2. two"]
