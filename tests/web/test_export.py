"""Exported conversations (pure): Markdown escaped, Word documents that open."""

import io

import pytest
from docx import Document

from cica_qa.web.conversations import SavedAnswer
from cica_qa.web.export import exported, file_name, to_markdown

CITATION = {
    "number": 1,
    "document": "lamps.md",
    "section": "History",
    "location": "lines 3-4",
    "text": "The *Lantern* Charter <script>x</script> was adopted in 1987.\nSecond line.",
    "row": "",
    "original": "",
    "date": "2025-02-27",
}


def saved(question="When?", answer="In 1987. [1]", abstained=False, **data) -> SavedAnswer:
    body = {
        "question": question,
        "standalone_question": data.pop("standalone", question),
        "answer": answer,
        "earlier": data.pop("earlier", ""),
        "abstained": abstained,
        "citations": [] if abstained else [CITATION],
        "related": [CITATION] if abstained else [],
    }
    return SavedAnswer("a1", "c1", "", 0, "2026-12-03T14:05:00+00:00", question, answer, body, {})


def test_markdown_quotes_each_source_with_where_and_when_and_escapes_document_text():
    text = to_markdown([saved(earlier="Earlier documents said: 1986 [1] (old.md, 1 May 2019).")])
    assert "## 1. When?" in text and "In 1987. [1]" in text
    assert "\\[1\\] lamps.md › History, lines 3-4 · 27 February 2025" in text
    assert "> The \\*Lantern\\* Charter &lt;script&gt;x&lt;/script&gt; was adopted" in text
    assert "> Second line." in text and "_Earlier documents said: 1986 [1]" in text


def test_an_abstention_exports_its_closest_passages_as_such():
    text = to_markdown([saved(answer="The documents don't say.", abstained=True)])
    assert "Closest passages (none answers it)" in text and "• lamps.md" in text


def test_a_word_export_opens_and_holds_what_a_word_file_cannot_dropped():
    data = exported([saved(question="When\x00 \ud800?", standalone="When was it?")], "docx")
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert "1. When ?" in paragraphs and "Understood as: When was it?" in paragraphs
    assert any(p.startswith("The *Lantern* Charter <script>") for p in paragraphs)


def test_an_unknown_format_is_refused_and_files_are_named_by_their_day():
    with pytest.raises(ValueError, match="format=md or format=docx"):
        exported([saved()], "pdf")
    assert file_name([saved()], "md") == "cica-qa-2026-12-03.md"
