from cica_qa.ingest.readers.text import read_plain_text
from cica_qa.types import Location

TEXT = (
    "\n\nGOVERNING BODIES\n\nSUMMIT\nEvery four years\n\nMinisterial **Council**"
    "\n\n\n\nSECRETARIAT\n\nAstana"
)


def test_paragraphs_are_runs_of_lines_and_headings_follow_a_break():
    blocks = read_plain_text(TEXT)
    assert [(b.kind, b.text, b.location) for b in blocks] == [
        ("heading", "GOVERNING BODIES", Location("line", 3, 3)),
        ("text", "SUMMIT\nEvery four years", Location("line", 5, 6)),
        ("text", "Ministerial Council", Location("line", 8, 8)),
        ("heading", "SECRETARIAT", Location("line", 12, 12)),
        ("text", "Astana", Location("line", 14, 14)),
    ]
