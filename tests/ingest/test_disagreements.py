"""Facts documents state differently: the same row and column with other values."""

from cica_qa.ingest.disagreements import Disagreement, Said, find_disagreements
from cica_qa.types import Chunk, DocumentDate, Location

AT = Location("line", 1, 1)


def row(document: str, label: str, *cells: tuple[str, str], glossary=False) -> Chunk:
    return Chunk(
        f"{document}#{label}",
        document,
        "Table",
        AT,
        "text",
        cells=(("Area", label), *cells),
        glossary=glossary,
    )


DATES = {
    "old.md": DocumentDate("2019-05-01", "dateline"),
    "new.pdf": DocumentDate("2025-02-27", "metadata"),
}


def test_the_same_row_and_column_with_other_values_disagree_newest_first():
    found = find_disagreements(
        [
            row("old.md", "Lamp safety", ("Coordinator", "Ruritania"), ("Since", "2012")),
            row("new.pdf", "Lamp Safety", ("coordinator", "Borduria"), ("Since", "2012")),
            row("notes.md", "Lamp safety", ("Coordinator", "Borduria")),
        ],
        DATES,
    )
    assert found == (
        Disagreement(
            "Lamp safety",
            "Coordinator",
            (
                Said("new.pdf", "Borduria", "2025-02-27"),
                Said("old.md", "Ruritania", "2019-05-01"),
                Said("notes.md", "Borduria", ""),
            ),
        ),
    )
    assert found[0].line() == (
        "Lamp safety › Coordinator: Borduria (new.pdf, 27 February 2025); Ruritania (old.md, "
        "1 May 2019); Borduria (notes.md, undated)"
    )


def test_placeholders_numbered_rows_one_document_and_glossaries_are_left_out():
    chunks = [
        row("old.md", "Lamp safety", ("Co-coordinators", "not named")),
        row("new.pdf", "Lamp safety", ("Co-coordinators", "Syldavia")),
        row("old.md", "1st", ("Venue", "Duskport")),
        row("new.pdf", "1st", ("Venue", "Glimmer")),
        row("old.md", "2022", ("Event", "A fair")),
        row("new.pdf", "2022", ("Event", "A summit")),
        row("old.md", "Ferries", ("Count", "12")),
        row("old.md", "Ferries ", ("Count", "14")),
        row("a.md", "Lamp", ("Word", "Lantern"), glossary=True),
        row("b.md", "Lamp", ("Word", "Torch"), glossary=True),
    ]
    assert find_disagreements(chunks, DATES) == ()
