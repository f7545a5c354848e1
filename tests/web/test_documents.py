"""Managing the corpus folder from the browser: adding, deleting into the trash, restoring."""

import pytest

from cica_qa.web.documents import CorpusFolder, DocumentError, checked_name


@pytest.fixture
def folder(tmp_path):
    root = tmp_path / "corpus"
    (root / "events").mkdir(parents=True)
    (root / "lamps.md").write_text("# Lamps\n\nThe lamps are lit.\n")
    (root / "events" / "fair.html").write_text("<p>The fair opens.</p>")
    return CorpusFolder(root, tmp_path / "trash")


@pytest.mark.parametrize(
    ("name", "why"),
    [
        ("", "without a name"),
        ("../escape.md", "names a folder"),
        ("sub/inner.md", "names a folder"),
        ("a\\b.md", "names a folder"),
        (".hidden.md", "hidden file name"),
        ("report.exe", "not a format ingest reads"),
        ("noextension", "not a format ingest reads"),
        ("bad\u200bname.md", "invisible or control characters"),
        ("x" * 300 + ".md", "over 200 characters"),
    ],
)
def test_an_unsafe_or_unreadable_name_is_refused_saying_why(name, why):
    with pytest.raises(DocumentError, match=why):
        checked_name(name)


def test_a_document_is_added_and_one_of_the_same_name_replaced_only_when_asked(folder):
    added = folder.add("New Report.PDF", b"%PDF-1.4 data")
    assert (added.name, added.replaced) == ("New Report.PDF", False)
    assert (folder.root / "New Report.PDF").read_bytes() == b"%PDF-1.4 data"
    with pytest.raises(DocumentError, match="already in the corpus"):
        folder.add("lamps.md", b"# Other")
    assert (folder.root / "lamps.md").read_text().startswith("# Lamps")
    replaced = folder.add("lamps.md", b"# Lamps v2", replace=True)
    assert replaced.replaced and (folder.root / "lamps.md").read_text() == "# Lamps v2"
    assert [t.name for t in folder.trashed()] == ["lamps.md"]  # the old one is kept


def test_an_empty_or_oversized_upload_is_refused_and_writes_nothing(folder, monkeypatch):
    with pytest.raises(DocumentError, match="empty"):
        folder.add("blank.txt", b"  \n")
    monkeypatch.setattr("cica_qa.web.documents.MAX_FILE_BYTES", 10)
    with pytest.raises(DocumentError, match="over the 0 MiB limit"):
        folder.add("big.txt", b"x" * 11)
    assert sorted(p.name for p in folder.root.iterdir()) == ["events", "lamps.md"]


def test_a_deleted_document_goes_to_the_trash_and_comes_back(folder):
    trashed = folder.delete("events/fair.html")
    assert not (folder.root / "events" / "fair.html").exists()
    assert [t.name for t in folder.trashed()] == ["events/fair.html"]
    assert folder.restore(trashed.id) == "events/fair.html"
    assert (folder.root / "events" / "fair.html").read_text() == "<p>The fair opens.</p>"
    assert folder.trashed() == []
    with pytest.raises(DocumentError, match="no longer in the trash"):
        folder.restore(trashed.id)


def test_restoring_over_a_new_document_of_the_same_name_needs_asking(folder):
    old = folder.delete("lamps.md")
    folder.add("lamps.md", b"# New lamps")
    with pytest.raises(DocumentError, match="in the corpus again"):
        folder.restore(old.id)
    folder.restore(old.id, replace=True)
    assert (folder.root / "lamps.md").read_text().startswith("# Lamps")


@pytest.mark.parametrize("name", ["../outside.md", "/etc/passwd", "missing.md", ""])
def test_only_documents_inside_the_folder_can_be_deleted(folder, name):
    with pytest.raises(DocumentError):
        folder.delete(name)
