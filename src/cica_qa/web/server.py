"""The HTTP server: the Gradio chat at `/` and the JSON API at `POST /api/ask`, behind the
same logins when the users file holds any (HTTP Basic for the API, Gradio's login for the
chat); and `serve`, which checks, ingests if needed, and serves until interrupted."""

from __future__ import annotations

import sys
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cica_qa.answering.answer import Answer
from cica_qa.answering.assistant import Assistant
from cica_qa.embedder import Embedder
from cica_qa.errors import CicaError
from cica_qa.settings import Settings
from cica_qa.web.exposure import check_exposure
from cica_qa.web.users import Users, load_users

REPORT_PATH = Path("evals/reports/brochure/latest.html")  # the suite of the served corpus


def create_app(
    assistant: Assistant,
    corpus_dir: Path,
    feedback_log: Path,
    users: Users | None = None,
    reingest: Any = None,
    report_path: Path = REPORT_PATH,
) -> Any:
    """The FastAPI app: `POST /api/ask` and the chat mounted at `/`."""
    import gradio as gr
    from fastapi import FastAPI

    from cica_qa.web.api import install_api
    from cica_qa.web.chat import CSS, Feedback, Maintainer, build_app
    from cica_qa.web.feedback import FeedbackEntry, append_feedback

    users = users or Users()
    lock = threading.Lock()

    def record(answer: Answer, verdict: str, comment: str, user: str) -> None:
        entry = FeedbackEntry.from_answer(answer, verdict, comment, user)
        with lock:
            append_feedback(feedback_log, entry)

    api = FastAPI(title="CICA Q&A")
    install_api(api, assistant, users)
    maintainer = Maintainer(users.is_admin, reingest, report_path) if users and reingest else None
    blocks = build_app(assistant, corpus_dir, Feedback(record), maintainer)
    return gr.mount_gradio_app(
        api,
        blocks,
        path="/",
        auth=users.verify if users else None,
        auth_message="CICA Q&A: log in with your user name and password." if users else None,
        footer_links=[],
        css=CSS,
    )


def serve(settings: Settings, ingest_if_stale: bool = True) -> int:
    """Refuse an exposed address without logins, ingest if the index is missing or stale,
    then serve the chat until interrupted."""
    from cica_qa.embedder import MiniLMEmbedder

    users = load_users(settings.users_file)
    # before anything slow is loaded
    check_exposure(settings.host, bool(users), settings.users_file)
    embedder = MiniLMEmbedder()
    if ingest_if_stale:
        _ingest_if_stale(settings, embedder)
    assistant = Assistant.from_settings(settings, embedder)
    app = create_app(
        assistant,
        settings.corpus_dir,
        settings.feedback_log,
        users,
        lambda: _ingest(settings, embedder).line(),
    )
    return _run(app, settings, users)


def _ingest_if_stale(settings: Settings, embedder: Embedder) -> None:
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import index_is_stale

    if index_is_stale(IngestConfig.from_settings(settings), embedder.model_id):
        sys.stderr.write(f"index missing or stale: ingesting {settings.corpus_dir} first\n")
        print(_ingest(settings, embedder).line(), flush=True)


def _ingest(settings: Settings, embedder: Embedder) -> Any:
    """Run the ingest the settings describe; report skipped files and warnings on stderr."""
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import run_ingest

    summary = run_ingest(IngestConfig.from_settings(settings), embedder, show_progress=True)
    sys.stderr.writelines(f"warning: {line}\n" for line in summary.warning_lines())
    return summary


def _run(app: Any, settings: Settings, users: Users) -> int:
    import uvicorn

    print(
        f"CICA Q&A: serving http://{settings.host}:{settings.port} "
        f"({'logins from ' + str(settings.users_file) if users else 'no logins'}); "
        f"started {datetime.now(UTC).isoformat(timespec='seconds')}",
        flush=True,
    )
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning")
    server = uvicorn.Server(config)
    try:
        server.run()
    except OSError as error:
        raise CicaError(
            f"cannot serve on {settings.host}:{settings.port} ({error}): "
            "stop what uses that port or set CICA_PORT"
        ) from None
    if not server.started:
        raise CicaError(
            f"cannot serve on {settings.host}:{settings.port}: the port is taken or the address "
            "is not this machine's; stop what uses it or set CICA_PORT / CICA_HOST"
        )
    return 0


def main() -> None:
    """`python app.py`: serve with settings from the environment, errors as one line."""
    try:
        sys.exit(serve(Settings.from_env()))
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
