"""The HTTP server: the Gradio chat at `/` and the JSON API at `POST /api/ask`, behind the
same logins when the users file holds any (HTTP Basic for the API, Gradio's login for the
chat); and `serve`, which checks, ingests if needed, and serves until interrupted."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from cica_qa.answering.answer import Answer
from cica_qa.answering.assistant import Assistant
from cica_qa.audit import AuditLog
from cica_qa.embedder import Embedder
from cica_qa.errors import CicaError
from cica_qa.settings import Settings
from cica_qa.web.conversations import Conversations
from cica_qa.web.exposure import check_exposure
from cica_qa.web.guard import LOOPBACK_NAMES, allowed_hosts, guard
from cica_qa.web.sessions import LoginSessions
from cica_qa.web.users import Users, load_users

REPORT_PATH = Path("evals/reports/brochure/latest.html")  # the suite of the served corpus
SHUTDOWN_SECONDS = 5  # on a stop, how long requests in flight may take before connections close


def create_app(
    assistant: Assistant,
    corpus_dir: Path,
    feedback_log: Path,
    users: Users | None = None,
    reingest: Any = None,
    report_path: Path = REPORT_PATH,
    users_file: Path | None = None,
    allowed_hosts: Sequence[str] = LOOPBACK_NAMES,
    audit: AuditLog | None = None,
    conversations: Conversations | None = None,
    trash_dir: Path | None = None,
    preview: Callable[[], str] | None = None,
    session_idle: timedelta = timedelta(hours=12),
    run_eval: Callable[[], str] | None = None,
) -> Any:
    """The FastAPI app: `POST /api/ask` and the chat mounted at `/`, answering to the Host
    names allowed (guard.py); with `users_file`, the logins follow that file while the app
    runs (logins.py); with `audit`, logins and re-ingests are written to the audit log; with
    `conversations`, every answer is saved there and has a permalink; with `trash_dir`,
    admins add, delete and restore documents of the corpus folder from the browser, and with
    `preview` see what a re-ingest would change before running it. With `conversations` and
    logins, chat logins are kept there too (they outlive a restart) and end after
    `session_idle` unused. With `run_eval`, admins run the served corpus's eval suite."""
    import gradio as gr
    from fastapi import FastAPI, HTTPException

    from cica_qa.web.api import basic_credentials, install_api
    from cica_qa.web.chat import CSS, MARKER_CLICKS, Feedback, Maintainer, build_app, theme
    from cica_qa.web.conversations import Saving
    from cica_qa.web.documents import CorpusFolder
    from cica_qa.web.feedback import FeedbackEntry, FeedbackRecorder
    from cica_qa.web.health import Metrics, Observed, count_requests, install_health
    from cica_qa.web.logins import (
        LiveUsers,
        Throttle,
        TooManyFailures,
        check_login,
        ended_sessions,
        remember_client,
        titled_page,
    )
    from cica_qa.web.maintain import install_documents
    from cica_qa.web.permalink import install_permalinks

    metrics = Metrics()
    observed: Any = Observed(assistant, metrics)  # answers and errors counted
    live = LiveUsers(users or Users(), users_file)
    throttle = Throttle()  # one count of failures for both doors
    api_heard, chat_heard = (_login_listener(metrics, audit, door) for door in ("api", "chat"))
    check = check_login(live, throttle, api_heard) if live else None
    chat_check = check_login(live, throttle, chat_heard)

    async def chat_login(name: str, password: str) -> bool:
        try:
            return await chat_check(name, password)
        except TooManyFailures as error:
            raise HTTPException(429, str(error), {"Retry-After": str(error.seconds)}) from None

    ratings = FeedbackRecorder(feedback_log)

    def record(answer: Answer, verdict: str, comment: str, user: str) -> None:
        if ratings.record(FeedbackEntry.from_answer(answer, verdict, comment, user)):
            metrics.feedback.labels(verdict).inc()

    async def admin_login(request: Any) -> bool:
        given = await basic_credentials(request)
        if given is None or check is None:
            return False
        try:
            return await check(*given) and live.is_admin(given[0])
        except TooManyFailures:
            return False

    api = FastAPI(title="CICA Q&A", docs_url=None, redoc_url=None, openapi_url=None)
    install_health(api, assistant, metrics, admin_login if live else None)
    saving = Saving(conversations, _shas(assistant)) if conversations is not None else None
    install_api(api, observed, check, saving)
    chat_users: dict[str, Any] = {}  # the chat's logins, once the chat is mounted below

    async def viewer(request: Any) -> str | None:
        """Who opens a permalink: a chat login (its cookie) or HTTP Basic; None: no one.
        A change (not a GET) rides on the cookie only from the app's own pages: the login
        cookie is sent with other sites' requests too."""
        if not live:
            return ""
        user = _chat_user(chat_users["app"], request)
        if user is not None and request.method not in ("GET", "HEAD") and not _same_origin(request):
            user = None
        given = await basic_credentials(request) if user is None else None
        if given is not None and check is not None:
            try:
                user = given[0] if await check(*given) else None
            except TooManyFailures:
                user = None
        return user

    if conversations is not None:
        install_permalinks(api, conversations, _shas(assistant), viewer)

    async def admin_of(request: Any) -> str | None:
        """The admin user a request comes from, or None."""
        user = await viewer(request) if live else None
        return user if user and live.is_admin(user) else None

    folder = CorpusFolder(corpus_dir, trash_dir) if trash_dir is not None else None
    if folder is not None:
        install_documents(api, folder, admin_of, _document_listener(audit))
    maintainer = (
        Maintainer(
            live.is_admin,
            _audited(metrics.timed_ingest(reingest), audit),
            report_path,
            folder,
            preview,
            _document_listener(audit),
            _audited(run_eval, audit, "eval") if run_eval is not None else None,
        )
        if live and reingest
        else None
    )
    blocks = build_app(observed, corpus_dir, Feedback(record), maintainer, saving)
    app = gr.mount_gradio_app(
        api,
        blocks,
        path="/",
        auth=chat_login if live else None,
        auth_message="CICA Q&A: log in with your user name and password." if live else None,
        footer_links=[],
        css=CSS,
        theme=theme(),
        head=MARKER_CLICKS,
        show_error=False,  # an internal error's text stays in the server's log
    )
    app.add_middleware(remember_client, users=live)
    app.add_middleware(titled_page, title="CICA Q&A")
    app.add_middleware(count_requests, metrics=metrics)
    guard(app, allowed_hosts)
    chat_users["app"] = _mounted(app)
    if conversations is not None and live:
        chat = _mounted(app)
        chat.tokens = LoginSessions(conversations, session_idle)
        # the login cookie's name, random per start in Gradio, is kept too: after a restart
        # browsers still send the cookie the server looks for
        chat.cookie_id = conversations.secret("login-cookie")[:32]
    sessions = _gradio_tokens(app)  # chat logins of users removed or given a new password end
    live.on_change = lambda before, after: _end_sessions(sessions, ended_sessions(before, after))
    return app


