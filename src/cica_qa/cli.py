"""The `cica-qa` command (Typer): ask, ingest, serve, eval, feedback, user.

Each command builds the settings, hands plain values to the library, and turns a CicaError
into one line on stderr and exit code 2. Heavy libraries load inside the commands that need
them, so `cica-qa --help` and a bad setting answer at once.
"""

from __future__ import annotations

import gc
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, NoReturn

import click
import typer

from cica_qa.collector import collections_paused
from cica_qa.errors import CicaError
from cica_qa.settings import Settings

if TYPE_CHECKING:
    from cica_qa.answering.answer import Answer

app = typer.Typer(
    name="cica-qa",
    help="Cited answers from CICA's own documents, offline.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
users_app = typer.Typer(help="Add, remove or list the chat's users.", no_args_is_help=True)
app.add_typer(users_app, name="user")


def run() -> NoReturn:
    """The `cica-qa` command: main's exit code, ending without a last garbage collection
    over every object the libraries loaded (about 0.4 s of a cold `ask` here); objects are
    still finalised and exit handlers still run."""
    code = main()
    gc.freeze()
    sys.exit(code)


def main(argv: list[str] | None = None) -> int:
    """Run one command and return its exit code: 2 for a CicaError (one line on stderr) or a
    usage error (Typer's message), 1 when an eval misses a gate."""
    try:
        app(args=argv, prog_name="cica-qa")
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except SystemExit as done:  # Typer ends every run this way
        return done.code if isinstance(done.code, int) else (0 if done.code is None else 1)


@app.command()
def ask(
    question: Annotated[str, typer.Argument(metavar="QUESTION", help="The question, in quotes.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the answer as JSON.")] = False,
) -> None:
    """Answer one question with numbered sources."""
    # one question's loading and answering: no collection walks what the libraries load
    # (about 0.2 s of a cold ask here, with the same peak memory)
    with collections_paused():
        answer = _answer(question)
    if as_json:
        from cica_qa.web.schema import AnswerJSON

        print(AnswerJSON.of(answer).model_dump_json(indent=2))
    else:
        print(format_answer(answer))


def _answer(question: str) -> Answer:
    from cica_qa.answering.assistant import Assistant
    from cica_qa.answering.question import check_question
    from cica_qa.embedder import OnnxEmbedder

    settings = Settings.from_env()
    check_question(question, settings.max_question_chars)  # fail before loading anything
    encoder = OnnxEmbedder(settings.model_dir, on_export=_tell)
    return Assistant.from_settings(settings, encoder).ask(question)


def _tell(message: str) -> None:
    """A note on stderr (stdout keeps the answer or the JSON)."""
    sys.stderr.write(f"{message}\n")


def format_answer(answer: Answer) -> str:
    """The answer and its numbered sources (or, abstaining, the closest passages)."""
    lines = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines += [f"(understood as: {answer.standalone_question})"]
    lines.append(answer.text)
    if answer.earlier:
        lines.append(answer.earlier)
    if answer.notice:
        lines.append(f"(note: {answer.notice})")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            passage = " ".join(c.text.split())
            lines.append(f"[{c.number}] {c.where} · {c.when} (score {c.score:.2f})\n    {passage}")
    elif answer.related:
        lines += ["", "Closest passages (they do not answer it):"]
        for c in answer.related:
            lines.append(
                f"- {c.where} · {c.when} (score {c.score:.2f})\n    {' '.join(c.text.split())}"
            )
    return "\n".join(lines)


@app.command()
def ingest(
    quiet: Annotated[bool, typer.Option("--quiet", help="No progress bar.")] = False,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan, change nothing.")
    ] = False,
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
) -> None:
    """Build or refresh the index from the corpus folder."""
    from cica_qa.answering.wordlists import word_table
    from cica_qa.embedder import MiniLMEmbedder
    from cica_qa.embedder.export import export_encoder, exported
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import run_ingest

    settings = Settings.from_env()
    config = IngestConfig.from_settings(settings)
    summary = run_ingest(
        config, MiniLMEmbedder(), show_progress=not (quiet or as_json), dry_run=dry_run
    )
    if not dry_run and exported(settings.model_dir) is None:  # questions need it: made once
        _tell(f"exporting the question encoder to {settings.model_dir} (once, some seconds)")
        export_encoder(settings.model_dir)
    if not dry_run:  # and the table of English words questions are read with
        word_table(settings.model_dir)
    sys.stderr.writelines(f"warning: {line}\n" for line in summary.warning_lines())
    if as_json:
        from pydantic import TypeAdapter

        data = TypeAdapter(type(summary)).dump_python(summary, mode="json")
        data["chunks_per_second"] = round(summary.chunks_per_second, 1)
        print(json.dumps(data, ensure_ascii=False))
    else:
        print(summary.line())
        if summary.undated_line():
            print(summary.undated_line())
        for line in summary.disagreement_lines():
            print(line)


