"""The `cica-qa` command in-process (`main(argv)`), with CICA_* settings in the environment."""

import json
import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cica_qa.cli import main
from cica_qa.web.feedback import FeedbackEntry, update_feedback
from cica_qa.web.users import load_users
from tests.conftest import TINY_CORPUS

PASSWORD = "correct horse battery"


@pytest.fixture
def env(monkeypatch, tmp_path):
    """Set CICA_* variables for one test; every path defaults into tmp_path."""
    for name, value in {
        "CICA_INDEX_DIR": tmp_path / "index",
        "CICA_CORPUS_DIR": TINY_CORPUS,
        "CICA_FEEDBACK_LOG": tmp_path / "feedback.jsonl",
        "CICA_USERS_FILE": tmp_path / "users.json",
        "CICA_AUDIT_LOG": tmp_path / "audit.jsonl",
    }.items():
        monkeypatch.setenv(name, str(value))

    def setenv(**values: object) -> None:
        for name, value in values.items():
            monkeypatch.setenv(name, str(value))

    return setenv


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_ask_loads_no_torch_web_framework_or_llama_index(tiny_index, question_encoder):
    """`cica-qa ask` in a fresh process: questions are encoded by the ONNX export, spaCy
    is imported without torch, and English words are looked up in the table kept beside the
    encoder, without wordfreq."""
    import subprocess
    import sys

    from cica_qa.answering.wordlists import word_table

    word_table(question_encoder.folder)  # as `cica-qa ingest` keeps it

    script = (
        "import sys\n"
        "from cica_qa.cli import main\n"
        "code = main(['ask', 'When was the Lantern Charter adopted?'])\n"
        "heavy = ('torch', 'sentence_transformers', 'transformers', 'gradio', 'llama_index',\n"
        "         'wordfreq')\n"
        "print('loaded:', sorted(m for m in heavy if m in sys.modules), code)\n"
    )
    environment = {
        **os.environ,
        "CICA_INDEX_DIR": str(tiny_index),
        "CICA_MODEL_DIR": str(question_encoder.folder),
    }
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0, done.stderr
    assert "1987" in done.stdout  # it answered
    assert done.stdout.strip().endswith("loaded: [] 0"), done.stdout
    assert "exporting" not in done.stderr  # the session's export was used


def test_ask_json_has_the_documented_shape(env, capsys, tiny_index):
    env(CICA_INDEX_DIR=tiny_index)
    code, out, err = run(capsys, "ask", "--json", "When was the Lantern Charter adopted?")
    assert code == 0, err
    data = json.loads(out)
    assert set(data) == {
        "id",
        "conversation_id",
        "question",
        "standalone_question",
        "answer",
        "earlier",
        "abstained",
        "citations",
        "related",
        "written_by",
        "notice",
        "timings_ms",
    }
    assert data["question"] == "When was the Lantern Charter adopted?"
    assert len(data["id"]) == 32 and data["conversation_id"] == ""  # the CLI saves nothing
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
        "date",
        "date_source",
    }
    assert citation["number"] == 1 and citation["document"] == "milestones.txt"
    assert (citation["date"], citation["date_source"]) == ("", "")  # nothing dates it
    assert citation["location"].startswith("line") and isinstance(citation["score"], float)
    assert data["timings_ms"]["total"] > 0


def test_ask_prints_the_answer_and_numbered_sources(env, capsys, tiny_index):
    env(CICA_INDEX_DIR=tiny_index)
    code, out, err = run(capsys, "ask", "When was the Lantern Charter adopted?")
    assert code == 0, err
    first, *rest = out.splitlines()
    assert "1987" in first and first.endswith("[1]")
    assert "Sources:" in rest
    assert any(line.startswith("[1] milestones.txt › MILESTONES, line") for line in rest)


def test_ask_without_an_index_is_one_line_and_exit_2(env, capsys, tmp_path):
    # fast: under `make test-fast` loading the model here would fail the test
    code, out, err = run(capsys, "ask", "When?")
    assert (code, out) == (2, "")
    assert err.splitlines() == [
        f"error: no index at {tmp_path / 'index'}: run `cica-qa ingest` (or `make run`) first"
    ]


def test_an_empty_question_is_one_line_and_exit_2(env, capsys):
    assert run(capsys, "ask", "  ") == (
        2,
        "",
        "error: the question is empty: type a question about CICA\n",
    )