def _shas(assistant: Assistant) -> Callable[[], dict[str, str]]:
    """The sha256 of each document of the index answers come from now (made once per
    index: every answer saved asks for them)."""
    made: dict[str, Any] = {"manifest": None, "shas": {}}

    def shas() -> dict[str, str]:
        manifest = assistant.state.manifest
        if made["manifest"] is not manifest:
            made["shas"] = {name: e.sha256 for name, e in manifest.documents.items()}
            made["manifest"] = manifest
        return made["shas"]

    return shas


def _login_listener(metrics: Any, audit: AuditLog | None, door: str) -> Callable[..., None]:
    """What is done with a login attempt at a door ("api", "chat"): a failure counted and
    audited, and a chat login that succeeds audited (an API call's login is every request's)."""

    def heard(name: str, address: str, outcome: str) -> None:
        if outcome != "ok":
            metrics.failed_logins.inc()
        if audit is not None and (outcome != "ok" or door == "chat"):
            audit.record("login", name, address, outcome, f"at the {door}")

    return heard


def _document_listener(audit: AuditLog | None) -> Callable[[str, str, str, str], None]:
    """What is done with a maintainer's change to the documents: audited."""

    def heard(user: str, address: str, action: str, what: str) -> None:
        if audit is not None:
            audit.record(action, user, address, "done", what)

    return heard


