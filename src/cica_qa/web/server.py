"""The HTTP server: the Gradio chat at `/` and the JSON API at `POST /api/ask`, behind the
same logins when a users file holds any (HTTP Basic for the API, Gradio's login for the chat).
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse

from cica_qa.answering.assistant import Assistant
from cica_qa.errors import CicaError
from cica_qa.settings import Settings

MAX_BODY_BYTES = 64 * 1024


def basic_credentials(header: str | None) -> tuple[str, str] | None:
    """(user, password) from an 'Authorization: Basic …' header, or None."""
    if not header or not header.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(header[6:].strip(), validate=True).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return None
    user, sep, password = decoded.partition(":")
    return (user, password) if sep else None


def create_app(
    assistant: Assistant,
    corpus_dir: Path,
    feedback_log: Path,
    users: Any = None,
    reingest: Any = None,
    report_path: Path = Path("evals/reports/latest.html"),
) -> Any:
    """The FastAPI app: `POST /api/ask` and the chat mounted at `/`."""
    import gradio as gr
    from fastapi import FastAPI

    from cica_qa.web.chat import CSS, Feedback, Maintainer, build_app
    from cica_qa.web.feedback import FeedbackEntry, append_feedback

    lock = threading.Lock()

    def record(answer: Any, verdict: str, comment: str, user: str) -> None:
        entry = FeedbackEntry.from_answer(answer, verdict, comment, user)
        with lock:
            append_feedback(feedback_log, entry)

    api = FastAPI(title="CICA Q&A")
    logins = users is not None and bool(users)

    @api.post("/api/ask")
    async def ask(request: Request) -> JSONResponse:
        if logins:
            credentials = basic_credentials(request.headers.get("authorization"))
            if credentials is None or not users.verify(*credentials):
                return JSONResponse(
                    {"error": "log in with HTTP Basic (a user from `cica-qa user add NAME`)"},
                    status_code=401,
                    headers={"WWW-Authenticate": 'Basic realm="CICA Q&A"'},
                )
        declared = request.headers.get("content-length", "0")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            return _error(f"the request body is over {MAX_BODY_BYTES // 1024} KiB", 413)
        body = await request.body()
        if len(body) > MAX_BODY_BYTES:
            return _error(f"the request body is over {MAX_BODY_BYTES // 1024} KiB", 413)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError):
            return _error('send JSON: {"question": "...", "history": [...]}', 400)
        if not isinstance(data, dict) or not isinstance(data.get("question"), str):
            return _error('"question" must be a string: {"question": "...", "history": []}', 400)
        history = data.get("history") or []
        if not isinstance(history, list) or not all(
            isinstance(t, dict)
            and t.get("role") in ("user", "assistant")
            and isinstance(t.get("content"), str)
            for t in history
        ):
            return _error(
                '"history" must be a list of {"role": "user"|"assistant", "content": "..."}', 400
            )
        try:
            answer = await _in_thread(assistant.ask, data["question"], history)
        except CicaError as error:
            return _error(str(error), 400)
        return JSONResponse(answer.to_json())

    maintainer = (
        Maintainer(users.is_admin, reingest, report_path)
        if logins and reingest is not None
        else None
    )
    blocks = build_app(assistant, corpus_dir, Feedback(record), maintainer)
    auth = (lambda user, password: users.verify(user, password)) if logins else None
    return gr.mount_gradio_app(
        api,
        blocks,
        path="/",
        auth=auth,
        auth_message="CICA Q&A: log in with your user name and password." if logins else None,
        footer_links=[],
        css=CSS,
    )


def _error(message: str, status: int) -> Any:
    return JSONResponse({"error": message}, status_code=status)


async def _in_thread(function: Any, *args: Any) -> Any:
    import anyio

    return await anyio.to_thread.run_sync(lambda: function(*args))


def run_server(settings: Settings, assistant: Assistant, embedder: Any = None) -> int:
    """Serve until interrupted; refuse a non-loopback address without logins."""
    import uvicorn

    from cica_qa.web.users import check_exposure, load_users

    users = load_users(settings.users_file)
    check_exposure(settings.host, users, settings.users_file)

    def reingest() -> str:
        from cica_qa.ingest.cli import ingest_with_settings

        return ingest_with_settings(settings, embedder).line()

    app = create_app(
        assistant,
        settings.corpus_dir,
        settings.feedback_log,
        users,
        reingest if embedder is not None else None,
    )
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


class BackgroundServer:
    """The app served by uvicorn in a thread (tests and tools): start(), then stop()."""

    def __init__(self, app: Any, host: str, port: int) -> None:
        import uvicorn

        self.url = f"http://{host}:{port}"
        self._server = uvicorn.Server(
            uvicorn.Config(app, host=host, port=port, log_level="warning")
        )
        self._thread = threading.Thread(target=self._server.run, daemon=True)

    def start(self, timeout: float = 60.0) -> BackgroundServer:
        """Start serving and wait until it accepts requests."""
        import time

        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if time.monotonic() > deadline or not self._thread.is_alive():
                raise RuntimeError(f"the server at {self.url} did not start")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        """Stop serving and wait for the thread."""
        self._server.should_exit = True
        self._thread.join(timeout=30)
