from cica_qa.types import Line
from ingest.chunk import chunk_id, chunk_lines, section_text, split_sections
from ingest.clean import clean_lines


def whole(text: str) -> list[str]:
    return [text]


def test_markdown_headings_form_a_path():
    lines = clean_lines(
        "# Forum\n\n## Bodies\n\n### Council\n\nMeets yearly.\n\n## Secretariat\n\nSmall."
    )
    sections = split_sections(lines, markdown=True)
    assert [s.heading for s in sections] == ["Forum › Bodies › Council", "Forum › Secretariat"]


def test_plain_text_heading_needs_a_section_break_before_it():
    text = "\n\nGOVERNING BODIES\n\nSUMMIT\n\nEvery four years\n\n\n\nSECRETARIAT\n\nAstana"
    sections = split_sections(clean_lines(text), markdown=False)
    assert [s.heading for s in sections] == ["GOVERNING BODIES", "SECRETARIAT"]
    assert [line.text for line in sections[0].lines] == [
        "GOVERNING BODIES",
        "SUMMIT",
        "Every four years",
    ]


def test_headings_without_a_body_join_the_next_section():
    sections = split_sections(clean_lines("\n\nOUR\n\n\nGOALS\n\nAlmaty Act"), markdown=False)
    assert [(s.heading, len(s.lines)) for s in sections] == [("OUR / GOALS", 3)]


def test_section_text_keeps_paragraph_breaks_and_drops_heading_marks():
    text, offsets = section_text((Line(1, "## Bodies"), Line(3, "one"), Line(4, "two")))
    assert text == "Bodies\n\none\ntwo"
    assert offsets == [0, 8, 12]


def test_chunks_remember_document_section_and_line_range():
    lines = clean_lines("# Forum\n\nIntro.\n\n## Bodies\n\nThe council\nmeets yearly.")
    chunks = chunk_lines("forum.md", lines, whole)
    assert [(c.section, c.line_start, c.line_end) for c in chunks] == [
        ("Forum", 1, 3),
        ("Forum › Bodies", 5, 8),
    ]
    assert chunks[1].text == "Bodies\n\nThe council\nmeets yearly."
    assert chunks[1].location == "lines 5-8"


def test_split_pieces_map_to_the_lines_they_cover():
    lines = clean_lines("# T\n\nalpha\n\nbeta\n\ngamma")

    def by_paragraph(text: str) -> list[str]:
        return text.split("\n\n")

    chunks = chunk_lines("t.md", lines, by_paragraph)
    assert [(c.text, c.line_start, c.line_end) for c in chunks] == [
        ("T", 1, 1),
        ("alpha", 3, 3),
        ("beta", 5, 5),
        ("gamma", 7, 7),
    ]


def test_chunk_ids_depend_on_document_position_and_content():
    base = chunk_id("a.md", 1, 3, "text")
    assert base == chunk_id("a.md", 1, 3, "text")
    assert (
        len(
            {
                base,
                chunk_id("b.md", 1, 3, "text"),
                chunk_id("a.md", 2, 3, "text"),
                chunk_id("a.md", 1, 3, "other"),
            }
        )
        == 4
    )