def test_a_question_of_bytes_that_are_not_utf8_is_one_line_and_exit_2(env, capsys):
    # Python reads such bytes on a command line as lone surrogates ("caf\xe9" -> "caf\udce9")
    assert run(capsys, "ask", "Who chairs caf\udce9?") == (
        2,
        "",
        "error: the question holds bytes that are not text (input that is not UTF-8, or a "
        "lone surrogate): type it again\n",
    )


def test_a_bad_setting_is_one_line_and_exit_2(env, capsys):
    env(CICA_PORT="lots")
    code, _, err = run(capsys, "ask", "When?")
    assert code == 2
    assert err == "error: CICA_PORT ('lots') must be a whole number; unset it to use the default\n"


def test_a_usage_error_names_the_command_and_exits_2(env, capsys):
    code, _, err = run(capsys, "ask", "--bogus", "When?")
    assert code == 2 and "No such option: --bogus" in err and "cica-qa ask" in err
    code, out, _ = run(capsys, "--help")
    assert code == 0 and all(c in out for c in ("ask", "ingest", "serve", "eval", "user"))


@pytest.mark.slow  # the dry run still chunks, with the model's tokenizer
def test_ingest_dry_run_and_json(env, capsys, tmp_path):
    code, out, err = run(capsys, "ingest", "--dry-run", "--json")
    assert code == 0, err
    data = json.loads(out)
    assert data["dry_run"] is True and data["documents"] == 2
    assert data["changes"]["added"] == ["bodies.md", "milestones.txt"]
    assert not (tmp_path / "index" / "manifest.json").exists()


def test_feedback_prints_the_summary(env, capsys, tmp_path):
    update_feedback(tmp_path / "feedback.jsonl", entry("down", comment="wrong"))
    code, out, _ = run(capsys, "feedback")
    assert code == 0 and out.startswith("1 answer rated: 0 up, 1 down")
    assert "Comment: wrong" in out


def test_feedback_file_option_overrides_the_setting(env, capsys, tmp_path):
    chosen = tmp_path / "other.jsonl"
    update_feedback(chosen, entry("up"))
    code, out, _ = run(capsys, "feedback", "--json", "--file", str(chosen))
    printed = json.loads(out)
    assert code == 0 and printed["file"] == str(chosen)
    assert (printed["total"], printed["up"], printed["down"]) == (1, 1, 0)
    assert printed["thumbs_down"] == [] and printed["bad_lines"] == []


def test_feedback_on_a_missing_log(env, capsys, tmp_path):
    code, out, _ = run(capsys, "feedback")
    assert (code, out.strip()) == (0, f"no feedback yet at {tmp_path / 'feedback.jsonl'}")


def test_user_add_asks_twice_and_never_prints_the_password(env, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Lines(PASSWORD, PASSWORD))
    code, out, err = run(capsys, "user", "add", "ada", "--admin")
    assert code == 0, err
    users = load_users(tmp_path / "users.json")
    assert users.verify("ada", PASSWORD) and users.is_admin("ada")
    assert f"added user ada (admin) in {tmp_path / 'users.json'}" in out
    assert PASSWORD not in out + err


def test_user_add_with_a_mismatch_changes_nothing(env, capsys, tmp_path, monkeypatch):
    monkeypatch.setattr("sys.stdin", _Lines(PASSWORD, PASSWORD + "x"))
    code, _, err = run(capsys, "user", "add", "ada")
    assert code == 2 and "the passwords do not match; nothing changed" in err
    assert not (tmp_path / "users.json").exists()


def test_user_add_reads_stdin_and_says_updated_the_second_time(env, capsys, monkeypatch):
    for verb in ("added", "updated"):
        monkeypatch.setattr("sys.stdin", _Lines(PASSWORD))
        code, out, err = run(capsys, "user", "add", "ada", "--password-stdin")
        assert code == 0, err
        assert out.startswith(f"{verb} user ada in")


def test_user_list_and_remove(env, capsys, tmp_path, monkeypatch):
    assert "no users in" in run(capsys, "user", "list")[1]
    for name, flags in (("bob", ()), ("ada", ("--admin",))):
        monkeypatch.setattr("sys.stdin", _Lines(PASSWORD))
        assert run(capsys, "user", "add", name, "--password-stdin", *flags)[0] == 0
    assert run(capsys, "user", "list")[1].splitlines() == ["ada (admin)", "bob"]
    code, out, _ = run(capsys, "user", "remove", "ada")
    assert code == 0 and f"removed user ada from {tmp_path / 'users.json'}" in out
    assert run(capsys, "user", "remove", "ada")[2].startswith("error: there is no user 'ada'")