@app.command()
def serve(
    no_ingest: Annotated[
        bool, typer.Option("--no-ingest", help="Serve the index as it is.")
    ] = False,
) -> None:
    """Serve the web chat (ingests first if the index is missing or stale)."""
    from cica_qa.web.server import serve as serve_chat

    serve_chat(Settings.from_env(), ingest_if_stale=not no_ingest)


@app.command(name="eval")
def evaluate(
    suite: Annotated[
        str | None,
        typer.Option(help="Run only this suite of evals/suites.yaml (default: every suite)."),
    ] = None,
    file: Annotated[
        Path | None,
        typer.Option(help="Ask this eval YAML file over the configured index instead."),
    ] = None,
    reports: Annotated[Path, typer.Option(help="The report folder.")] = Path("evals/reports"),
    gate: Annotated[
        bool, typer.Option(help="Fail (exit 1) when a suite falls below its gate.")
    ] = False,
    min_accuracy: Annotated[
        float | None,
        typer.Option(metavar="FRACTION", help="Fail (exit 1) below this overall accuracy."),
    ] = None,
    min_abstention: Annotated[
        float | None,
        typer.Option(metavar="FRACTION", help="Fail when fewer unanswerable items abstain."),
    ] = None,
    compare: Annotated[
        Path | None,
        typer.Option(
            metavar="PREVIOUS.json", help="List items that went from pass to fail and back."
        ),
    ] = None,
    no_regressions: Annotated[
        bool, typer.Option(help="With --compare: fail when any item went from pass to fail.")
    ] = False,
    calibrate: Annotated[
        bool,
        typer.Option(
            help="Sweep the answer model's threshold over the items and print the "
            "CICA_MIN_SCORE that best separates them."
        ),
    ] = False,
    train: Annotated[
        bool,
        typer.Option(
            help="Gather every candidate answer of the suites' items (not held out) and fit "
            "the answer model on them: writes evals/training/ and the shipped model."
        ),
    ] = False,
    baselines: Annotated[
        bool, typer.Option(help="Also run dense-only and keyword-only retrieval.")
    ] = False,
    quiet: Annotated[bool, typer.Option(help="No progress bar.")] = False,
) -> None:
    """Run the eval suites (or one file): accuracy per category, JSON and HTML reports."""
    from cica_qa.evals.command import EvalOptions, run_eval

    options = EvalOptions(
        file=file,
        suite=suite,
        reports=reports,
        min_accuracy=min_accuracy,
        min_abstention=min_abstention,
        gate=gate,
        compare=compare,
        no_regressions=no_regressions,
        calibrate=calibrate,
        train=train,
        baselines=baselines,
        quiet=quiet,
    )
    code = run_eval(options, Settings.from_env())
    if code:
        raise typer.Exit(code)


