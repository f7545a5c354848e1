"""The About panel: every document with its date, the rule that found it, format, chunks,
when it was ingested and what supersedes what; the undated named."""

from cica_qa.index.manifest import DocumentFacts, new_manifest
from cica_qa.index.reader import IndexState
from cica_qa.types import DocumentDate
from cica_qa.web.about import about_html, document_rows


def manifest():
    return new_manifest(
        {"new.html": ("1", "2"), "old.pdf": ("3",), "notes.md": ("4",)},
        {"new.html": "h1", "old.pdf": "h2", "notes.md": "h3", "raw.txt": "h4"},
        {
            "new.html": DocumentFacts(DocumentDate("2025-02-27", "dateline"), ("old.pdf",)),
            "old.pdf": DocumentFacts(DocumentDate("2019-05", "metadata")),
        },
        model_id="m",
        chunker="c",
        ingested_at="2026-12-03T10:00:00+00:00",
    )


def test_each_document_is_listed_with_its_date_format_chunks_and_what_supersedes_it():
    rows = {row.name: row for row in document_rows(manifest())}
    assert (rows["new.html"].spoken, rows["new.html"].rule, rows["new.html"].format) == (
        "27 February 2025",
        "dateline",
        "HTML",
    )
    assert rows["new.html"].supersedes == ("old.pdf",)
    assert rows["old.pdf"].superseded_by == ("new.html",) and rows["old.pdf"].chunks == 1
    assert (rows["notes.md"].spoken, rows["notes.md"].rule) == ("undated", "")
    assert rows["raw.txt"].chunks == 0
    assert rows["notes.md"].ingested == "2026-12-03T10:00:00+00:00"


def test_the_panel_names_the_undated_and_escapes_document_names():
    made = manifest()
    evil = new_manifest(
        {"<b>x</b>.md": ("9",), **{n: e.chunk_ids for n, e in made.documents.items()}},
        {"<b>x</b>.md": "h9", **made.hashes},
        {n: DocumentFacts(e.date, e.supersedes) for n, e in made.documents.items()},
        model_id="m",
        chunker="c",
        ingested_at="t",
    )
    shown = about_html(IndexState(evil, None, None, None, store_description="embedded"))
    assert "3 indexed" not in shown and "4 indexed, 2 undated" in shown
    assert "2 documents carry no date" in shown
    assert '<time datetime="2025-02-27">27 February 2025</time>' in shown
    assert "supersedes old.pdf" in shown and "superseded by new.html" in shown
    assert "<b>x</b>" not in shown and "&lt;b&gt;x&lt;/b&gt;.md" in shown


def test_the_panel_lists_the_facts_documents_give_differently():
    from dataclasses import replace

    line = "Lamp safety › Coordinator: Borduria (new.html, 27 February 2025); <b>Ruritania</b>"
    shown = about_html(IndexState(replace(manifest(), disagreements=(line,)), None, None, None))
    assert "1 table fact differs between" in shown and "&lt;b&gt;Ruritania&lt;/b&gt;" in shown
    assert "cica-disagreements" not in about_html(IndexState(manifest(), None, None, None))
