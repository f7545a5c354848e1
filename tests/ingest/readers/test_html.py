from cica_qa.ingest.readers.html import read_html
from cica_qa.types import Location

PAGE = """<!doctype html>
<html><head><title>t</title><style>p {color: red}</style></head>
<body>
<h1>Lumen Forum</h1>
<p>The forum meets <b>every three years</b>.</p>
<script>alert("not content")</script>
<h2>Coordinators</h2>
<table>
  <caption>Working areas</caption>
  <tr><th>Area</th><th>Coordinator</th></tr>
  <tr><td>Lanterns</td><td>Avalon</td></tr>
  <tr><td>Mirrors</td><td></td></tr>
</table>
<ul><li>First item</li><li>Second item</li></ul>
<div>Loose text in a div.</div>
</body></html>
"""


def test_headings_paragraphs_and_lists_in_order_with_lines():
    blocks = read_html(PAGE)
    summary = [(b.kind, b.text, b.location.start) for b in blocks if b.kind != "row"]
    assert summary == [
        ("heading", "Lumen Forum", 4),
        ("text", "The forum meets every three years .", 5),
        ("heading", "Coordinators", 7),
        ("text", "- First item", 14),
        ("text", "- Second item", 14),
        ("text", "Loose text in a div.", 15),
    ]


def test_table_rows_carry_caption_cells_and_line():
    rows = [b for b in read_html(PAGE) if b.kind == "row"]
    assert [(b.cells, b.caption, b.location) for b in rows] == [
        (
            (("Area", "Lanterns"), ("Coordinator", "Avalon")),
            "Working areas",
            Location("line", 11, 11),
        ),
        ((("Area", "Mirrors"), ("Coordinator", "—")), "Working areas", Location("line", 12, 12)),
    ]


def test_scripts_and_styles_are_not_content():
    text = " ".join(b.text for b in read_html(PAGE))
    assert "alert" not in text and "color" not in text


def test_meta_tags_give_published_then_modified_dates_and_bad_ones_are_none():
    from cica_qa.ingest.readers.html import html_dates

    page = (
        '<head><meta name="dcterms.modified" content="2025-03-01">'
        '<META NAME="Date" CONTENT="2025-02-27T10:00:00Z">'
        '<meta name="pubdate" content="2025-13-01"><meta name="description" content="2020-01-01">'
        "</head>"
    )
    assert html_dates(page) == ("2025-02-27", "2025-03-01")
    assert html_dates("<p>no head</p>") == ()
