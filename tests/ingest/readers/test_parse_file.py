"""parse_file: the right reader per extension, and every bad file becomes a Skipped line."""

import hashlib

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_qa.ingest.blocks import ParsedDocument
from cica_qa.ingest.load import Skipped, SourceFile
from cica_qa.ingest.readers import parse_file
from cica_qa.types import DocumentDate


def source(name: str, data: bytes) -> SourceFile:
    return SourceFile(name, data, hashlib.sha256(data).hexdigest())


def test_markdown_front_matter_is_read_and_lines_keep_their_numbers():
    text = "---\nedition_of: a.txt\nedition_of_sha256: abc\n---\n\n# Title\n\nBody.\n"
    parsed = parse_file(source("a.md", text.encode()))
    assert isinstance(parsed, ParsedDocument)
    assert (parsed.edition_of, parsed.edition_of_sha256) == ("a.txt", "abc")
    assert parsed.blocks[0].text == "Title" and parsed.blocks[0].location.start == 6


def test_cp1251_text_is_read_with_a_warning():
    parsed = parse_file(source("ru.txt", "Совещание министров иностранных дел".encode("cp1251")))
    assert isinstance(parsed, ParsedDocument)
    assert parsed.blocks[0].text == "Совещание министров иностранных дел"
    assert parsed.warnings == ("not UTF-8; read as cp1251: re-save it as UTF-8 to be sure",)


def test_latin1_text_is_read_with_a_warning():
    parsed = parse_file(source("fr.md", "Réunion des ministres à Genève".encode("latin-1")))
    assert parsed.blocks[0].text == "Réunion des ministres à Genève"
    assert "read as latin_1" in parsed.warnings[0]


def test_utf8_with_bom_is_plain_utf8():
    parsed = parse_file(source("bom.txt", b"\xef\xbb\xbfHello there"))
    assert parsed.blocks[0].text == "Hello there" and parsed.warnings == ()


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("binary.md", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", "binary content (NUL bytes)"),
        ("broken.pdf", b"%PDF-1.4 this is not really a pdf", "PDF could not be parsed"),
        ("broken.docx", b"PK\x03\x04 not a real zip", "DOCX could not be parsed"),
        ("only-markup.html", b"<html><script>x()</script></html>", "no text found"),
        ("bad-front.md", b"---\n- a list\n---\nBody", "front matter must be a YAML mapping"),
    ],
)
def test_bad_files_are_skipped_with_the_reason(name, data, reason):
    skipped = parse_file(source(name, data))
    assert isinstance(skipped, Skipped) and skipped.name == name
    assert reason in skipped.reason


def test_a_document_over_the_text_limit_is_skipped_with_the_setting_to_raise(
    sample_pdf: bytes,
):
    text = "A sentence of the forum's history. " * 40  # 1,400 characters
    for name, data in (("long.md", text.encode()), ("long.txt", text.encode())):
        assert isinstance(parse_file(source(name, data)), ParsedDocument)
        skipped = parse_file(source(name, data), max_chars=1000)
        assert isinstance(skipped, Skipped)
        assert skipped.reason == (
            "1,400 characters of text, over the 1,000 one document may hold: split it into "
            "smaller documents, or raise CICA_MAX_DOCUMENT_CHARS"
        )
    assert isinstance(parse_file(source("a.pdf", sample_pdf), max_chars=10_000), ParsedDocument)
    skipped = parse_file(source("a.pdf", sample_pdf), max_chars=100)
    assert isinstance(skipped, Skipped) and "over the 100 one document may hold" in skipped.reason


