from pathlib import Path

import pytest

from cica_qa.errors import CicaError
from cica_qa.types import Document
from ingest.load import Skipped, load_corpus, read_document


def test_utf8_text_becomes_a_document_with_its_hash():
    document = read_document("a.md", "Türkiye\n".encode())
    assert isinstance(document, Document)
    assert document.text == "Türkiye\n"
    assert len(document.sha256) == 64


def test_byte_order_mark_is_dropped():
    document = read_document("a.txt", b"\xef\xbb\xbfHello")
    assert isinstance(document, Document) and document.text == "Hello"


def test_non_utf8_file_is_skipped_with_the_fix():
    skipped = read_document("latin1.txt", "café".encode("latin-1"))
    assert isinstance(skipped, Skipped)
    assert "not UTF-8" in skipped.reason and "re-save it as UTF-8" in skipped.reason


def test_binary_file_is_skipped():
    skipped = read_document("image.txt", b"\x89PNG\x00\x00")
    assert isinstance(skipped, Skipped) and "binary" in skipped.reason


def test_empty_file_is_skipped():
    assert read_document("blank.md", b"  \n\n") == Skipped("blank.md", "empty")


def test_corpus_reads_supported_files_in_order_and_reports_the_rest(tmp_path: Path):
    (tmp_path / "b.md").write_text("B", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    (tmp_path / ".hidden.md").write_text("H", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [d.name for d in corpus.documents] == ["b.md", "sub/a.txt"]
    assert corpus.skipped == (Skipped("report.pdf", "unsupported type .pdf"),)


def test_missing_corpus_folder_is_an_error_with_the_fix(tmp_path: Path):
    with pytest.raises(CicaError, match=r"does not exist: create it.*CICA_CORPUS_DIR"):
        load_corpus(tmp_path / "nowhere")
