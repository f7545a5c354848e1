from cica_qa.ingest.blocks import Block
from cica_qa.ingest.chunk import chunk_blocks, chunk_id, row_text
from cica_qa.types import Location


def line(n: int, m: int | None = None) -> Location:
    return Location("line", n, m or n)


def heading(text: str, level: int, n: int) -> Block:
    return Block("heading", text, line(n), level)


def text(words: str, n: int, m: int | None = None) -> Block:
    return Block("text", words, line(n, m))


def row(n: int, **cells: str) -> Block:
    return Block("row", " | ".join(cells.values()), line(n), cells=tuple(cells.items()))


def whole(section: str) -> list[str]:
    return [section]


def test_prose_sections_carry_their_heading_path_and_line_range():
    blocks = [
        heading("Forum", 1, 1),
        text("Intro.", 3),
        heading("Bodies", 2, 5),
        text("The council\nmeets yearly.", 7, 8),
        heading("Secretariat", 1, 10),
        text("Small.", 12),
    ]
    chunks = chunk_blocks("forum.md", blocks, whole)
    assert [(c.section, str(c.location), c.text) for c in chunks] == [
        ("Forum", "lines 1-3", "Forum\n\nIntro."),
        ("Forum › Bodies", "lines 5-8", "Bodies\n\nThe council\nmeets yearly."),
        ("Secretariat", "lines 10-12", "Secretariat\n\nSmall."),
    ]


def test_each_table_row_is_its_own_chunk_with_path_headers_and_cells():
    blocks = [
        heading("Catalogue", 1, 1),
        heading("Economic dimension", 2, 3),
        row(5, **{"Priority area": "Tourism", "Coordinator": "Tajikistan"}),
        row(6, **{"Priority area": "Finance", "Coordinator": "China"}),
    ]
    chunks = chunk_blocks("b.md", blocks, whole)
    assert [c.text for c in chunks] == [
        "Catalogue › Economic dimension — Priority area: Tourism; Coordinator: Tajikistan",
        "Catalogue › Economic dimension — Priority area: Finance; Coordinator: China",
    ]
    assert chunks[0].cells == (("Priority area", "Tourism"), ("Coordinator", "Tajikistan"))
    assert chunks[0].row == "Tourism" and chunks[0].location == line(5)


def test_row_text_includes_a_caption():
    block = Block("row", "x", line(1), cells=(("A", "x"),), caption="Working areas")
    assert row_text("Forum", block) == "Forum — Working areas — A: x"
    assert row_text("", Block("row", "x", line(1), cells=(("A", "x"),))) == "A: x"


def test_prose_before_and_after_a_table_are_separate_chunks():
    blocks = [heading("Bodies", 1, 1), text("Before.", 3), row(5, Body="SOC"), text("After.", 7)]
    chunks = chunk_blocks("b.md", blocks, whole)
    assert [c.text for c in chunks] == ["Bodies\n\nBefore.", "Bodies — Body: SOC", "After."]


def test_same_level_headings_without_a_body_join():
    blocks = [heading("OUR", 1, 3), heading("GOALS", 1, 7), text("Almaty Act", 9)]
    (chunk,) = chunk_blocks("b.txt", blocks, whole)
    assert chunk.section == "OUR / GOALS"
    assert chunk.text == "OUR\n\nGOALS\n\nAlmaty Act"


def test_split_pieces_get_the_locations_of_the_blocks_they_cover():
    blocks = [heading("T", 1, 1), text("alpha", 3), text("beta", 5), text("gamma", 7, 8)]

    def by_paragraph(section: str) -> list[str]:
        return section.split("\n\n")

    chunks = chunk_blocks("t.md", blocks, by_paragraph)
    assert [(c.text, str(c.location)) for c in chunks] == [
        ("T", "line 1"),
        ("alpha", "line 3"),
        ("beta", "line 5"),
        ("gamma", "lines 7-8"),
    ]


def test_edition_chunks_name_their_original():
    chunks = chunk_blocks("b.md", [text("x", 1)], whole, original="b.txt")
    assert chunks[0].original == "b.txt"


def test_chunk_ids_depend_on_document_position_and_content():
    base = chunk_id("a.md", line(1, 3), "text")
    assert base == chunk_id("a.md", line(1, 3), "text")
    others = {
        chunk_id("b.md", line(1, 3), "text"),
        chunk_id("a.md", line(2, 3), "text"),
        chunk_id("a.md", line(1, 3), "other"),
        chunk_id("a.md", Location("page", 1, 3), "text"),
    }
    assert base not in others and len(others) == 4
