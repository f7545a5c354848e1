import pytest

from bench.synthetic import chunks_per_document, document, write_corpus


def test_the_same_seed_gives_the_same_documents_and_another_seed_does_not():
    assert document(7, 3, seed=1) == document(7, 3, seed=1)
    assert document(7, 3, seed=1).text != document(7, 3, seed=2).text


def test_a_revision_changes_the_prose_but_not_the_tables():
    first, second = document(3, 2), document(3, 2, revision=1)
    assert first.text != second.text
    table = lambda text: [line for line in text.splitlines() if line.startswith("|")]  # noqa: E731
    assert table(first.text) == table(second.text)


def test_documents_have_prose_a_table_and_questions_about_both():
    doc = document(0, 4)
    assert doc.name == "report-00000.md"
    assert doc.text.count("\n| ") == 5  # the header and four priority-area rows
    assert doc.questions[0].startswith("How often does the ")
    assert all("Working Group" in q for q in doc.questions)


def test_writing_again_leaves_unchanged_files_alone(tmp_path):
    write_corpus(tmp_path, 3, 1)
    stamps = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    write_corpus(tmp_path, 3, 1, revised=frozenset({1}))
    after = {p.name: p.stat().st_mtime_ns for p in tmp_path.iterdir()}
    changed = {name for name in stamps if stamps[name] != after[name]}
    assert changed == {"report-00001.md"}


@pytest.mark.slow
def test_ingest_makes_the_expected_number_of_chunks(tmp_path, embedder):
    from cica_qa.ingest.parse import parse_corpus
    from tests.conftest import make_config

    write_corpus(tmp_path / "corpus", 12, 3)
    parsed = parse_corpus(make_config(tmp_path / "index", tmp_path / "corpus"), embedder)
    assert len(parsed.chunks) == 12 * chunks_per_document(3)


def test_a_grown_document_keeps_its_earlier_lines_so_their_chunks_keep_their_ids():
    small, grown = document(5, 1).text.splitlines(), document(5, 19).text.splitlines()
    assert grown[: len(small)] == small and len(grown) == len(small) + 18


@pytest.mark.slow
def test_growing_the_corpus_embeds_only_the_new_rows(tmp_path, embedder):
    from cica_qa.ingest.pipeline import run_ingest
    from tests.conftest import make_config

    config = make_config(tmp_path / "index", tmp_path / "corpus")
    write_corpus(config.corpus_dir, 4, 1)
    run_ingest(config, embedder, show_progress=False)
    write_corpus(config.corpus_dir, 4, 3)
    grown = run_ingest(config, embedder, show_progress=False)
    assert (grown.chunks, grown.embedded, grown.removed) == (4 * 4, 4 * 2, 0)