def test_a_docx_of_countless_empty_paragraphs_is_refused_before_they_are_read():
    import io

    import docx

    document = docx.Document()
    document.add_paragraph("The forum met twice.")
    for _ in range(300):
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    assert isinstance(parse_file(source("a.docx", data), max_chars=2000), ParsedDocument)
    skipped = parse_file(source("a.docx", data), max_chars=1000)
    assert isinstance(skipped, Skipped)
    assert skipped.reason == (
        "its body holds 302 paragraphs and tables, more than a document of 1,000 characters "
        "(CICA_MAX_DOCUMENT_CHARS) can fill: split it"
    )


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    suffix=st.sampled_from([".txt", ".md", ".html", ".htm", ".pdf", ".docx"]),
    data=st.binary(max_size=3000),
)
def test_any_bytes_under_any_extension_are_read_or_skipped_with_a_reason(suffix, data):
    parsed = parse_file(source(f"fuzz{suffix}", data))
    assert isinstance(parsed, ParsedDocument | Skipped)
    if isinstance(parsed, Skipped):
        assert parsed.reason and "\n" not in parsed.reason


@given(cut=st.floats(min_value=0.0, max_value=1.0))
def test_a_truncated_pdf_or_docx_is_read_or_skipped(sample_pdf, sample_docx, cut):
    for name, data in (("cut.pdf", sample_pdf), ("cut.docx", sample_docx)):
        parsed = parse_file(source(name, data[: int(len(data) * cut)]))
        assert isinstance(parsed, ParsedDocument | Skipped)


@pytest.mark.parametrize(
    "text",
    [
        "<div>" * 20_000 + "deep" + "</div>" * 20_000,
        "<table>" + "<tr><td>x</td>" * 20_000 + "</table>",
        "# " * 50_000,
        "| a |\n" + "|---|\n" * 20_000,
        "- " * 50_000 + "item",
    ],
)
def test_pathological_markup_is_read_or_skipped_quickly(text):
    import time

    started = time.perf_counter()
    for name in ("deep.html", "deep.md", "deep.txt"):
        assert isinstance(parse_file(source(name, text.encode())), ParsedDocument | Skipped)
    assert time.perf_counter() - started < 30


def test_a_markdown_document_is_dated_by_its_front_matter_and_names_what_it_supersedes():
    text = "---\ndate: 2025-02-27\nsupersedes: [old.md]\n---\n# Title\n\nBody.\n"
    parsed = parse_file(source("notes/2020-01-01.md", text.encode()))
    assert parsed.date == DocumentDate("2025-02-27", "front matter")
    assert parsed.supersedes == ("old.md",)


def test_an_html_page_is_dated_by_its_meta_tags_before_its_dateline():
    page = (
        '<html><head><meta property="article:published_time" content="2024-11-20T09:00:00+05:00">'
        "</head><body><h1>Forum met</h1><p>Duskport, 5 March 2024 — The forum met.</p></body>"
        "</html>"
    )
    assert parse_file(source("p.html", page.encode())).date == DocumentDate(
        "2024-11-20", "metadata"
    )
    bare = page.replace("article:published_time", "keywords")
    assert parse_file(source("p.html", bare.encode())).date == DocumentDate(
        "2024-03-05", "dateline"
    )


def test_a_docx_is_dated_by_its_core_properties_unless_they_are_the_templates():
    import io
    from datetime import datetime

    import docx

    def made(created: datetime | None) -> bytes:
        document = docx.Document()
        document.add_paragraph("Duskport, 5 March 2024 — The forum met.")
        if created is not None:
            document.core_properties.created = created
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()

    stamped = parse_file(source("r.docx", made(datetime(2024, 3, 7, 12, 0))))
    assert stamped.date == DocumentDate("2024-03-07", "metadata")
    untouched = parse_file(source("r.docx", made(None)))  # python-docx's template's dates
    assert untouched.date == DocumentDate("2024-03-05", "dateline")


def test_a_pdf_is_dated_by_its_creation_date():
    from datetime import UTC, datetime

    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_creation_date(datetime(2023, 6, 1, tzinfo=UTC))
    pdf.add_page()
    pdf.set_font("helvetica", size=11)
    pdf.cell(text="The forum met in Duskport.")
    parsed = parse_file(source("f.pdf", bytes(pdf.output())))
    assert parsed.date == DocumentDate("2023-06-01", "metadata")


def test_a_document_nothing_dates_is_undated():
    parsed = parse_file(source("notes.txt", b"The forum meets twice a year.\n"))
    assert not parsed.date.dated and parsed.date.rule == ""