def _audited(
    work: Callable[[], str], audit: AuditLog | None, action: str = "reingest"
) -> Callable[[str, str], str]:
    """Work the Maintainer tab runs for (user, client address) (a re-ingest, the eval),
    audited."""

    def run(user: str, address: str) -> str:
        try:
            line = work()
        except Exception as error:
            if audit is not None:
                audit.record(action, user, address, "failed", str(error))
            raise
        if audit is not None:
            audit.record(action, user, address, "done", line)
        return line

    return run


def _mounted(app: Any) -> Any:
    """The Gradio app mounted at '/'."""
    from starlette.routing import Mount

    return next(r.app for r in app.routes if isinstance(r, Mount) and r.path == "")


def _gradio_tokens(app: Any) -> dict[str, str]:
    """Gradio's table of chat login tokens (token -> user name) in the app mounted at '/'."""
    return _mounted(app).tokens


def _same_origin(request: Any) -> bool:
    """Whether a browser sent the request from one of the app's own pages (its Origin is
    the app's host, or the browser says so)."""
    from urllib.parse import urlsplit

    origin = request.headers.get("origin")
    if origin:
        return urlsplit(origin).netloc == request.headers.get("host", "")
    return request.headers.get("sec-fetch-site") == "same-origin"


def _chat_user(chat: Any, request: Any) -> str | None:
    """The user a request's chat login cookie belongs to, or None."""
    cookies = request.cookies
    token = cookies.get(f"access-token-{chat.cookie_id}") or cookies.get(
        f"access-token-unsecure-{chat.cookie_id}"
    )
    return chat.tokens.get(token) if token else None


def _end_sessions(tokens: dict[str, str], names: set[str]) -> None:
    """Forget the chat logins of these (case-folded) user names: their next request must
    log in again."""
    if isinstance(tokens, LoginSessions):  # also those kept in the database
        tokens.forget_users(names)
        return
    for token, name in list(tokens.items()):
        if name.casefold() in names:
            tokens.pop(token, None)


def serve(settings: Settings, ingest_if_stale: bool = True) -> int:
    """Refuse an exposed address without logins, ingest if the index is missing or stale,
    then serve the chat until interrupted."""
    from cica_qa.embedder import MiniLMEmbedder, OnnxEmbedder

    users = load_users(settings.users_file)
    # before anything slow is loaded
    check_exposure(settings.host, bool(users), settings.users_file)
    check_port(settings.host, settings.port)
    conversations = Conversations(settings.conversations_db)
    embedder = MiniLMEmbedder()  # what ingests (torch loads only if something is embedded)
    if ingest_if_stale:
        _ingest_if_stale(settings, embedder)
    encoder = OnnxEmbedder(settings.model_dir, on_export=_tell)  # what encodes questions
    assistant = Assistant.from_settings(settings, encoder)
    sys.stderr.write("loading the index and the models before serving…\n")
    _warm_up(assistant)
    suite = served_suite(settings.corpus_dir)
    app = create_app(
        assistant,
        settings.corpus_dir,
        settings.feedback_log,
        users,
        lambda: _ingest(settings, embedder).line(),
        Path("evals/reports") / suite / "latest.html" if suite else REPORT_PATH,
        users_file=settings.users_file,
        allowed_hosts=allowed_hosts(settings.host, settings.allowed_hosts),
        audit=AuditLog(settings.audit_log),
        conversations=conversations,
        trash_dir=settings.index_dir.parent / "trash",
        preview=lambda: _preview(settings, embedder),
        session_idle=timedelta(hours=settings.session_idle_hours),
        run_eval=(lambda: run_suite(suite)) if suite else None,
    )
    return _run(app, settings, users)


def _tell(message: str) -> None:
    sys.stderr.write(f"{message}\n")


def _warm_up(assistant: Assistant) -> None:
    """Answer one question before serving, so that the first user's answer is as quick as
    the next ones. An index that cannot answer (a damaged store) is still served: /readyz
    and every answer then say why, as they would if it broke later."""
    try:
        assistant.warm_up()
    except Exception as error:  # whatever stops answering is reported, not fatal here
        reason = str(error).splitlines()[0][:300] if str(error) else type(error).__name__
        sys.stderr.write(f"warning: the index does not answer yet ({reason}); /readyz says why\n")