@app.command()
def feedback(
    as_json: Annotated[bool, typer.Option("--json", help="Print the summary as JSON.")] = False,
    file: Annotated[
        Path | None,
        typer.Option(metavar="PATH", help="Feedback log to read (default: CICA_FEEDBACK_LOG)."),
    ] = None,
) -> None:
    """Summarise the chat's thumbs up/down feedback."""
    from cica_qa.web.feedback import SUMMARY, format_summary, read_feedback, summarize

    path = file if file is not None else Settings.from_env().feedback_log
    summary = summarize(read_feedback(path))
    if as_json:
        data = {"file": str(path), **SUMMARY.dump_python(summary, mode="json")}
        print(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        print(format_summary(summary, path))


@users_app.command("add")
def user_add(
    name: Annotated[str, typer.Argument(metavar="NAME", help="1-64 letters, digits, . _ - @")],
    admin: Annotated[bool, typer.Option("--admin", help="Give the user the admin role.")] = False,
    password_stdin: Annotated[
        bool,
        typer.Option(
            "--password-stdin", help="Read the password from one line of stdin, not a prompt."
        ),
    ] = False,
) -> None:
    """Add a user, or set a new password and role."""
    from cica_qa.web.users import UsersFileError, add_user, check_name, check_password, load_users

    settings = Settings.from_env()
    users_file = settings.users_file
    name = name.strip()
    check_name(name)
    existed = name in load_users(users_file)  # a malformed file fails before any prompt
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        check_password(password)
    else:
        password = click.prompt(f"Password for {name}", hide_input=True, prompt_suffix=": ")
        check_password(password)
        if click.prompt("Repeat the password", hide_input=True, prompt_suffix=": ") != password:
            raise UsersFileError("the passwords do not match; nothing changed")
    add_user(users_file, name, password, admin=admin)
    done = "updated" if existed else "added"
    _audit(
        settings,
        f"user-{'update' if existed else 'add'}",
        f"{done} user {name}" + " (admin)" * admin,
    )
    print(f"{done} user {name}{' (admin)' * admin} in {users_file}")


@users_app.command("remove")
def user_remove(name: Annotated[str, typer.Argument(help="The user to remove.")]) -> None:
    """Remove a user."""
    from cica_qa.web.users import remove_user

    settings = Settings.from_env()
    remove_user(settings.users_file, name)
    _audit(settings, "user-remove", f"removed user {name}")
    print(f"removed user {name} from {settings.users_file}")


def _audit(settings: Settings, action: str, detail: str) -> None:
    """An admin action taken on this machine, in the audit log (who: the account running it)."""
    import getpass

    from cica_qa.audit import AuditLog

    AuditLog(settings.audit_log).record(action, getpass.getuser(), "local", "done", detail)


@app.command()
def audit(
    user: Annotated[str, typer.Option(help="Only this user's entries (any case).")] = "",
    action: Annotated[
        list[str] | None,
        typer.Option(help="Only these actions: login, reingest, user-add, user-update, …"),
    ] = None,
    outcome: Annotated[str, typer.Option(help="Only this outcome: ok, failed, throttled, …")] = "",
    since: Annotated[
        str, typer.Option(help="Only entries from this ISO date or time on (2026-12-01).")
    ] = "",
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON lines.")] = False,
) -> None:
    """Print the audit log (logins, failed logins, admin actions), oldest first."""
    from dataclasses import asdict

    from cica_qa.audit import read_audit, select

    path = Settings.from_env().audit_log
    entries = select(read_audit(path), user, action or (), outcome, since)
    if not entries and not as_json:
        print(f"no entries in {path}{' match' if user or action or outcome or since else ''}")
    for entry in entries:
        print(json.dumps(asdict(entry), ensure_ascii=False) if as_json else entry.line())


@users_app.command("list")
def user_list() -> None:
    """List the users, marking admins."""
    from cica_qa.web.users import load_users

    users_file = Settings.from_env().users_file
    users = load_users(users_file)
    if not users:
        print(f"no users in {users_file}: add one with `cica-qa user add NAME`")
    for name in users.names:
        print(f"{name} (admin)" if users.is_admin(name) else name)
