"""The `cica-qa` command: ask, ingest, serve, eval."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from cica_qa.errors import CicaError
from cica_qa.types import Answer
from cica_qa.web.feedback import add_feedback_command, run_feedback
from cica_qa.web.users import add_user_command, run_user


def main(argv: list[str] | None = None) -> int:
    """Dispatch to a subcommand; a CicaError is one line on stderr and exit code 2."""
    parser = _parser()
    args, rest = parser.parse_known_args(argv)
    if args.command is None:
        parser.print_help()
        return 2
    commands: dict[str, Callable[[argparse.Namespace, list[str]], int]] = {
        "ask": _ask,
        "ingest": _ingest,
        "serve": _serve,
        "eval": _eval,
        "feedback": _feedback,
        "user": _user,
    }
    try:
        return commands[args.command](args, rest)
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("interrupted\n")
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cica-qa", description="Cited answers from CICA's own documents, offline."
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    ask = commands.add_parser("ask", help="answer one question with numbered sources")
    ask.add_argument("question", help="the question, in quotes")
    ask.add_argument("--json", action="store_true", help="print the answer as JSON")
    commands.add_parser("ingest", help="build or refresh the index from the corpus folder")
    serve = commands.add_parser("serve", help="serve the web chat (ingests first if stale)")
    serve.add_argument("--no-ingest", action="store_true", help="serve the index as it is")
    commands.add_parser("eval", help="run the eval set and print accuracy per category")
    add_feedback_command(commands)
    add_user_command(commands)
    return parser


def _feedback(args: argparse.Namespace, rest: list[str]) -> int:
    from cica_qa.settings import Settings

    _no_extra(rest)
    return run_feedback(args, Settings.from_env().feedback_log)


def _user(args: argparse.Namespace, rest: list[str]) -> int:
    from cica_qa.settings import Settings

    _no_extra(rest)
    return run_user(args, Settings.from_env().users_file)


def _ask(args: argparse.Namespace, rest: list[str]) -> int:
    _no_extra(rest)
    from cica_qa.answering.assistant import Assistant
    from cica_qa.answering.spans import check_question
    from cica_qa.settings import Settings

    settings = Settings.from_env()
    check_question(args.question, settings.max_question_chars)  # fail before loading anything
    answer = Assistant.from_settings(settings).ask(args.question)
    print(
        json.dumps(answer.to_json(), ensure_ascii=False, indent=2)
        if args.json
        else format_answer(answer)
    )
    return 0


def format_answer(answer: Answer) -> str:
    """The answer and its numbered sources (or, abstaining, the closest passages)."""
    lines = []
    if answer.standalone_question and answer.standalone_question != answer.question:
        lines += [f"(understood as: {answer.standalone_question})"]
    lines.append(answer.text)
    if answer.notice:
        lines.append(f"(note: {answer.notice})")
    if answer.citations:
        lines += ["", "Sources:"]
        for c in answer.citations:
            passage = " ".join(c.text.split())
            lines.append(f"[{c.number}] {c.where} (score {c.score:.2f})\n    {passage}")
    elif answer.related:
        lines += ["", "Closest passages (they do not answer it):"]
        for c in answer.related:
            lines.append(f"- {c.where} (score {c.score:.2f})\n    {' '.join(c.text.split())}")
    return "\n".join(lines)


def _ingest(args: argparse.Namespace, rest: list[str]) -> int:
    from cica_qa.ingest.cli import main as ingest_main

    return ingest_main(rest)


def _serve(args: argparse.Namespace, rest: list[str]) -> int:
    _no_extra(rest)
    from cica_qa.web.chat import serve

    return serve(ingest_if_stale=not args.no_ingest)


def _eval(args: argparse.Namespace, rest: list[str]) -> int:
    from cica_qa.evals.run import main as eval_main

    return eval_main(rest)


def _no_extra(rest: list[str]) -> None:
    if rest:
        raise CicaError(f"unexpected arguments {' '.join(rest)}: see `cica-qa --help`")
