"""The `cica-qa` command as a user runs it: a subprocess with CICA_* settings."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

CLI = str(Path(sys.executable).parent / "cica-qa")


def run_cli(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, **env}
    return subprocess.run(
        [CLI, *args], capture_output=True, text=True, env=environment, timeout=300, check=False
    )


@pytest.mark.slow
def test_ask_json_has_the_documented_shape(tiny_index):
    result = run_cli(
        "ask",
        "--json",
        "When was the Lantern Charter adopted?",
        CICA_INDEX_DIR=str(tiny_index),
        CICA_COLLECTION="test_chunks",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {
        "question",
        "standalone_question",
        "answer",
        "abstained",
        "citations",
        "related",
        "written_by",
        "notice",
        "timings_ms",
    }
    assert data["question"] == "When was the Lantern Charter adopted?"
    assert "1987" in data["answer"] and data["abstained"] is False
    (citation,) = data["citations"]
    assert set(citation) == {
        "number",
        "document",
        "section",
        "location",
        "text",
        "score",
        "original",
        "row",
    }
    assert citation["number"] == 1 and citation["document"] == "milestones.txt"
    assert isinstance(citation["score"], float)
    assert data["timings_ms"]["total"] > 0


@pytest.mark.slow
def test_ask_prints_the_answer_and_numbered_sources(tiny_index):
    result = run_cli(
        "ask",
        "When was the Lantern Charter adopted?",
        CICA_INDEX_DIR=str(tiny_index),
        CICA_COLLECTION="test_chunks",
    )
    assert result.returncode == 0, result.stderr
    first, *rest = result.stdout.splitlines()
    assert "1987" in first and first.endswith("[1]")
    assert "Sources:" in rest
    assert any(line.startswith("[1] milestones.txt › MILESTONES, line") for line in rest)


def test_ask_without_an_index_is_one_line_and_exit_2(tmp_path):
    result = run_cli("ask", "When?", CICA_INDEX_DIR=str(tmp_path / "missing"))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"error: no index at {tmp_path / 'missing'}: run `cica-qa ingest` (or `make run`) first"
    ]


def test_empty_question_is_one_line_and_exit_2(tmp_path):
    result = run_cli("ask", "  ", CICA_INDEX_DIR=str(tmp_path))
    assert result.returncode == 2
    assert result.stderr == "error: the question is empty: type a question about CICA\n"


def test_bad_setting_is_one_line_and_exit_2():
    result = run_cli("ask", "When?", CICA_TOP_K="lots")
    assert result.returncode == 2
    assert result.stderr.startswith("error: CICA_TOP_K ('lots')")
    assert "Traceback" not in result.stderr
