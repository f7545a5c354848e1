from pathlib import Path

import pytest

from cica_qa.errors import CicaError
from cica_qa.ingest.load import Skipped, load_corpus


def test_corpus_lists_supported_files_in_order_and_reports_the_rest(tmp_path: Path):
    (tmp_path / "b.md").write_text("B", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "a.txt").write_text("A", encoding="utf-8")
    (tmp_path / "report.pdf").write_bytes(b"%PDF")
    (tmp_path / "sheet.xlsx").write_bytes(b"PK")
    (tmp_path / "blank.html").write_text(" \n", encoding="utf-8")
    (tmp_path / ".hidden.md").write_text("H", encoding="utf-8")
    corpus = load_corpus(tmp_path)
    assert [f.name for f in corpus.files] == ["b.md", "report.pdf", "sub/a.txt"]
    assert corpus.skipped == (
        Skipped("blank.html", "empty file"),
        Skipped("sheet.xlsx", "unsupported type .xlsx"),
    )
    assert len(corpus.files[0].sha256) == 64


def test_missing_corpus_folder_is_an_error_with_the_fix(tmp_path: Path):
    with pytest.raises(CicaError, match=r"does not exist: create it.*CICA_CORPUS_DIR"):
        load_corpus(tmp_path / "nowhere")
