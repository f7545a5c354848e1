import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cica_qa.errors import CicaError
from cica_qa.ingest.load import Skipped, load_corpus
from cica_qa.ingest.summary import IngestSummary


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


def _reasons(corpus_dir: Path) -> dict[str, str]:
    return {s.name: s.reason for s in load_corpus(corpus_dir).skipped}


def test_links_are_followed_inside_the_corpus_folder_only(tmp_path: Path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "users.txt").write_text("ann:scrypt$secret", encoding="utf-8")
    (corpus / "a.md").write_text("A", encoding="utf-8")
    (corpus / "outside.txt").symlink_to(tmp_path / "users.txt")
    (corpus / "inside.md").symlink_to(corpus / "a.md")
    (corpus / "gone.md").symlink_to(corpus / "deleted.md")
    (corpus / "loop.md").symlink_to(corpus / "loop.md")
    (corpus / "folder").symlink_to(tmp_path, target_is_directory=True)
    loaded = load_corpus(corpus)
    assert [f.name for f in loaded.files] == ["a.md", "inside.md"]
    assert all(b"secret" not in f.data for f in loaded.files)
    reasons = _reasons(corpus)
    assert reasons["outside.txt"].startswith("a symbolic link to a file outside the corpus")
    assert reasons["gone.md"].startswith("a symbolic link to nothing")
    assert reasons["loop.md"].startswith("cannot be opened (")
    assert reasons["folder/"].startswith("a symbolic link to a folder, not followed")


def test_a_named_pipe_is_passed_over_without_being_opened(tmp_path: Path):
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.md")  # opening it to read would wait for a writer for ever
    assert [f.name for f in load_corpus(tmp_path).files] == ["a.md"]
    assert _reasons(tmp_path) == {"pipe.md": "not a regular file (a named pipe, socket or device)"}


def test_a_name_that_is_not_utf8_is_passed_over_and_printed_escaped(tmp_path: Path):
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    with open(os.path.join(os.fsencode(tmp_path), b"caf\xe9.md"), "wb") as handle:
        handle.write(b"Some text")
    (tmp_path / "\x1b[31mred.md").write_text("R", encoding="utf-8")
    loaded = load_corpus(tmp_path)
    assert [f.name for f in loaded.files] == ["\x1b[31mred.md", "a.md"]
    (skipped,) = loaded.skipped
    assert skipped.reason == "its name is not valid UTF-8: rename the file"
    lines = IngestSummary(1, 1, 1, 0, loaded.skipped, ("in \x1b[31mred.md: a warning",), 1.0)
    assert lines.warning_lines() == [
        "skipped caf\\xe9.md: its name is not valid UTF-8: rename the file",
        "in \\x1b[31mred.md: a warning",
    ]
    "\n".join(lines.warning_lines()).encode("utf-8")  # printable, whatever the terminal


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files without read permission")
def test_unreadable_files_and_folders_are_passed_over_with_the_reason(tmp_path: Path):
    (tmp_path / "a.md").write_text("A", encoding="utf-8")
    (tmp_path / "locked.md").write_text("L", encoding="utf-8")
    (tmp_path / "locked.md").chmod(0)
    (tmp_path / "closed").mkdir()
    (tmp_path / "closed" / "b.md").write_text("B", encoding="utf-8")
    (tmp_path / "closed").chmod(0)
    try:
        reasons = _reasons(tmp_path)
    finally:
        (tmp_path / "closed").chmod(0o755)
    assert reasons["locked.md"].startswith("cannot be read (Permission denied)")
    assert reasons["closed/"] == "folder cannot be read (Permission denied)"


@given(
    st.lists(
        st.binary(min_size=1, max_size=40)
        .map(lambda raw: raw.replace(b"/", b"_").replace(b"\0", b"_"))
        .filter(lambda raw: raw not in (b".", b"..")),
        min_size=1,
        max_size=5,
        unique=True,
    )
)
def test_any_file_names_are_read_or_passed_over_and_every_line_prints(names):
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        for raw in names:
            with open(os.path.join(os.fsencode(folder), raw + b".md"), "wb") as handle:
                handle.write(b"The forum met.")
        loaded = load_corpus(Path(folder))
        assert len(loaded.files) + len(loaded.skipped) == len(
            [n for n in names if not n.startswith(b".")]
        )
        summary = IngestSummary(0, 0, 0, 0, loaded.skipped, (), 1.0)
        "\n".join(summary.warning_lines()).encode("utf-8")  # printable on any terminal
        for source in loaded.files:
            source.name.encode("utf-8")  # chunk ids are made from it


def test_a_name_leading_out_of_the_folder_is_never_read(tmp_path: Path):
    from cica_qa.ingest.load import check_file

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (tmp_path / "secret.md").write_text("salt and hash", encoding="utf-8")
    for name in ("../secret.md", str(tmp_path / "secret.md"), "a/../../secret.md"):
        checked = check_file(corpus.resolve(), name)
        assert isinstance(checked, Skipped) and "out of the corpus folder" in checked.reason


def _aged(path: Path, seconds: int = 60) -> None:
    """Set the file's modification time `seconds` back, as if written a while ago."""
    status = path.stat()
    os.utime(path, ns=(status.st_atime_ns, status.st_mtime_ns - seconds * 1_000_000_000))


def test_a_file_as_its_stamp_recorded_is_not_read_again_and_a_touched_one_is(tmp_path: Path):
    from cica_qa.ingest.load import SourceFile, UnreadFile

    page = tmp_path / "a.md"
    page.write_text("The Lumen Forum met in Duskport.", encoding="utf-8")
    _aged(page)
    first = load_corpus(tmp_path).files[0]
    assert isinstance(first, SourceFile) and first.stamp is not None
    assert first.stamp.sha256 == first.sha256
    # the same size and time: trusted, as make and rsync trust them (not even opened)
    when = page.stat().st_mtime_ns
    page.write_text("The Lumen Forum met in Saltmarsh", encoding="utf-8")
    os.utime(page, ns=(when, when))
    again = load_corpus(tmp_path, {"a.md": first.stamp}).files[0]
    assert again == UnreadFile("a.md", first.stamp) and again.sha256 == first.sha256
    os.utime(page, ns=(when + 1_000_000_000, when + 1_000_000_000))  # touched: read again
    touched = load_corpus(tmp_path, {"a.md": first.stamp}).files[0]
    assert isinstance(touched, SourceFile) and touched.sha256 != first.sha256


def test_a_file_modified_just_before_it_is_read_gets_no_stamp(tmp_path: Path):
    (tmp_path / "a.md").write_text("Written this very moment.", encoding="utf-8")
    assert load_corpus(tmp_path).stamps == {}  # a change in the same tick would be missed