def check_port(host: str, port: int) -> None:
    """Raise CicaError, before anything loads, when the address cannot be served on (the
    port taken, the address not this machine's): one line, not the web server's own error."""
    import socket

    try:
        family, kind, protocol, _, address = socket.getaddrinfo(
            host, port, type=socket.SOCK_STREAM
        )[0]
        with socket.socket(family, kind, protocol) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as uvicorn binds
            probe.bind(address)
    except OSError as error:
        raise CicaError(
            f"cannot serve on {host}:{port} ({error.strerror or error}): stop what uses that "
            "port, or set CICA_PORT (or CICA_HOST to an address of this machine)"
        ) from None


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


def served_suite(corpus_dir: Path) -> str:
    """The eval suite (evals/suites.yaml) asked over the served corpus folder, or ""."""
    from cica_qa.evals.suites import SUITES_FILE, load_suites

    if not SUITES_FILE.is_file():
        return ""
    try:
        suites = load_suites()
    except CicaError:
        return ""
    served = corpus_dir.resolve()
    return next((s.name for s in suites if s.corpus.resolve() == served), "")


EVAL_TIMEOUT_SECONDS = 3600


def run_suite(suite: str) -> str:
    """Run one eval suite in its own process (`cica-qa eval --suite`), as the command line
    would; its summary lines. CicaError with its last words when it fails."""
    import subprocess

    try:
        done = subprocess.run(
            [sys.executable, "-m", "cica_qa", "eval", "--suite", suite, "--quiet"],
            capture_output=True,
            text=True,
            timeout=EVAL_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError) as error:
        raise CicaError(f"the eval could not run: {error}") from None
    lines = done.stdout.strip().splitlines()
    if done.returncode != 0:
        why = (done.stderr.strip().splitlines() or ["no message"])[-1]
        raise CicaError(f"the eval of suite {suite} failed: {why}")
    kept = [line for line in lines if line.startswith(("overall", "report:", "since"))]
    return " · ".join(" ".join(line.split()) for line in kept) or "finished"


def _preview(settings: Settings, embedder: Embedder) -> str:
    """What a re-ingest would change (a dry run): the plan, and the documents it names."""
    from cica_qa.ingest.config import IngestConfig
    from cica_qa.ingest.pipeline import run_ingest

    config = IngestConfig.from_settings(settings)
    return preview_line(run_ingest(config, embedder, show_progress=False, dry_run=True))


def preview_line(summary: Any) -> str:
    """The dry run's plan, with the documents added, changed and removed named."""
    plan = summary.changes
    if plan is None:
        return summary.line()
    named = [
        f"{label}: {', '.join(names[:20])}{' …' if len(names) > 20 else ''}"
        for label, names in (
            ("added", plan.added),
            ("changed", plan.changed),
            ("removed", plan.removed),
        )
        if names
    ]
    skipped = [f"skipped {s.name}: {s.reason}" for s in summary.skipped]
    return "; ".join([plan.line(), *named, *skipped])


def _run(app: Any, settings: Settings, users: Users) -> int:
    import uvicorn

    print(
        f"CICA Q&A: serving http://{settings.host}:{settings.port} "
        f"({'logins from ' + str(settings.users_file) if users else 'no logins'}); "
        f"started {datetime.now(UTC).isoformat(timespec='seconds')}",
        flush=True,
    )
    # an open page holds a stream (Gradio's heartbeat) for as long as it is open: on a stop
    # (Ctrl-C, SIGTERM) requests get SHUTDOWN_SECONDS to finish, then connections are closed
    config = uvicorn.Config(
        app,
        host=settings.host,
        port=settings.port,
        log_level="warning",
        timeout_graceful_shutdown=SHUTDOWN_SECONDS,
    )
    logging.getLogger("uvicorn.error").addFilter(_StopReport())
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


class _StopReport(logging.Filter):
    """At a stop, the streams of pages still open are closed after SHUTDOWN_SECONDS: one
    warning line says so, instead of uvicorn's error and a traceback per stream."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, asyncio.CancelledError):
            return False
        if "timeout graceful shutdown exceeded" in record.getMessage():
            record.msg, record.args = "stopping: closed the connections of pages still open", ()
            record.levelno, record.levelname = logging.WARNING, "WARNING"
        return True


def main() -> None:
    """`python app.py`: serve with settings from the environment, errors as one line."""
    try:
        sys.exit(serve(Settings.from_env()))
    except CicaError as error:
        sys.stderr.write(f"error: {error}\n")
        sys.exit(2)