def test_user_changes_are_audited_and_the_audit_log_printed_and_filtered(env, capsys, monkeypatch):
    import getpass

    from cica_qa.audit import AuditLog

    assert run(capsys, "audit")[1].startswith("no entries in ")
    for flags in ((), ("--admin",)):
        monkeypatch.setattr("sys.stdin", _Lines(PASSWORD))
        assert run(capsys, "user", "add", "ada", "--password-stdin", *flags)[0] == 0
    assert run(capsys, "user", "remove", "ada")[0] == 0
    log = AuditLog(Path(os.environ["CICA_AUDIT_LOG"]))
    log.record("login", "Ada", "10.0.0.7", "failed", "at the chat")
    code, out, _ = run(capsys, "audit")
    lines = out.splitlines()
    assert code == 0 and len(lines) == 4
    me = getpass.getuser()
    assert f"user-add     done       {me} from local  added user ada" in lines[0]
    assert "user-update" in lines[1] and "updated user ada (admin)" in lines[1]
    assert "user-remove" in lines[2]
    assert lines[3].endswith("login        failed     Ada from 10.0.0.7  at the chat")
    out = run(capsys, "audit", "--user", "ada", "--outcome", "failed", "--json")[1]
    assert [json.loads(line)["address"] for line in out.splitlines()] == ["10.0.0.7"]
    out = run(capsys, "audit", "--action", "user-add", "--action", "user-remove")[1]
    assert len(out.splitlines()) == 2
    assert run(capsys, "audit", "--since", "2999-01-01")[1].startswith("no entries in ")


def test_a_bad_user_name_is_refused_before_any_prompt(env, capsys):
    code, _, err = run(capsys, "user", "add", "zoë")
    assert code == 2 and "must be 1 to 64 letters" in err


def entry(verdict: str, **fields: str) -> FeedbackEntry:
    from cica_qa.answering.answer import Answer

    return FeedbackEntry.from_answer(Answer("q", "a [1]", False), verdict, **fields)


class _Lines:
    """A stdin holding these lines (what a user types at the prompts, or pipes in)."""

    def __init__(self, *lines: str) -> None:
        import io

        self._stream = io.StringIO("".join(f"{line}\n" for line in lines))

    def readline(self) -> str:
        return self._stream.readline()

    def read(self, size: int = -1) -> str:
        return self._stream.read(size)

    def isatty(self) -> bool:
        return False


_TOKENS = st.one_of(
    st.sampled_from(
        [
            "audit",
            "feedback",
            "user",
            "list",
            "remove",
            "--user",
            "--json",
            "--since",
            "--action",
            "--outcome",
            "--file",
            "--help",
            "-x",
            "--",
            "ask",
            "--bogus",
        ]
    ),
    st.text(max_size=12),
)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(_TOKENS, max_size=6))
def test_any_arguments_exit_cleanly_with_a_line_not_a_traceback(env, capsys, argv):
    if argv[:1] == ["ask"] and len(argv) > 1 and "--help" not in argv:
        argv = ["ask", "\u200b\udce9"]  # a question that loads nothing: refused at once
    try:
        code = main(argv)
    except SystemExit as exit_:  # --help and usage errors exit through click
        code = exit_.code
    _, err = capsys.readouterr()
    assert code in (0, 1, 2), (argv, code, err)
    assert "Traceback" not in err


def test_the_command_exits_with_mains_code(tmp_path):
    """`python -m cica_qa` (as the `cica-qa` script) ends with main's exit code and its
    one-line error, through the entry that skips the last garbage collection."""
    import subprocess
    import sys

    environment = {**os.environ, "CICA_INDEX_DIR": str(tmp_path / "none")}
    done = subprocess.run(
        [sys.executable, "-m", "cica_qa", "ask", "   "],
        capture_output=True,
        text=True,
        env=environment,
    )
    assert done.returncode == 2
    assert done.stderr.startswith("error: "), done.stderr
    assert "Traceback" not in done.stderr


def test_asking_in_process_leaves_collections_on(env, capsys, tiny_index, question_encoder):
    import gc

    env(CICA_INDEX_DIR=tiny_index, CICA_MODEL_DIR=question_encoder.folder)
    code, out, _ = run(capsys, "ask", "When was the Lantern Charter adopted?")
    assert code == 0 and "1987" in out
    assert gc.isenabled()
