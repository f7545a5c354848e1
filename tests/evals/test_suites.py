from pathlib import Path

import pytest

from cica_qa.errors import EvalFileError
from cica_qa.evals.suites import load_suites, select

ROOT = Path(__file__).parents[2]
ITEM = "- {id: %s, category: c, question: q, abstain: true}\n"


def write_suite(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "suites.yaml"
    path.write_text(body, encoding="utf-8")
    return path


def test_a_suite_reads_every_questions_file_of_its_folder(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    (folder / "a.yaml").write_text("items:\n" + ITEM % "a-1", encoding="utf-8")
    (folder / "b.yaml").write_text("items:\n" + ITEM % "b-1" + ITEM % "b-2", encoding="utf-8")
    path = write_suite(tmp_path, f"suites:\n  web:\n    questions: {folder}\n    corpus: docs\n")
    (suite,) = load_suites(path)
    assert (suite.name, suite.corpus, suite.gate) == ("web", Path("docs"), None)
    assert [item.id for item in suite.items()] == ["a-1", "b-1", "b-2"]


def test_an_id_used_in_two_files_of_a_suite_is_refused(tmp_path):
    folder = tmp_path / "questions"
    folder.mkdir()
    for name in ("a.yaml", "b.yaml"):
        (folder / name).write_text("items:\n" + ITEM % "same", encoding="utf-8")
    path = write_suite(tmp_path, f"suites:\n  web:\n    questions: {folder}\n    corpus: d\n")
    with pytest.raises(EvalFileError, match="'same' appears twice"):
        load_suites(path)[0].items()


def test_a_malformed_suites_file_or_an_unknown_suite_is_named(tmp_path):
    bad = write_suite(tmp_path, "suites:\n  web: {questions: q.yaml, corpus: c, gates: 1}\n")
    with pytest.raises(EvalFileError, match="must list `suites:` by name"):
        load_suites(bad)
    good = write_suite(tmp_path, "suites:\n  web: {questions: q.yaml, corpus: c}\n")
    with pytest.raises(EvalFileError, match="no eval suite 'other': choose one of web"):
        select(load_suites(good), "other")


def test_the_shipped_suites_load_with_their_gates():
    suites = {s.name: s for s in load_suites(ROOT / "evals" / "suites.yaml")}
    assert set(suites) >= {"brochure", "cica-web"}
    brochure = suites["brochure"]
    assert brochure.gate is not None and brochure.gate.min_accuracy >= 0.9
    assert len(brochure.items()) >= 200
