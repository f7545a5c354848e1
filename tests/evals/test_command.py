"""`cica-qa eval` end to end on the tiny corpus, in-process."""

import json

import pytest

from cica_qa.cli import main

ITEMS = """items:
- {id: charter, category: dates,
   question: "When was the Lantern Charter adopted?", expect: ["1987"]}
- {id: members, category: membership, question: "How many member lands are there?", expect: ["17"]}
- {id: bread, category: unanswerable, question: "How do I bake sourdough bread?", abstain: true}
- {id: wrong, category: dates, question: "When was the Glass Accord signed?", expect: ["1999"]}
"""


class Run:
    """What one `cica-qa eval` run returned and printed."""

    def __init__(self, returncode: int, stdout: str, stderr: str) -> None:
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr


@pytest.fixture
def run_eval(tmp_path, tiny_index, capsys, monkeypatch):
    """`cica-qa eval` of ITEMS over the tiny index, with these extra arguments."""

    def run(*args: str) -> Run:
        (tmp_path / "items.yaml").write_text(ITEMS, encoding="utf-8")
        monkeypatch.setenv("CICA_INDEX_DIR", str(tiny_index))
        argv = ["eval", "--quiet", "--file", str(tmp_path / "items.yaml")]
        code = main([*argv, "--reports", str(tmp_path / "reports"), *args])
        return Run(code, *capsys.readouterr())

    return run


@pytest.mark.slow
def test_eval_prints_a_table_and_writes_a_report(tmp_path, run_eval):
    result = run_eval()
    assert result.returncode == 0, result.stderr
    assert "dates" in result.stdout and "overall" in result.stdout
    report = json.loads((tmp_path / "reports" / "latest.json").read_text(encoding="utf-8"))
    overall = report["metrics"]["overall"]
    assert (overall["passed"], overall["items"], overall["accuracy"]) == (3, 4, 0.75)
    assert overall["abstention_recall"] == 1.0
    assert (
        (tmp_path / "reports" / "latest.html").read_text(encoding="utf-8").startswith("<!doctype")
    )
    outcome = {item["id"]: item["passed"] for item in report["items"]}
    assert outcome == {"charter": True, "members": True, "bread": True, "wrong": False}
    # which engine chose the answers, so two reports can be told apart
    # (by default the shipped answer model chooses and the rules' cosine decides)
    assert report["engine"] == {
        "name": "ranked",
        "threshold": 0.35,
        "measure": "cosine",
        "trained_on": "suites brochure, cica-web",
    }
    assert "answer engine: ranked (abstains under cosine 0.35)" in result.stdout


@pytest.mark.slow
def test_min_accuracy_above_the_score_fails_the_run(tmp_path, run_eval):
    result = run_eval("--min-accuracy", "0.9")
    assert result.returncode == 1
    assert "overall accuracy 75.0% is below --min-accuracy 90.0%" in result.stderr


def test_malformed_eval_file_fails_before_loading_the_model(tmp_path, capsys):
    (tmp_path / "bad.yaml").write_text("items: [", encoding="utf-8")
    assert main(["eval", "--file", str(tmp_path / "bad.yaml")]) == 2
    assert capsys.readouterr().err.startswith(
        f"error: eval file {tmp_path / 'bad.yaml'} is not valid YAML"
    )


@pytest.mark.slow
def test_compare_lists_regressions_and_no_regressions_fails_on_them(tmp_path, run_eval):
    previous = tmp_path / "previous.json"
    previous.write_text(
        json.dumps(
            {"items": [{"id": "wrong", "passed": True}, {"id": "charter", "passed": False}]}
        ),
        encoding="utf-8",
    )
    listed = run_eval("--compare", str(previous))
    assert listed.returncode == 0, listed.stderr
    assert "regressed (pass → fail): wrong" in listed.stdout
    assert "fixed (fail → pass): charter" in listed.stdout
    gated = run_eval("--compare", str(previous), "--no-regressions")
    assert gated.returncode == 1 and "1 items regressed" in gated.stderr


def test_no_regressions_without_compare_is_a_clear_error(tmp_path, capsys):
    (tmp_path / "items.yaml").write_text(ITEMS, encoding="utf-8")
    assert main(["eval", "--file", str(tmp_path / "items.yaml"), "--no-regressions"]) == 2
    assert capsys.readouterr().err == "error: --no-regressions needs --compare PREVIOUS.json\n"


@pytest.mark.slow
def test_a_suite_whose_corpus_has_a_skipped_file_stops_the_run(tmp_path, embedder, monkeypatch):
    import shutil

    from cica_qa.errors import EvalFileError
    from cica_qa.evals.command import EvalOptions, run_eval
    from cica_qa.settings import Settings
    from tests.conftest import TINY_CORPUS

    corpus = tmp_path / "corpus"
    shutil.copytree(TINY_CORPUS, corpus)
    (tmp_path / "elsewhere.md").write_text("# Elsewhere\n\nOutside the folder.\n")
    (corpus / "linked.md").symlink_to(tmp_path / "elsewhere.md")
    (tmp_path / "items.yaml").write_text(ITEMS, encoding="utf-8")
    suites = tmp_path / "suites.yaml"
    suites.write_text(
        f"suites:\n  tiny:\n    questions: {tmp_path / 'items.yaml'}\n    corpus: {corpus}\n",
        encoding="utf-8",
    )
    monkeypatch.setattr("cica_qa.embedder.MiniLMEmbedder", lambda: embedder)
    settings = Settings.from_env({"CICA_INDEX_DIR": str(tmp_path / "index" / "app")})
    options = EvalOptions(suites_file=suites, reports=tmp_path / "reports", quiet=True)
    with pytest.raises(
        EvalFileError, match=r"^suite tiny: ingest skipped 1 file\(s\) .*linked\.md"
    ):
        run_eval(options, settings)
